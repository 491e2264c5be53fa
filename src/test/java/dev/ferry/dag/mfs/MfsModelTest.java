package dev.ferry.dag.mfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.EntryImport;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.ImportedEntry;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of MFS commands against a plain model of the tree (paths to file bytes or directories). After
 * every command the MFS lists and reads what the model holds, and its root is the CID that importing the model's
 * tree with {@code ipfs add -r}'s defaults gives; refused commands change nothing.
 */
class MfsModelTest {
    private static final byte[] DIR = new byte[0];
    private static final String[] NAMES = {"a", "b", "c", "dé"};

    private final MemoryBlockstore store = new MemoryBlockstore();
    private final Mfs mfs = new Mfs(MfsRootStore.inMemory());
    /** Path ("/x/y") to content; {@link #DIR} (by identity) for a directory. The root is implied. */
    private final TreeMap<String, byte[]> model = new TreeMap<>();
    private Random rnd;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void commandsAgreeWithTheModel(long seed) throws IOException {
        rnd = new Random(seed);
        int largest = 0;
        for (int step = 0; step < 120; step++) {
            String what = step(step);
            check(what + " (seed " + seed + ", step " + step + ")");
            largest = Math.max(largest, model.size());
        }
        assertThat(largest).as("the tree grew beyond a few entries").isGreaterThan(6);
    }

