package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Changing a stored HAMT in place gives the HAMT built from scratch from the same entries, shard for shard: random
 * adds, replacements and removals on small sets (sharded whatever their size, so that removals fold sub-shards all
 * the way up to the root) with names whose hashes share their first one or two bytes (sub-shards two levels deep).
 */
class ShardedDirectoryProperties {
    /** Names whose murmur3 hashes share the first 16 bits: they meet in a sub-shard of a sub-shard. */
    private static final List<String> DEEP = namesSharing(2, 4, "deep");
    /** Names whose hashes share the first byte only. */
    private static final List<String> WIDE = namesSharing(1, 4, "wide");

    private static final List<Cid> TARGETS = List.of(
            Block.create(0, Multicodec.DAG_PB.code(), new byte[] {0x0a, 0x02, 0x08, 0x01}).cid(),
            Block.create(1, Multicodec.RAW.code(), "x".getBytes(StandardCharsets.UTF_8)).cid(),
            Block.create(1, Multicodec.RAW.code(), HashFunction.BLAKE3, "y".getBytes(StandardCharsets.UTF_8)).cid());

    @Property(tries = 200)
    void inPlaceChangesGiveTheHamtBuiltFromScratch(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 99) Integer> ops,
            @ForAll @IntRange(min = 1, max = 60) int initial, @ForAll long seed, @ForAll boolean v1) {
        Random rnd = new Random(seed);
        MemoryBlockstore store = new MemoryBlockstore();
        int version = v1 ? 1 : 0;
        TreeMap<String, UnixfsLink> model = new TreeMap<>();
        for (int i = 0; i < initial; i++) {
            String name = name(rnd);
            model.put(name, link(name, rnd));
        }
        Cid current = scratch(store, version, model);
        for (int op : ops) {
            ShardedDirectory dir = ShardedDirectory.open(store, current).orElseThrow();
            List<String> names = new ArrayList<>(model.keySet());
            if (op < 40 || names.isEmpty()) {
                String name = name(rnd);
                UnixfsLink l = link(name, rnd);
                assertThat(dir.put(l).orElse(null)).isEqualTo(model.put(name, l));
            } else if (op < 55) {
                String name = names.get(rnd.nextInt(names.size()));
                UnixfsLink l = link(name, rnd);
                assertThat(dir.put(l)).contains(model.put(name, l));
            } else if (op < 95) {
                String name = names.get(rnd.nextInt(names.size()));
                assertThat(dir.remove(name)).contains(model.remove(name));
            } else {
                String name = "missing-" + rnd.nextInt(1000);
                assertThat(dir.remove(name)).isEmpty();
                assertThat(dir.changed()).isFalse();
            }
            for (String name : names) {
                assertThat(dir.get(name).orElse(null)).isEqualTo(model.get(name));
            }
            if (model.isEmpty()) {
                return; // an empty set is written as a plain directory, which a HAMT is not compared with
            }
            current = dir.write(version, HashFunction.SHA2_256, null, null).cid();
            assertThat(current).as("after op %d on %s", op, model.keySet()).isEqualTo(scratch(store, version, model));
            assertThat(new UnixfsExporter(store).links(current)).containsExactlyInAnyOrderElementsOf(model.values());
        }
    }

    /** The HAMT of {@code model} built from scratch, sharded whatever its size. */
    private static Cid scratch(MemoryBlockstore store, int version, TreeMap<String, UnixfsLink> model) {
        List<DirEntry> entries = new ArrayList<>();
        for (UnixfsLink l : model.values()) {
            entries.add(new DirEntry(l.name(), new DagRef(l.cid(), l.tsize(), 0), true));
        }
        BlockWriter writer = new BlockWriter(store, version);
        DagRef ref = new DirectoryBuilder(writer, ImportOptions.kuboDefaults().withCidVersion(version)
                .withShardThresholdBytes(0)).build(entries);
        writer.drain();
        return ref.cid();
    }

    private static String name(Random rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> DEEP.get(rnd.nextInt(DEEP.size()));
            case 1 -> WIDE.get(rnd.nextInt(WIDE.size()));
            default -> "n" + rnd.nextInt(200);
        };
    }

    private static UnixfsLink link(String name, Random rnd) {
        return new UnixfsLink(name, TARGETS.get(rnd.nextInt(TARGETS.size())), rnd.nextInt(5000));
    }

    /** {@code count} names whose hashes agree with the first one's in their first {@code bytes} bytes. */
    private static List<String> namesSharing(int bytes, int count, String stem) {
        List<String> out = new ArrayList<>();
        long first = 0;
        for (int i = 0; out.size() < count; i++) {
            String name = stem + i;
            long top = Murmur3.hash64(name.getBytes(StandardCharsets.UTF_8)) >>> (64 - 8 * bytes);
            if (out.isEmpty()) {
                first = top;
                out.add(name);
            } else if (top == first) {
                out.add(name);
            }
        }
        return out;
    }
}
