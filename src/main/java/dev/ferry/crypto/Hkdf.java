package dev.ferry.crypto;

import javax.crypto.Mac;

/**
 * HKDF as the Noise spec defines it (§4.3): {@code temp = HMAC(chainingKey, ikm)}, {@code out1 = HMAC(temp, 0x01)},
 * {@code out2 = HMAC(temp, out1 ‖ 0x02)}, {@code out3 = HMAC(temp, out2 ‖ 0x03)}. This is RFC 5869 HKDF-SHA256 with
 * the chaining key as salt and empty info, cut into 32-byte outputs. Stateless and thread-safe.
 */
public final class Hkdf {
    private Hkdf() {}

    /** The two 32-byte outputs {@code [out1, out2]}. */
    public static byte[][] hkdf2(byte[] chainingKey, byte[] inputKeyMaterial) {
        return derive(chainingKey, inputKeyMaterial, 2);
    }

    /** The three 32-byte outputs {@code [out1, out2, out3]}. */
    public static byte[][] hkdf3(byte[] chainingKey, byte[] inputKeyMaterial) {
        return derive(chainingKey, inputKeyMaterial, 3);
    }

    /**
     * {@code outputs} (1 to 255) blocks of 32 bytes each.
     *
     * @throws IllegalArgumentException when {@code outputs} is out of range
     */
    public static byte[][] derive(byte[] chainingKey, byte[] inputKeyMaterial, int outputs) {
        if (outputs < 1 || outputs > 255) {
            throw new IllegalArgumentException("HKDF outputs must be 1..255, got " + outputs);
        }
        byte[] temp = Sha256.hmac(chainingKey, inputKeyMaterial);
        Mac mac = Sha256.newHmac(temp);
        byte[][] out = new byte[outputs][];
        byte[] previous = new byte[0];
        for (int i = 0; i < outputs; i++) {
            mac.update(previous);
            mac.update((byte) (i + 1));
            previous = mac.doFinal();
            out[i] = previous;
        }
        java.util.Arrays.fill(temp, (byte) 0);
        return out;
    }
}
