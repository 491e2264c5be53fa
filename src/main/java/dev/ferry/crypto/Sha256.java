package dev.ferry.crypto;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SHA-256 and HMAC-SHA256 helpers. Stateless and thread-safe. */
public final class Sha256 {
    /** Digest length in bytes. */
    public static final int LENGTH = 32;

    private Sha256() {}

    /** A fresh SHA-256 digest (not thread-safe, as every {@link MessageDigest}). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new CryptoException("SHA-256 unavailable", e);
        }
    }

    public static byte[] hash(byte[] data) {
        return newDigest().digest(data);
    }

    public static byte[] hash(byte[] data, int off, int len) {
        MessageDigest md = newDigest();
        md.update(data, off, len);
        return md.digest();
    }

    /** SHA-256 of the concatenation of {@code parts}. */
    public static byte[] hash(byte[]... parts) {
        MessageDigest md = newDigest();
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    /** HMAC-SHA256 of the concatenation of {@code parts} under {@code key} (any length, also empty). */
    public static byte[] hmac(byte[] key, byte[]... parts) {
        Mac mac = newHmac(key);
        for (byte[] p : parts) {
            mac.update(p);
        }
        return mac.doFinal();
    }

    static Mac newHmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // SecretKeySpec rejects empty keys, HMAC does not: an empty key is a block of zeros (RFC 2104).
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new CryptoException("HMAC-SHA256 unavailable", e);
        }
    }
}
