package dev.ferry.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * X25519 Diffie-Hellman (RFC 7748) on raw 32-byte keys, through the JDK's {@code XDH}. A private key is the 32-byte
 * scalar (clamped by the function itself); a public key is the little-endian u-coordinate, whose top bit is ignored
 * on input (RFC 7748 §5). Stateless and thread-safe.
 */
public final class X25519 {
    /** Length of private keys, public keys and shared secrets. */
    public static final int KEY_LENGTH = 32;

    private static final byte[] BASE_POINT = basePoint();

    private X25519() {}

    /** A raw key pair. The arrays are not copied: treat them as read-only. */
    public record KeyPair(byte[] privateKey, byte[] publicKey) {
        public KeyPair {
            requireLength(privateKey, "private key");
            requireLength(publicKey, "public key");
        }

        @Override
        public String toString() {
            return "X25519.KeyPair[publicKey=" + java.util.HexFormat.of().formatHex(publicKey) + "]";
        }
    }

    /** A fresh key pair: 32 random bytes as the scalar and its public key. */
    public static KeyPair generate(SecureRandom random) {
        byte[] priv = new byte[KEY_LENGTH];
        random.nextBytes(priv);
        return new KeyPair(priv, publicKey(priv));
    }

    /** The public key of a 32-byte private scalar: X25519(priv, 9). */
    public static byte[] publicKey(byte[] privateKey) {
        return agree(privateKey, BASE_POINT);
    }

    /**
     * The 32-byte shared secret X25519(priv, pub).
     *
     * @throws IllegalArgumentException on wrong key lengths
     * @throws CryptoException when the result is all zeros (a low-order public key, RFC 7748 §6.1)
     */
    public static byte[] agree(byte[] privateKey, byte[] publicKey) {
        requireLength(privateKey, "private key");
        requireLength(publicKey, "public key");
        try {
            KeyFactory kf = KeyFactory.getInstance("XDH");
            XECPrivateKey priv = (XECPrivateKey) kf.generatePrivate(
                    new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey.clone()));
            XECPublicKey pub = (XECPublicKey) kf.generatePublic(
                    new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(publicKey)));
            KeyAgreement ka = KeyAgreement.getInstance("XDH");
            ka.init(priv);
            ka.doPhase(pub, true);
            byte[] secret = ka.generateSecret();
            if (isZero(secret)) {
                throw new CryptoException("X25519 shared secret is zero (low-order public key)");
            }
            return secret;
        } catch (GeneralSecurityException e) {
            // The JDK itself reports an all-zero result as an InvalidKeyException.
            throw new CryptoException("X25519 agreement failed: " + e.getMessage(), e);
        }
    }

    /** Little-endian u-coordinate with the top bit masked, as a non-negative integer (may be ≥ p: the JDK reduces it). */
    static BigInteger decodeU(byte[] raw) {
        byte[] be = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            be[i] = raw[KEY_LENGTH - 1 - i];
        }
        be[0] &= 0x7f;
        return new BigInteger(1, be);
    }

    private static boolean isZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }

    private static void requireLength(byte[] key, String what) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("X25519 " + what + " must be 32 bytes, got "
                    + (key == null ? "null" : key.length));
        }
    }

    private static byte[] basePoint() {
        byte[] b = new byte[KEY_LENGTH];
        b[0] = 9;
        return b;
    }
}