    /** Mostly a new name in a directory that exists; sometimes any path, whose parents may be missing. */
    private String randomPath() {
        if (rnd.nextInt(10) < 7) {
            List<String> dirs = new ArrayList<>(List.of("/"));
            model.forEach((k, v) -> {
                if (v == DIR) {
                    dirs.add(k);
                }
            });
            String dir = dirs.get(rnd.nextInt(dirs.size()));
            return (dir.equals("/") ? "" : dir) + "/" + NAMES[rnd.nextInt(NAMES.length)];
        }
        int depth = 1 + rnd.nextInt(3);
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            p.append('/').append(NAMES[rnd.nextInt(NAMES.length)]);
        }
        return p.toString();
    }

    private String existing() {
        if (model.isEmpty()) {
            return null;
        }
        List<String> keys = new ArrayList<>(model.keySet());
        return keys.get(rnd.nextInt(keys.size()));
    }

    private static String parent(String p) {
        int i = p.lastIndexOf('/');
        return i == 0 ? "/" : p.substring(0, i);
    }

    private boolean isDir(String p) {
        return p.equals("/") || model.get(p) == DIR;
    }

    private boolean exists(String p) {
        return p.equals("/") || model.containsKey(p);
    }

    private String step(int step) throws IOException {
        int op = rnd.nextInt(11);
        Cid before = mfs.root();
        String p = randomPath();
        switch (op) {
            case 0, 1 -> { // mkdir
                boolean valid = isDir(parent(p)) && !exists(p);
                if (valid) {
                    mfs.mkdir(store, p, false, null);
                    model.put(p, DIR);
                } else {
                    assertThatThrownBy(() -> mfs.mkdir(store, p, false, null)).isInstanceOf(MfsException.class);
                    assertThat(mfs.root()).isEqualTo(before);
                }
                return "mkdir " + p;
            }
            case 2, 3, 4, 8 -> { // write
                byte[] data = new byte[rnd.nextInt(20) == 0 ? rnd.nextInt(600_000) : rnd.nextInt(3_000)];
                rnd.nextBytes(data);
                byte[] old = model.get(p);
                boolean valid = isDir(parent(p)) && (old == null || old != DIR);
                long base = old == null ? 0 : old.length;
                long offset = rnd.nextInt(4) == 0 ? base + rnd.nextInt(1_000) : rnd.nextInt((int) base + 1);
                boolean truncate = rnd.nextInt(5) == 0;
                MfsWrite w = new MfsWrite(offset, true, false, truncate, -1, null, null);
                if (valid) {
                    mfs.write(store, p, new ByteArrayInputStream(data), w);
                    byte[] start = old == null || truncate ? new byte[0] : old;
                    byte[] next = Arrays.copyOf(start, (int) Math.max(start.length, offset + data.length));
                    System.arraycopy(data, 0, next, (int) offset, data.length);
                    model.put(p, next);
                } else {
                    assertThatThrownBy(() -> mfs.write(store, p, new ByteArrayInputStream(data), w))
                            .isInstanceOf(MfsException.class);
                    assertThat(mfs.root()).isEqualTo(before);
                }
                return "write " + p + " at " + offset + (truncate ? " truncating" : "");
            }
            case 5 -> { // rm -r of something there (or of something missing: refused)
                String target = rnd.nextInt(4) == 0 ? p : existing();
                if (target == null) {
                    return "nothing to remove";
                }
                if (exists(target)) {
                    mfs.remove(store, List.of(target), true, false);
                    model.keySet().removeIf(k -> k.equals(target) || k.startsWith(target + "/"));
                } else {
                    assertThatThrownBy(() -> mfs.remove(store, List.of(target), true, false))
                            .isInstanceOf(MfsException.class);
                    assertThat(mfs.root()).isEqualTo(before);
                }
                return "rm -r " + target;
            }
            case 6, 7 -> { // mv to a new name in an existing directory
                String source = existing();
                if (source == null) {
                    return "nothing to move";
                }
                boolean valid = isDir(parent(p)) && !exists(p) && !p.startsWith(source + "/");
                if (valid) {
                    mfs.move(store, source, p);
                    TreeMap<String, byte[]> moved = new TreeMap<>();
                    for (Map.Entry<String, byte[]> e : model.entrySet()) {
                        String k = e.getKey();
                        if (k.equals(source) || k.startsWith(source + "/")) {
                            moved.put(p + k.substring(source.length()), e.getValue());
                        } else {
                            moved.put(k, e.getValue());
                        }
                    }
                    model.clear();
                    model.putAll(moved);
                } else if (!isDir(parent(p)) && !p.startsWith(source + "/")) {
                    assertThatThrownBy(() -> mfs.move(store, source, p)).isInstanceOf(MfsException.class);
                    assertThat(mfs.root()).isEqualTo(before);
                }
                return "mv " + source + " " + p;
            }
            default -> { // cp of a file within the MFS
                String source = existing();
                if (source == null || model.get(source) == DIR) {
                    return "nothing to copy";
                }
                boolean valid = isDir(parent(p)) && !exists(p);
                Cid node = mfs.lookup(store, source);
                if (valid) {
                    mfs.copy(store, node, "x", p, false);
                    model.put(p, model.get(source));
                } else {
                    assertThatThrownBy(() -> mfs.copy(store, node, "x", p, false)).isInstanceOf(MfsException.class);
                    assertThat(mfs.root()).isEqualTo(before);
                }
                return "cp " + source + " " + p;
            }
        }
    }

    private void check(String after) throws IOException {
        for (Map.Entry<String, byte[]> e : model.entrySet()) {
            if (e.getValue() == DIR) {
                assertThat(mfs.stat(store, e.getKey()).type()).as(after).isEqualTo("directory");
            } else {
                try (InputStream in = mfs.read(store, e.getKey(), 0, -1)) {
                    assertThat(in.readAllBytes()).as(after + ": " + e.getKey()).isEqualTo(e.getValue());
                }
            }
        }
        List<String> top = new ArrayList<>();
        for (String k : model.keySet()) {
            if (k.lastIndexOf('/') == 0) {
                top.add(k.substring(1));
            }
        }
        assertThat(mfs.list(store, "/", false)).extracting(MfsEntry::name).as(after)
                .containsExactlyInAnyOrderElementsOf(top);
        assertThat(mfs.root()).as(after).isEqualTo(imported());
    }

    /** The model's tree as ipfs add -r imports it (under a wrapping name, which does not enter the CIDs). */
    private Cid imported() throws IOException {
        EntryImport imp = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefaults()).entries();
        imp.addDirectory("root");
        for (Map.Entry<String, byte[]> e : model.entrySet()) {
            if (e.getValue() == DIR) {
                imp.addDirectory("root" + e.getKey());
            } else {
                imp.addFile("root" + e.getKey(), new ByteArrayInputStream(e.getValue()));
            }
        }
        List<ImportedEntry> out = imp.finish();
        return out.getLast().cid();
    }
}
