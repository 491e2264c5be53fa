import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Helpers for the benchmarks, run with the JDK's source launcher ({@code java bench/src/BenchTools.java ...}):
 * <ul>
 *   <li>{@code gen-file PATH MIB SEED}: a file of pseudo-random bytes;</li>
 *   <li>{@code gen-tree DIR COUNT SEED}: COUNT small files (1 B to 16 KiB) in nested directories;</li>
 *   <li>{@code sha256 PATH...}: single-thread SHA-256 over the files, prints MB/s.</li>
 * </ul>
 */
public final class BenchTools {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "gen-file" -> genFile(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
            case "gen-tree" -> genTree(Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "sha256" -> sha256(args);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static void genFile(Path file, long mib, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long i = 0; i < mib; i++) {
                fill(rnd, buf, buf.length);
                out.write(buf);
            }
        }
    }

    static void genTree(Path dir, int count, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] buf = new byte[16 << 10];
        for (int i = 0; i < count; i++) {
            Path d = dir.resolve("d" + (i % 100)).resolve("e" + (i % 7));
            Files.createDirectories(d);
            int len = 1 + rnd.nextInt(buf.length);
            fill(rnd, buf, len);
            try (OutputStream out = Files.newOutputStream(d.resolve("f" + i + ".bin"))) {
                out.write(buf, 0, len);
            }
        }
    }

    static void fill(SplittableRandom rnd, byte[] buf, int len) {
        for (int i = 0; i < len; i += 8) {
            long v = rnd.nextLong();
            for (int j = 0; j < 8 && i + j < len; j++) {
                buf[i + j] = (byte) (v >>> (8 * j));
            }
        }
    }

    static void sha256(String[] args) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[256 << 10];
        long bytes = 0;
        long t0 = System.nanoTime();
        for (int a = 1; a < args.length; a++) {
            try (InputStream in = Files.newInputStream(Path.of(args[a]))) {
                int n;
                while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                    md.update(buf, 0, n);
                    md.digest();
                    bytes += n;
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%.1f%n", bytes / 1e6 / secs);
    }
}
