package dev.ferry.net.security.noise;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/** A deterministic "random" source for tests: serves queued byte strings, then a counter pattern. */
final class FixedRandom extends SecureRandom {
    private final Deque<byte[]> queue = new ArrayDeque<>();
    private int counter;

    FixedRandom(byte[]... values) {
        super(new byte[0]);
        queue.addAll(Arrays.asList(values));
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        byte[] next = queue.poll();
        if (next != null) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = next[i % next.length];
            }
            return;
        }
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (counter * 31 + i * 7 + 1);
        }
        counter++;
    }

    static byte[] hex(String h) {
        return java.util.HexFormat.of().parseHex(h.replace(" ", ""));
    }
}
