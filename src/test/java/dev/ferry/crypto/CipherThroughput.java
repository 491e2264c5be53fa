package dev.ferry.crypto;

import java.util.Random;

/**
 * Not a test: prints single-thread ChaCha20-Poly1305 throughput (MB/s, 10^6 bytes) of each backend for 64 KiB
 * messages. Run with {@code java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes
 * dev.ferry.crypto.CipherThroughput [seconds]}.
 */
public final class CipherThroughput {
    private static final int SIZE = 64 * 1024;

    private CipherThroughput() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        System.out.println("openssl: " + ChaCha20Poly1305.opensslUnavailableReason().orElse("available"));
        run(ChaCha20Poly1305.jdk(), seconds);
        ChaCha20Poly1305.openssl().ifPresent(c -> run(c, seconds));
    }

    private static void run(AeadCipher c, double seconds) {
        try (c) {
            byte[] key = new byte[32];
            byte[] in = new byte[SIZE];
            new Random(42).nextBytes(in);
            new Random(7).nextBytes(key);
            byte[] sealed = new byte[SIZE + AeadCipher.TAG_LENGTH];
            byte[] opened = new byte[SIZE];
            measure(c, key, in, sealed, opened, 0.5, false); // warm-up: let the JIT compile the path
            double seal = measure(c, key, in, sealed, opened, seconds, false);
            double open = measure(c, key, in, sealed, opened, seconds, true);
            System.out.printf("%-8s seal %8.1f MB/s   open %8.1f MB/s   (64 KiB messages, 1 thread)   heap allocated per seal+open: %d B%n",
                    c.name(), seal, open, allocatedPerCall(c, key, in, sealed, opened));
        }
    }

    /** Heap bytes the current thread allocates per seal+open pair, after warm-up (JIT escape analysis included). */
    private static long allocatedPerCall(AeadCipher c, byte[] key, byte[] in, byte[] sealed, byte[] opened) {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        int n = 2000;
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < n; i++) {
            c.seal(key, i, null, in, 0, SIZE, sealed, 0);
            c.open(key, i, null, sealed, 0, sealed.length, opened, 0);
        }
        return (mx.getThreadAllocatedBytes(tid) - before) / n;
    }

    private static double measure(AeadCipher c, byte[] key, byte[] in, byte[] sealed, byte[] opened, double seconds,
                                  boolean open) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long bytes = 0;
        long nonce = 0;
        c.seal(key, nonce, null, in, 0, SIZE, sealed, 0);
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 16; i++) {
                if (open) {
                    c.open(key, 0, null, sealed, 0, sealed.length, opened, 0);
                } else {
                    c.seal(key, ++nonce, null, in, 0, SIZE, sealed, 0);
                }
                bytes += SIZE;
            }
        }
        return bytes / ((System.nanoTime() - start) / 1e9) / 1e6;
    }
}
