package dev.ferry.dag.unixfs;

import java.util.Arrays;

/**
 * The bit stream that places a name in a UnixFS HAMT: murmur3-x64-64 of the UTF-8 name (8 bytes, big-endian h1),
 * consumed most significant bit first, {@code log2(fanout)} bits per level. If a path ever runs past 64 bits, more
 * bits come from hashing the name followed by one byte 1, 2, ... (js hamt-sharding's infinite hash).
 */
final class HamtHash {
    private final byte[] key;
    private byte[] bits = new byte[0]; // the concatenated digests produced so far
    private int produced;

    HamtHash(byte[] key) {
        this.key = key;
    }

    /** The child index at {@code level} (0 = root shard) for a table of {@code 1 << bitsPerLevel} slots. */
    int index(int level, int bitsPerLevel) {
        long from = (long) level * bitsPerLevel;
        long to = from + bitsPerLevel;
        while ((long) bits.length * 8 < to) {
            more();
        }
        int result = 0;
        for (long b = from; b < to; b++) {
            int bit = (bits[(int) (b >>> 3)] >>> (7 - (int) (b & 7))) & 1;
            result = (result << 1) | bit;
        }
        return result;
    }

    private void more() {
        if (produced > 255) {
            throw new UnixfsException("HAMT hash exhausted");
        }
        byte[] input = key;
        if (produced > 0) {
            input = Arrays.copyOf(key, key.length + 1);
            input[key.length] = (byte) produced;
        }
        long h = Murmur3.hash64(input);
        byte[] grown = Arrays.copyOf(bits, bits.length + 8);
        for (int i = 0; i < 8; i++) {
            grown[bits.length + i] = (byte) (h >>> (56 - 8 * i));
        }
        bits = grown;
        produced++;
    }

    /** log2 of a power-of-two fanout. */
    static int bitsFor(long fanout) {
        if (fanout < 2 || Long.bitCount(fanout) != 1) {
            throw new UnixfsException("HAMT fanout is not a power of two: " + fanout);
        }
        return Long.numberOfTrailingZeros(fanout);
    }

    /** Width of a link name's prefix: hex digits of {@code fanout - 1}. */
    static int padLength(long fanout) {
        return Long.toHexString(fanout - 1).length();
    }

    /** The upper-case, zero-padded hex prefix of slot {@code index}. */
    static String prefix(int index, int padLength) {
        String hex = Integer.toHexString(index).toUpperCase(java.util.Locale.ROOT);
        return "0".repeat(Math.max(0, padLength - hex.length())) + hex;
    }
}
