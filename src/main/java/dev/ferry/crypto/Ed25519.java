package dev.ferry.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;

/**
 * Ed25519 signatures (RFC 8032) on raw keys: a private key is the 32-byte seed, a public key the 32-byte encoded point
 * (little-endian y, top bit = parity of x), a signature 64 bytes. Through the system's libsodium when it loads (about
 * 20x faster than the JDK's EdDSA on this project's machines, which matters where every pubsub message is signed and
 * checked), else the JDK's; both give the same signatures (Ed25519 is deterministic). libsodium's verification is the
 * stricter (it also refuses small-order keys and points), which only ever turns a crafted signature away. Stateless
 * and thread-safe.
 */
public final class Ed25519 {
    public static final int SEED_LENGTH = 32;
    public static final int PUBLIC_KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private Ed25519() {}

    /** A raw key pair. The arrays are not copied: treat them as read-only. */
    public record KeyPair(byte[] seed, byte[] publicKey) {
        public KeyPair {
            requireLength(seed, SEED_LENGTH, "seed");
            requireLength(publicKey, PUBLIC_KEY_LENGTH, "public key");
        }

        @Override
        public String toString() {
            return "Ed25519.KeyPair[publicKey=" + HexFormat.of().formatHex(publicKey) + "]";
        }
    }

    /** A fresh key pair from 32 random bytes. */
    public static KeyPair generate(SecureRandom random) {
        byte[] seed = new byte[SEED_LENGTH];
        random.nextBytes(seed);
        return new KeyPair(seed, publicKey(seed));
    }

    /** Messages up to this size go to libsodium straight from the heap; longer ones are copied off it first. */
    static final int CRITICAL_MAX = 64 * 1024;

    /** Whether libsodium does the work. */
    public static boolean isNative() {
        return LibSodium.AVAILABLE;
    }

    /** The public key of a 32-byte seed. */
    public static byte[] publicKey(byte[] seed) {
        requireLength(seed, SEED_LENGTH, "seed");
        if (LibSodium.AVAILABLE) {
            return nativeKeyPair(seed)[0];
        }
        return jdkPublicKey(seed);
    }

    /** {pk[32], sk[64]} from libsodium. */
    private static byte[][] nativeKeyPair(byte[] seed) {
        byte[] pk = new byte[PUBLIC_KEY_LENGTH];
        byte[] sk = new byte[64];
        int rc;
        try {
            rc = (int) LibSodium.ED25519_SEED_KEYPAIR.invokeExact(MemorySegment.ofArray(pk), MemorySegment.ofArray(sk),
                    MemorySegment.ofArray(seed));
        } catch (Throwable t) {
            throw new CryptoException("libsodium Ed25519 key derivation failed", t);
        }
        if (rc != 0) {
            throw new CryptoException("libsodium Ed25519 key derivation returned " + rc);
        }
        return new byte[][] {pk, sk};
    }

    static byte[] jdkPublicKey(byte[] seed) {
        try {
            // The JDK derives a public key only while generating a pair: let the generator draw our seed as its
            // randomness (it asks for exactly the 32 private-key bytes; SeedSpi refuses anything else).
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("Ed25519");
            kpg.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            EdECPublicKey pub = (EdECPublicKey) kpg.generateKeyPair().getPublic();
            return encodePoint(pub.getPoint());
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Ed25519 unavailable", e);
        }
    }

    /** The 64-byte signature of {@code message} under the key with this seed (deterministic). */
    public static byte[] sign(byte[] seed, byte[] message) {
        requireLength(seed, SEED_LENGTH, "seed");
        if (LibSodium.AVAILABLE) {
            return nativeSign(seed, message);
        }
        return jdkSign(seed, message);
    }

    /**
     * As {@link #sign(byte[], byte[])} for a seed whose public key the caller holds (it must be the seed's, as a key
     * pair guarantees): saves deriving it again, a third of a signature's cost.
     */
    public static byte[] sign(byte[] seed, byte[] publicKey, byte[] message) {
        requireLength(seed, SEED_LENGTH, "seed");
        requireLength(publicKey, PUBLIC_KEY_LENGTH, "public key");
        if (!LibSodium.AVAILABLE) {
            return jdkSign(seed, message);
        }
        byte[] sk = new byte[64];
        System.arraycopy(seed, 0, sk, 0, SEED_LENGTH);
        System.arraycopy(publicKey, 0, sk, SEED_LENGTH, PUBLIC_KEY_LENGTH);
        return nativeSignWith(sk, message);
    }

