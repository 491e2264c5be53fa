package dev.ferry.identity;

import dev.ferry.crypto.Ed25519;
import java.util.Arrays;
import java.util.HexFormat;

/** An Ed25519 public key: 32 raw bytes. */
public final class Ed25519PublicKey implements PublicKey {
    private final byte[] raw;

    private Ed25519PublicKey(byte[] raw) {
        this.raw = raw;
    }

    /**
     * @throws KeyFormatException unless {@code raw} is 32 bytes
     */
    public static Ed25519PublicKey of(byte[] raw) {
        if (raw == null || raw.length != Ed25519.PUBLIC_KEY_LENGTH) {
            throw new KeyFormatException("Ed25519 public key must be 32 bytes, got " + (raw == null ? "null" : raw.length));
        }
        return new Ed25519PublicKey(raw.clone());
    }

    @Override
    public KeyType type() {
        return KeyType.ED25519;
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public byte[] marshal() {
        return KeyProto.encode(KeyType.ED25519, raw);
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        return Ed25519.verify(raw, data, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey k && Arrays.equals(raw, k.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + HexFormat.of().formatHex(raw) + "]";
    }
}
