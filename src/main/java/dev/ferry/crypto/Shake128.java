package dev.ferry.crypto;

import org.bouncycastle.crypto.digests.SHAKEDigest;

/** SHAKE128 (FIPS 202) with a chosen output length. */
public final class Shake128 {
    private Shake128() {
    }

    /**
     * @throws IllegalArgumentException when {@code outLength} is not positive
     */
    public static byte[] digest(byte[] data, int outLength) {
        if (outLength <= 0) {
            throw new IllegalArgumentException("output length must be positive");
        }
        SHAKEDigest d = new SHAKEDigest(128);
        d.update(data, 0, data.length);
        byte[] out = new byte[outLength];
        d.doFinal(out, 0, outLength);
        return out;
    }
}
