package dev.ferry.identity;

import dev.ferry.crypto.Ed25519;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/** An Ed25519 private key (32-byte seed) with its public key. */
public final class Ed25519PrivateKey implements PrivateKey {
    private final byte[] seed;
    private final Ed25519PublicKey publicKey;

    private Ed25519PrivateKey(byte[] seed, Ed25519PublicKey publicKey) {
        this.seed = seed;
        this.publicKey = publicKey;
    }

    public static Ed25519PrivateKey generate(SecureRandom random) {
        byte[] seed = new byte[Ed25519.SEED_LENGTH];
        random.nextBytes(seed);
        return fromSeed(seed);
    }

    /**
     * @throws KeyFormatException unless {@code seed} is 32 bytes
     */
    public static Ed25519PrivateKey fromSeed(byte[] seed) {
        if (seed == null || seed.length != Ed25519.SEED_LENGTH) {
            throw new KeyFormatException("Ed25519 seed must be 32 bytes");
        }
        byte[] s = seed.clone();
        return new Ed25519PrivateKey(s, Ed25519PublicKey.of(Ed25519.publicKey(s)));
    }

    /**
     * The protobuf Data: seed ‖ public (64 bytes), or the legacy seed ‖ public ‖ public (96 bytes). The public key
     * must be the one the seed derives.
     *
     * @throws KeyFormatException on any other length or an inconsistent public half
     */
    static Ed25519PrivateKey fromData(byte[] data) {
        if (data.length != 64 && data.length != 96) {
            throw new KeyFormatException("Ed25519 private key Data must be 64 (or legacy 96) bytes, got " + data.length);
        }
        if (data.length == 96 && !Arrays.equals(data, 32, 64, data, 64, 96)) {
            throw new KeyFormatException("legacy Ed25519 private key: the two public key copies differ");
        }
        Ed25519PrivateKey key = fromSeed(Arrays.copyOfRange(data, 0, 32));
        if (!MessageDigest.isEqual(key.publicKey.raw(), Arrays.copyOfRange(data, 32, 64))) {
            throw new KeyFormatException("Ed25519 private key: public half does not match the seed");
        }
        return key;
    }

    /** A copy of the 32-byte seed. */
    public byte[] seed() {
        return seed.clone();
    }

    @Override
    public KeyType type() {
        return KeyType.ED25519;
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] data) {
        return Ed25519.sign(seed, publicKey.raw(), data);
    }

    @Override
    public byte[] marshal() {
        byte[] data = new byte[64];
        System.arraycopy(seed, 0, data, 0, 32);
        System.arraycopy(publicKey.raw(), 0, data, 32, 32);
        byte[] out = KeyProto.encode(KeyType.ED25519, data);
        Arrays.fill(data, (byte) 0);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PrivateKey k && MessageDigest.isEqual(seed, k.seed);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "Ed25519PrivateKey[public=" + publicKey + "]";
    }
}
