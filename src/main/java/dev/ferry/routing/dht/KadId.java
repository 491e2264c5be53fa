package dev.ferry.routing.dht;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * A point of the DHT's keyspace: the SHA-256 of a key's bytes (a binary peer ID for nodes, a multihash for content).
 * Distance is the XOR of two points, read as a 256-bit unsigned number.
 */
public final class KadId {
    private final byte[] bytes;

    private KadId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The point of {@code key}. */
    public static KadId of(byte[] key) {
        try {
            return new KadId(MessageDigest.getInstance("SHA-256").digest(key));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The length of the common prefix of this point and {@code other}, in bits (256 when equal). */
    public int commonPrefixLength(KadId other) {
        for (int i = 0; i < 32; i++) {
            int x = (bytes[i] ^ other.bytes[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return 256;
    }

    /** Orders points by their distance to {@code target}, nearest first. */
    public static Comparator<KadId> byDistanceTo(KadId target) {
        return (a, b) -> {
            for (int i = 0; i < 32; i++) {
                int da = (a.bytes[i] ^ target.bytes[i]) & 0xff;
                int db = (b.bytes[i] ^ target.bytes[i]) & 0xff;
                if (da != db) {
                    return Integer.compare(da, db);
                }
            }
            return 0;
        };
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KadId k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
