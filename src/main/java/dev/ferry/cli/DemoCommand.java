package dev.ferry.cli;

import dev.ferry.dag.car.CarExporter;
import dev.ferry.dag.car.CarImporter;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.ImportedEntry;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.content.Pinner;
import dev.ferry.node.repo.Repo;
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
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ferry demo}: ferry's content path end to end on embedded defaults, in temporary repositories: a generated
 * file is added with Kubo's defaults on one node, moved as a CAR to a second node that verifies every block, pinned
 * there, read back and compared byte for byte.
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
        out.printf(Locale.ROOT, "ferry demo: %d MiB of generated content, two nodes in %s%n", sizeMib, work);
        Path a = work.resolve("node-a");
        Path b = work.resolve("node-b");
        out.println("node A: " + Repo.init(a, new SecureRandom()).peerId());
        out.println("node B: " + Repo.init(b, new SecureRandom()).peerId());

        byte[] sourceDigest;
        ImportedEntry added;
        long t0 = System.nanoTime();
        try (Repo ra = Repo.open(a)) {
            MessageDigest sha = sha256();
            UnixfsImporter importer = new UnixfsImporter(ra.blocks(), ImportOptions.kuboDefaults());
            added = importer.importStream(new java.security.DigestInputStream(new GeneratedStream(size, seed), sha), "demo.bin");
            ra.blocks().sync();
            ra.pins().add(added.cid(), dev.ferry.store.PinType.RECURSIVE);
            ra.pins().sync();
            sourceDigest = sha.digest();
        }
        long t1 = System.nanoTime();
        out.printf(Locale.ROOT, "A: added %s (%s, %s, durable and pinned)%n", added.cid(), ProgressBar.human(size), rate(size, t1 - t0));

        Path car = work.resolve("demo.car");
        try (Repo ra = Repo.open(a); OutputStream os = new BufferedOutputStream(Files.newOutputStream(car), 1 << 16)) {
            CarExporter.export(ra.blocks(), added.cid(), os);
        }
        long t2 = System.nanoTime();
        out.printf(Locale.ROOT, "A: exported the DAG as a CAR v1 (%s) in %d ms%n", ProgressBar.human(Files.size(car)), (t2 - t1) / 1_000_000);

        CarImporter.CarImportResult imported;
        try (Repo rb = Repo.open(b); InputStream in = new BufferedInputStream(Files.newInputStream(car), 1 << 16)) {
            imported = CarImporter.importCar(in, rb.blocks());
            new Pinner(rb.blocks(), rb.pins()).pinRecursive(added.cid());
        }
        long t3 = System.nanoTime();
        out.printf(Locale.ROOT, "B: imported %d blocks, every one verified against its CID, root pinned (%s)%n",
                imported.blocks(), rate(Files.size(car), t3 - t2));

        MessageDigest check = sha256();
        long read = 0;
        try (Repo rb = Repo.open(b); InputStream in = new UnixfsExporter(rb.blocks()).cat(added.cid(), 0, Long.MAX_VALUE)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                check.update(buf, 0, n);
                read += n;
            }
        }
        long t4 = System.nanoTime();
        boolean same = read == size && MessageDigest.isEqual(sourceDigest, check.digest());
        out.printf(Locale.ROOT, "B: read back %s (%s): %s%n", ProgressBar.human(read), rate(read, t4 - t3),
                same ? "identical to the source (sha-256 " + HexFormat.of().formatHex(sourceDigest, 0, 8) + "...)" : "DIFFERENT");
        Cid hashOnly = new UnixfsImporter(null, ImportOptions.kuboDefaults().withOnlyHash(true))
                .importStream(new GeneratedStream(size, seed), "demo.bin").cid();
        out.println("CID recomputed without storing: " + hashOnly + (hashOnly.equals(added.cid()) ? " (same)" : " (DIFFERENT)"));
        boolean ok = same && hashOnly.equals(added.cid());
        out.println(ok ? "demo ok" : "demo FAILED");
        return ok ? 0 : 1;
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
