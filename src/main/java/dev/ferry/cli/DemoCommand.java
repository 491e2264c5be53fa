package dev.ferry.cli;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.ImportedEntry;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.exchange.ferry.request.FerryRequestService;
import dev.ferry.exchange.ferry.request.Source;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.content.Pinner;
import dev.ferry.node.Node;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.store.MemoryBlockstore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ferry demo}: ferry's main job on embedded defaults: three nodes in one process on 127.0.0.1 with temporary
 * repositories; a generated file is added (Kubo's defaults) on the first and the second, and the third fetches it
 * over Bitswap from both at once, verifying every block, then reads it back and compares it byte for byte.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run ferry's main job on embedded defaults in temporary repositories.")
final class DemoCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;

    @Option(names = "--size-mib", defaultValue = "64", description = "Size of the generated file (default ${DEFAULT-VALUE} MiB).")
    int sizeMib;

    @Option(names = "--seed", defaultValue = "2026", description = "Seed of the generated content.")
    long seed;

    DemoCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        if (sizeMib < 0 || sizeMib > 4096) {
            throw new IllegalArgumentException("--size-mib must be 0..4096");
        }
        Path work = Files.createTempDirectory("ferry-demo-");
        try {
            return run(work);
        } finally {
            deleteRecursively(work);
        }
    }

    private int run(Path work) throws Exception {
        long size = (long) sizeMib << 20;
        var out = env.out();
        out.printf(Locale.ROOT, "ferry demo: three nodes on 127.0.0.1, %d MiB of generated content, repos in %s%n", sizeMib, work);
        Node[] nodes = new Node[3];
        String[] names = {"A", "B", "C"};
        try {
            for (int i = 0; i < 3; i++) {
                Path dir = work.resolve("node-" + names[i].toLowerCase(Locale.ROOT));
                Repo.init(dir, new SecureRandom());
                Repo.updateConfig(dir, c -> c.set("Addresses.Swarm", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/0\"]", true)));
                nodes[i] = Node.start(Repo.open(dir));
                out.println("node " + names[i] + ": " + nodes[i].identity().peerId() + " at " + nodes[i].listenAddresses().getFirst());
            }
            byte[] sourceDigest = null;
            Cid root = null;
            for (int i = 0; i < 2; i++) {
                long t0 = System.nanoTime();
                MessageDigest sha = sha256();
                Repo r = nodes[i].repo();
                ImportedEntry added = new UnixfsImporter(r.blocks(), ImportOptions.kuboDefaults())
                        .importStream(new java.security.DigestInputStream(new GeneratedStream(size, seed), sha), "demo.bin");
                r.blocks().sync();
                r.pins().add(added.cid(), dev.ferry.store.PinType.RECURSIVE);
                r.pins().sync();
                sourceDigest = sha.digest();
                root = added.cid();
                out.printf(Locale.ROOT, "%s: added %s (%s, %s, durable and pinned)%n", names[i], root, ProgressBar.human(size),
                        rate(size, System.nanoTime() - t0));
            }
            Node c = nodes[2];
            for (int i = 0; i < 2; i++) {
                c.host().connect(nodes[i].listenAddresses().getFirst().encapsulate(
                        dev.ferry.multiformats.Multiaddr.parse("/p2p/" + nodes[i].identity().peerId())));
            }
            out.println("C: connected to A and B; fetching " + root + " over Bitswap from both at once");
            long t0 = System.nanoTime();
            long blocks;
            try (var session = c.bitswap().client().newSession()) {
                blocks = session.fetchAll(root, java.time.Duration.ofSeconds(30));
            }
            c.repo().blocks().sync();
            new Pinner(c.repo().blocks(), c.repo().pins()).pinRecursive(root);
            long t1 = System.nanoTime();
            var stats = c.bitswap().stats();
            out.printf(Locale.ROOT, "C: fetched %d blocks (%s) in %d ms: %s%n", blocks, ProgressBar.human(stats.dataReceived()),
                    (t1 - t0) / 1_000_000, rate(stats.dataReceived(), t1 - t0));
            for (int i = 0; i < 2; i++) {
                var per = stats.perPeer().get(nodes[i].identity().peerId());
                out.printf(Locale.ROOT, "   from %s: %d blocks, %s%n", names[i], per == null ? 0 : per.blocksReceived(),
                        ProgressBar.human(per == null ? 0 : per.bytesReceived()));
            }
            out.printf(Locale.ROOT, "   every block verified against its CID before it was stored: %d rejected, %d duplicates%n",
                    stats.badBlocksReceived(), stats.dupBlksReceived());

            MessageDigest check = sha256();
            long read = 0;
            try (InputStream in = new UnixfsExporter(c.repo().blocks()).cat(root, 0, Long.MAX_VALUE)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    check.update(buf, 0, n);
                    read += n;
                }
            }
            boolean same = read == size && MessageDigest.isEqual(sourceDigest, check.digest());
            out.printf(Locale.ROOT, "C: read back %s: %s%n", ProgressBar.human(read),
                    same ? "identical to the source (sha-256 " + HexFormat.of().formatHex(sourceDigest, 0, 8) + "...)" : "DIFFERENT");
            // ferry's own protocol between ferry peers: the whole DAG in one request, in the order a reader needs it
            boolean requestOk = fetchOverRequest(c, nodes[1].identity().peerId(), root, blocks, out);
            var perA = stats.perPeer().get(nodes[0].identity().peerId());
            var perB = stats.perPeer().get(nodes[1].identity().peerId());
            boolean bothServed = perA != null && perA.blocksReceived() > 0 && perB != null && perB.blocksReceived() > 0;
            boolean ok = same && stats.badBlocksReceived() == 0 && bothServed && requestOk;
            out.println(ok ? "demo ok" : "demo FAILED" + (bothServed ? "" : " (not both seeders served blocks)")
                    + (requestOk ? "" : " (the request over ferry's own protocol failed)"));
            return ok ? 0 : 1;
        } finally {
            for (Node n : nodes) {
                if (n != null) {
                    n.close();
                }
            }
        }
    }

    /** C fetches the DAG again from B over {@code /ferry/request}, into memory; true when every block came, verified. */
    private static boolean fetchOverRequest(Node c, dev.ferry.identity.PeerId from, Cid root, long blocks,
            java.io.PrintStream out) {
        MemoryBlockstore copy = new MemoryBlockstore();
        long t0 = System.nanoTime();
        long got;
        try {
            got = c.requests().fetch(from, root, List.of(Source.PEER), 0, copy, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            out.println("C: fetching it again over " + FerryRequestService.PROTOCOL_ID + " failed: " + e.getMessage());
            return false;
        }
        long t1 = System.nanoTime();
        long bytes;
        try (Stream<Cid> cids = copy.cids()) {
            bytes = cids.mapToLong(cid -> copy.size(cid).orElse(0)).sum();
        }
        out.printf(Locale.ROOT, "C: fetched it again from B over %s (ferry's own protocol, one request for the whole"
                + " DAG), into memory: %d blocks (%s) in %d ms: %s, each verified%n", FerryRequestService.PROTOCOL_ID,
                got, ProgressBar.human(bytes), (t1 - t0) / 1_000_000, rate(bytes, t1 - t0));
        return got == blocks;
    }

    private static MessageDigest sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }

    private static String rate(long bytes, long nanos) {
        return String.format(Locale.ROOT, "%.0f MB/s", bytes / 1e6 / Math.max(1e-9, nanos / 1e9));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Deterministic pseudo-random bytes, generated on the fly so that memory stays small whatever the size. */
    static final class GeneratedStream extends InputStream {
        private final SplittableRandom rnd;
        private long remaining;
        private long word;
        private int wordLeft;

        GeneratedStream(long size, long seed) {
            this.remaining = size;
            this.rnd = new SplittableRandom(seed);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                if (wordLeft == 0) {
                    word = rnd.nextLong();
                    wordLeft = 8;
                }
                b[off + i] = (byte) word;
                word >>>= 8;
                wordLeft--;
            }
            remaining -= n;
            return n;
        }
    }
}
