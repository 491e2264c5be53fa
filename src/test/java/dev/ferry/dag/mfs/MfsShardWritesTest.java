package dev.ferry.dag.mfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsDirectoryWriter;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.unixfs.UnixfsLink;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.ForwardingBlockstore;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What a change in a sharded MFS directory reads and writes: the shards on the changed name's path, not the rest. */
class MfsShardWritesTest {
    private final Counting store = new Counting(new MemoryBlockstore());
    private final MfsRootStore roots = MfsRootStore.inMemory();
    private final Mfs mfs = new Mfs(roots);

    @Test
    void addingToADirectoryOf20000EntriesWritesTheShardPathAndTheRoot() throws IOException {
        Cid file = file("same");
        TreeMap<String, UnixfsLink> entries = entries(20_000, file);
        Cid big = UnixfsDirectoryWriter.write(store, 0, List.copyOf(entries.values())).cid();
        int shards = shardCount(big);
        assertThat(shards).isGreaterThan(256);
        mfs.copy(store, big, "big", "/big", false);

        // the first change counts entries until past the threshold (a HAMT does not record its size): a part only
        store.reset();
        mfs.copy(store, file, "one", "/big/one", false);
        entries.put("one", link("one", file));
        assertThat(mfs.lookup(store, "/big")).isEqualTo(whole(entries));
        assertThat(store.puts).as("blocks written").isBetween(3, 5);
        assertThat(store.gets.size()).as("blocks read").isLessThan(shards / 2);

        // later changes read and write only the path: the MFS root, the root shard, one or two shards below it
        store.reset();
        mfs.copy(store, file, "two", "/big/two", false);
        entries.put("two", link("two", file));
        assertThat(mfs.lookup(store, "/big")).isEqualTo(whole(entries));
        assertThat(store.puts).as("blocks written").isBetween(3, 5);
        assertThat(store.gets.size()).as("blocks read").isLessThan(8);

        // so do removals that leave the directory sharded, and replacements (here from a path below it)
        store.reset();
        mfs.remove(store, List.of("/big/file-12345"), false, false);
        entries.remove("file-12345");
        mfs.mkdir(store, "/big/file-00042-dir/a/b", true, null);
        entries.put("file-00042-dir", link("file-00042-dir", mfs.lookup(store, "/big/file-00042-dir")));
        assertThat(mfs.lookup(store, "/big")).isEqualTo(whole(entries));
        assertThat(store.gets.size()).as("blocks read").isLessThan(24);
    }

    @Test
    void aRemovalBelowTheThresholdWritesAPlainDirectory() throws IOException {
        Cid file = file("same");
        // 5,958 entries of 44 bytes are 262,152 bytes of links, just past the 262,144 threshold
        TreeMap<String, UnixfsLink> entries = entries(5_958, file);
        Cid sharded = UnixfsDirectoryWriter.write(store, 0, List.copyOf(entries.values())).cid();
        assertThat(new UnixfsExporter(store).type(sharded)).isEqualTo(UnixfsType.HAMT_SHARD);
        mfs.copy(store, sharded, "d", "/d", false);

        store.reset();
        mfs.remove(store, List.of("/d/file-00000"), false, false);
        entries.remove("file-00000");
        Cid plain = mfs.lookup(store, "/d");
        assertThat(new UnixfsExporter(store).type(plain)).isEqualTo(UnixfsType.DIRECTORY);
        assertThat(plain).isEqualTo(whole(entries));
        assertThat(store.puts).as("the plain directory and the MFS root").isEqualTo(2);

        // and one entry more shards it again: the HAMT it was
        mfs.copy(store, file, "file-00000", "/d/file-00000", false);
        assertThat(mfs.lookup(store, "/d")).isEqualTo(sharded);
    }

    /** A replacement by a CID two bytes shorter can unshard too: the estimate is followed both ways. */
    @Test
    void aShorterReplacementBelowTheThresholdUnshards() throws IOException {
        Cid v0 = file("same");
        Cid v1 = new UnixfsImporter(store, ImportOptions.kuboDefaults().withCidVersion(1).withRawLeaves(false))
                .importStream(new ByteArrayInputStream("same".getBytes(StandardCharsets.UTF_8)), "f").cid();
        assertThat(v1.bytes().length - v0.bytes().length).isEqualTo(2);
        TreeMap<String, UnixfsLink> entries = entries(5_957, v0); // 5,957 x 44 = 262,108 bytes
        entries.put("ab", link("ab", v1)); // 2 + 36 more: 262,146, past the 262,144 threshold
        mfs.copy(store, UnixfsDirectoryWriter.write(store, 0, List.copyOf(entries.values())).cid(), "d", "/d", false);
        assertThat(new UnixfsExporter(store).type(mfs.lookup(store, "/d"))).isEqualTo(UnixfsType.HAMT_SHARD);
        replace(entries, "file-00001", v1); // 262,148
        replace(entries, "file-00001", v0); // 262,146
        assertThat(new UnixfsExporter(store).type(mfs.lookup(store, "/d"))).isEqualTo(UnixfsType.HAMT_SHARD);
        replace(entries, "ab", v0); // 262,144: not above the threshold
        assertThat(new UnixfsExporter(store).type(mfs.lookup(store, "/d"))).isEqualTo(UnixfsType.DIRECTORY);
    }

    /** Replaces the file {@code /d/name} by {@code cid} (moved over it) and checks the directory. */
    private void replace(TreeMap<String, UnixfsLink> entries, String name, Cid cid) {
        mfs.copy(store, cid, "r", "/r", false);
        mfs.move(store, "/r", "/d/" + name);
        entries.put(name, link(name, cid));
        assertThat(mfs.lookup(store, "/d")).isEqualTo(whole(entries));
    }

    private Cid file(String content) throws IOException {
        return new UnixfsImporter(store, ImportOptions.kuboDefaults())
                .importStream(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "f").cid();
    }

    private TreeMap<String, UnixfsLink> entries(int count, Cid file) {
        TreeMap<String, UnixfsLink> out = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String name = String.format("file-%05d", i);
            out.put(name, link(name, file));
        }
        return out;
    }

    private UnixfsLink link(String name, Cid cid) {
        return new UnixfsLink(name, cid, Mfs.stat(store, cid).cumulativeSize());
    }

    private static Cid whole(TreeMap<String, UnixfsLink> entries) {
        return UnixfsDirectoryWriter.write(new MemoryBlockstore(), 0, List.copyOf(entries.values())).cid();
    }

    /** The shard nodes of a HAMT: the root and every sub-shard (links named by a slot prefix alone). */
    private int shardCount(Cid root) {
        int count = 1;
        List<Cid> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            Cid shard = pending.remove(pending.size() - 1);
            for (var l : dev.ferry.dag.pb.PbCodec.decode(store.get(shard).orElseThrow().data()).links()) {
                if (l.name().length() == 2) {
                    pending.add(l.hash());
                    count++;
                }
            }
        }
        return count;
    }

    /** Counts the blocks written and the distinct blocks read. */
    private static final class Counting extends ForwardingBlockstore {
        int puts;
        final Set<Cid> gets = new HashSet<>();

        Counting(Blockstore delegate) {
            super(delegate);
        }

        void reset() {
            puts = 0;
            gets.clear();
        }

        @Override
        public Optional<Block> get(Cid cid) {
            gets.add(cid);
            return super.get(cid);
        }

        @Override
        public void put(Block block) {
            puts++;
            super.put(block);
        }
    }
}