    static byte[] nativeSign(byte[] seed, byte[] message) {
        return nativeSignWith(nativeKeyPair(seed)[1], message);
    }

    /** Signs with libsodium's 64-byte secret key (seed ‖ public key), which it wipes afterwards. */
    private static byte[] nativeSignWith(byte[] sk, byte[] message) {
        byte[] sig = new byte[SIGNATURE_LENGTH];
        int rc;
        try (Arena arena = message.length > CRITICAL_MAX ? Arena.ofConfined() : null) {
            MemorySegment m = arena == null ? MemorySegment.ofArray(message)
                    : arena.allocate(message.length).copyFrom(MemorySegment.ofArray(message));
            rc = (int) LibSodium.ED25519_SIGN.invokeExact(MemorySegment.ofArray(sig), MemorySegment.NULL, m,
                    (long) message.length, MemorySegment.ofArray(sk));
        } catch (Throwable t) {
            throw new CryptoException("libsodium Ed25519 signing failed", t);
        } finally {
            java.util.Arrays.fill(sk, (byte) 0);
        }
        if (rc != 0) {
            throw new CryptoException("libsodium Ed25519 signing returned " + rc);
        }
        return sig;
    }

    static byte[] jdkSign(byte[] seed, byte[] message) {
        try {
            PrivateKey priv = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(priv);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Ed25519 signing failed", e);
        }
    }

    /**
     * Whether {@code signature} is valid for {@code message} under {@code publicKey}. Never throws for malformed keys
     * or signatures (wrong length, not a point): answers {@code false}.
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_LENGTH
                || signature == null || signature.length != SIGNATURE_LENGTH || message == null) {
            return false;
        }
        return LibSodium.AVAILABLE ? nativeVerify(publicKey, message, signature)
                : jdkVerify(publicKey, message, signature);
    }

    static boolean nativeVerify(byte[] publicKey, byte[] message, byte[] signature) {
        try (Arena arena = message.length > CRITICAL_MAX ? Arena.ofConfined() : null) {
            MemorySegment m = arena == null ? MemorySegment.ofArray(message)
                    : arena.allocate(message.length).copyFrom(MemorySegment.ofArray(message));
            int rc = (int) LibSodium.ED25519_VERIFY.invokeExact(MemorySegment.ofArray(signature), m,
                    (long) message.length, MemorySegment.ofArray(publicKey));
            return rc == 0;
        } catch (Throwable t) {
            throw new CryptoException("libsodium Ed25519 verification failed", t);
        }
    }

    static boolean jdkVerify(byte[] publicKey, byte[] message, byte[] signature) {
        try {
            PublicKey pub = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, decodePoint(publicKey)));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(pub);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // Not a valid point, non-canonical encoding, or a malformed signature: all simply "not valid".
            return false;
        }
    }

    static EdECPoint decodePoint(byte[] raw) {
        byte[] be = new byte[PUBLIC_KEY_LENGTH];
        for (int i = 0; i < PUBLIC_KEY_LENGTH; i++) {
            be[i] = raw[PUBLIC_KEY_LENGTH - 1 - i];
        }
        boolean xOdd = (be[0] & 0x80) != 0;
        be[0] &= 0x7f;
        return new EdECPoint(xOdd, new BigInteger(1, be));
    }

    static byte[] encodePoint(EdECPoint p) {
        byte[] be = p.getY().toByteArray();
        byte[] le = new byte[PUBLIC_KEY_LENGTH];
        for (int i = 0; i < Math.min(be.length, PUBLIC_KEY_LENGTH); i++) {
            le[i] = be[be.length - 1 - i];
        }
        if (p.isXOdd()) {
            le[PUBLIC_KEY_LENGTH - 1] |= (byte) 0x80;
        }
        return le;
    }

    private static void requireLength(byte[] b, int len, String what) {
        if (b == null || b.length != len) {
            throw new IllegalArgumentException("Ed25519 " + what + " must be " + len + " bytes, got "
                    + (b == null ? "null" : b.length));
        }
    }

    /** A "random" source that hands out the given seed once, exactly. */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        SeedRandom(byte[] seed) {
            super(new SeedSpi(seed), null);
        }
    }

    private static final class SeedSpi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private byte[] seed;

        SeedSpi(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        protected void engineSetSeed(byte[] s) {
            throw new IllegalStateException("not seedable");
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            if (seed == null || bytes.length != seed.length) {
                throw new IllegalStateException("unexpected draw of " + bytes.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
            seed = null;
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            throw new IllegalStateException("no seed generation");
        }
    }
}
