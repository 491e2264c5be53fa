package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.MemoryBlockstore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random DAGs of dag-pb and raw blocks, with random or plausible UnixFS data and link names: every exporter
 * operation either succeeds or fails with UnixfsException or BlockNotFoundException (and, writing files, an
 * IOException), and {@code get} never writes outside its target.
 */
class UnixfsExporterProperties {
    private static final String[] NAMES = {"", "a", "b", "..", ".", "x/y", "nul\0", "00a", "FFb", "0A", "ok"};

    @Property(tries = 300)
    void exporterFailsOnlyWithItsExceptions(@ForAll long seed) throws IOException {
        Random r = new Random(seed);
        MemoryBlockstore store = new MemoryBlockstore();
        List<Cid> cids = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(6); i++) {
            cids.add(randomBlock(r, store, cids));
        }
        Cid root = cids.getLast();
        UnixfsExporter ex = new UnixfsExporter(store);
        attempt(() -> {
            try (InputStream in = ex.cat(root, r.nextInt(50), r.nextBoolean() ? -1 : r.nextInt(100))) {
                in.readAllBytes();
            }
        }, false);
        attempt(() -> ex.ls(root), false);
        attempt(() -> ex.resolve(root, NAMES[r.nextInt(NAMES.length)] + "/" + NAMES[r.nextInt(NAMES.length)]),
                false);
        Path tmp = Files.createTempDirectory("unixfs-prop");
        try {
            attempt(() -> ex.get(root, tmp.resolve("out")), true);
            try (Stream<Path> s = Files.list(tmp)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).isSubsetOf(List.of("out"));
            }
        } finally {
            try (Stream<Path> walk = Files.walk(tmp)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    interface Op {
        void run() throws Exception;
    }

    private static void attempt(Op op, boolean ioAllowed) {
        try {
            op.run();
        } catch (UnixfsException | BlockNotFoundException expected) {
            // the declared failures
        } catch (IOException e) {
            if (!ioAllowed) {
                throw new AssertionError(e);
            }
        } catch (Exception e) {
            throw new AssertionError("unexpected " + e, e);
        }
    }

    private static Cid randomBlock(Random r, MemoryBlockstore store, List<Cid> earlier) {
        if (r.nextInt(4) == 0) {
            byte[] data = new byte[r.nextInt(20)];
            r.nextBytes(data);
            Block b = Block.raw(data);
            store.put(b);
            return b.cid();
        }
        List<PbLink> links = new ArrayList<>();
        for (int i = 0; i < r.nextInt(4); i++) {
            Cid target = earlier.isEmpty() || r.nextInt(6) == 0
                    ? Cid.of(1, Multicodec.RAW.code(), new byte[] {(byte) r.nextInt()}) // absent
                    : earlier.get(r.nextInt(earlier.size()));
            String name = r.nextInt(5) == 0 ? null : NAMES[r.nextInt(NAMES.length)];
            links.add(new PbLink(target, name, r.nextBoolean() ? null : (long) r.nextInt(1000)));
        }
        byte[] data;
        if (r.nextInt(5) == 0) {
            data = new byte[r.nextInt(12)];
            r.nextBytes(data);
        } else {
            UnixfsType type = UnixfsType.values()[r.nextInt(UnixfsType.values().length)];
            List<Long> sizes = new ArrayList<>();
            for (int i = 0; i < (r.nextBoolean() ? links.size() : r.nextInt(4)); i++) {
                sizes.add((long) r.nextInt(30));
            }
            byte[] inline = r.nextBoolean() ? null : new byte[r.nextInt(10)];
            Long filesize = r.nextBoolean() ? null : (long) r.nextInt(60);
            Long fanout = r.nextBoolean() ? null : (long) (1 << r.nextInt(12));
            Long hash = r.nextBoolean() ? 0x22L : (long) r.nextInt(40);
            byte[] bits = type == UnixfsType.HAMT_SHARD && inline != null ? new byte[] {(byte) r.nextInt()} : inline;
            data = UnixfsDataCodec.encode(new UnixfsData(type, bits, filesize, sizes, hash, fanout, null, null));
        }
        Block b = Block.create(r.nextBoolean() ? 0 : 1, Multicodec.DAG_PB.code(),
                PbCodec.encode(new PbNode(links, data)));
        store.put(b);
        return b.cid();
    }
}
