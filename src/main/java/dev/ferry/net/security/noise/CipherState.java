package dev.ferry.net.security.noise;

import dev.ferry.crypto.AeadCipher;
import dev.ferry.crypto.AeadException;
import java.util.Arrays;

/**
 * Noise CipherState: a key (or none) and a 64-bit nonce counter. Not thread-safe; each transport direction owns one.
 * The nonce 2^64-1 is reserved by the spec, so reaching it exhausts the state.
 */
final class CipherState {
    static final int TAG = 16;
    private static final long MAX_NONCE = -1L; // 2^64-1 as unsigned
    private static final byte[] EMPTY = new byte[0];

    private final AeadCipher aead;
    private byte[] key;
    private long nonce;

    CipherState(AeadCipher aead) {
        this.aead = aead;
    }

    void initializeKey(byte[] key32) {
        this.key = key32.clone();
        this.nonce = 0;
    }

    boolean hasKey() {
        return key != null;
    }

    /** For tests of nonce exhaustion only. */
    void setNonce(long n) {
        this.nonce = n;
    }

    /** Encrypts into {@code out} at {@code outOff}; returns the ciphertext length (plaintext + 16), or copies without a key. */
    int encryptWithAd(byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff) throws NoiseException {
        if (key == null) {
            System.arraycopy(in, inOff, out, outOff, inLen);
            return inLen;
        }
        checkNonce();
        int n = aead.seal(key, nonce, ad == null ? EMPTY : ad, in, inOff, inLen, out, outOff);
        nonce++;
        return n;
    }

    /** Decrypts; the nonce advances only on success. */
    int decryptWithAd(byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff) throws NoiseException {
        if (key == null) {
            System.arraycopy(in, inOff, out, outOff, inLen);
            return inLen;
        }
        if (inLen < TAG) {
            throw new NoiseException("ciphertext shorter than its tag: " + inLen);
        }
        checkNonce();
        int n;
        try {
            n = aead.open(key, nonce, ad == null ? EMPTY : ad, in, inOff, inLen, out, outOff);
        } catch (AeadException e) {
            throw new NoiseException("decryption failed (bad tag)", e);
        }
        nonce++;
        return n;
    }

    private void checkNonce() throws NoiseException {
        if (nonce == MAX_NONCE) {
            throw new NoiseException("nonce exhausted");
        }
    }

    /** Wipes the key; with {@code closeCipher} also releases the cipher instance (it must not be shared). */
    void destroy(boolean closeCipher) {
        if (key != null) {
            Arrays.fill(key, (byte) 0);
        }
        if (closeCipher) {
            aead.close();
        }
    }
}
