package dev.ferry.dag.mfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.Murmur3;
import dev.ferry.dag.unixfs.UnixTime;
import dev.ferry.dag.unixfs.UnixfsDirectoryWriter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.unixfs.UnixfsLink;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A sharded MFS directory changed in place (only the shards on a changed name's path) is, after every change, the
 * directory written whole from the same entries: random adds, replacements (by CIDs of other lengths, which move the
 * estimate both ways), removals, metadata changes and restarts (which forget the estimates the MFS keeps), on
 * directories around the sharding threshold (5,958 entries of 44 bytes are just past it) and well above it.
 */
class MfsShardingProperties {
    /** Names hashing to the same first two bytes as an entry of the directory: they make sub-shards of sub-shards. */
    private static final List<String> COLLIDING = collidingWith(entry(17), 4);

    @Property(tries = 20)
    void inPlaceChangesGiveTheWholeRewrite(@ForAll("sizes") int size,
            @ForAll @Size(min = 5, max = 30) List<@IntRange(min = 0, max = 99) Integer> ops, @ForAll long seed)
            throws IOException {
        Random rnd = new Random(seed);
        MemoryBlockstore store = new MemoryBlockstore();
        MfsRootStore roots = MfsRootStore.inMemory();
        Mfs mfs = new Mfs(roots);
        // files whose CIDs are 34 (v0) and 36 (v1) bytes long
        List<Cid> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] content = ("content " + i).getBytes(StandardCharsets.UTF_8);
            files.add(new UnixfsImporter(store, ImportOptions.kuboDefaults().withCidVersion(i == 0 ? 0 : 1))
                    .importStream(new ByteArrayInputStream(content), "f").cid());
        }
        TreeMap<String, UnixfsLink> model = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            model.put(entry(i), link(store, entry(i), files.get(0)));
        }
        Cid start = UnixfsDirectoryWriter.write(store, 0, List.copyOf(model.values())).cid();
        mfs.copy(store, start, "d", "/d", false);
        NodeMetadata metadata = NodeMetadata.NONE;
        for (int op : ops) {
            List<String> names = new ArrayList<>(model.keySet());
            String what;
            if (op < 30) {
                String name = rnd.nextInt(3) == 0 ? COLLIDING.get(rnd.nextInt(COLLIDING.size()))
                        : "new-" + rnd.nextInt(100_000);
                if (model.containsKey(name)) {
                    continue;
                }
                Cid file = files.get(rnd.nextInt(files.size()));
                mfs.copy(store, file, name, "/d/" + name, false);
                model.put(name, link(store, name, file));
                what = "add " + name;
            } else if (op < 50) {
                String name = names.get(rnd.nextInt(names.size()));
                Cid file = files.get(rnd.nextInt(files.size()));
                mfs.copy(store, file, "replacement", "/replacement", false);
                mfs.move(store, "/replacement", "/d/" + name);
                model.put(name, link(store, name, file));
                what = "replace " + name;
            } else if (op < 85) {
                // often a name of the deep sub-shards, whose removal folds a sub-shard into its parent
                List<String> deep = new ArrayList<>(COLLIDING);
                deep.add(entry(17));
                deep.retainAll(model.keySet());
                String name = !deep.isEmpty() && rnd.nextBoolean() ? deep.get(rnd.nextInt(deep.size()))
                        : names.get(rnd.nextInt(names.size()));
                mfs.remove(store, List.of("/d/" + name), false, false);
                model.remove(name);
                what = "remove " + name;
            } else if (op < 90) {
                mfs.remove(store, List.of("/d/missing"), false, true);
                what = "remove a missing name";
            } else if (op < 95) {
                long mode = 0700 + rnd.nextInt(0100);
                mfs.chmod(store, "/d", mode, true);
                metadata = metadata.withMode(mode);
                what = "chmod";
            } else {
                mfs = new Mfs(roots);
                what = "restart";
            }
            if (rnd.nextInt(4) == 0) {
                UnixTime t = new UnixTime(rnd.nextInt(1_000_000), null);
                mfs.touch(store, "/d", t, true);
                metadata = metadata.withMtime(t);
                what += ", touch";
            }
            assertThat(mfs.lookup(store, "/d")).as("%s (%d entries)", what, model.size())
                    .isEqualTo(whole(model, metadata));
        }
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.integers().between(5_955, 5_961)),
                Tuple.of(1, Arbitraries.integers().between(6_500, 10_000)));
    }

    /** The directory written whole from its entries, as every change wrote it before shards were changed in place. */
    private static Cid whole(TreeMap<String, UnixfsLink> model, NodeMetadata metadata) {
        MemoryBlockstore scratch = new MemoryBlockstore();
        UnixfsDirectoryWriter.Written w = UnixfsDirectoryWriter.write(scratch, 0, List.copyOf(model.values()));
        return metadata.isEmpty() ? w.cid() : MetadataRewriter.rewrite(scratch, w.cid(), metadata).cid();
    }

    private static UnixfsLink link(MemoryBlockstore store, String name, Cid file) {
        return new UnixfsLink(name, file, Mfs.stat(store, file).cumulativeSize());
    }

    private static String entry(int i) {
        return String.format("file-%05d", i);
    }

    /** {@code count} names whose hashes share their first two bytes with {@code name}'s. */
    private static List<String> collidingWith(String name, int count) {
        long target = top16(name);
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < count; i++) {
            if (top16("c-" + i) == target) {
                out.add("c-" + i);
            }
        }
        return out;
    }

    private static long top16(String name) {
        return Murmur3.hash64(name.getBytes(StandardCharsets.UTF_8)) >>> 48;
    }
}
