package dev.ferry.crypto;

/**
 * ChaCha20-Poly1305 (RFC 8439): 32-byte key, 12-byte nonce, 16-byte tag appended to the ciphertext.
 *
 * <p>The {@code long} nonce forms build the nonce the way Noise does: 4 zero bytes followed by the 64-bit counter in
 * little-endian order. {@code ad} may be {@code null} (= empty). Output may alias input (same array, same offset).
 *
 * <p>Instances are NOT thread-safe (they keep a cipher context and buffers): use one per direction of a connection;
 * handing an instance to another thread needs a happens-before edge (a lock, a queue). Close instances you no longer
 * need; native resources are also released when an instance becomes unreachable.
 */
public interface AeadCipher extends AutoCloseable {
    int KEY_LENGTH = 32;
    int NONCE_LENGTH = 12;
    int TAG_LENGTH = 16;

    /**
     * Encrypts {@code in[inOff, inOff+inLen)} and writes ciphertext ‖ tag ({@code inLen + 16} bytes) at
     * {@code out[outOff]}.
     *
     * @return the number of bytes written, {@code inLen + 16}
     * @throws IllegalArgumentException on a wrong key length
     * @throws IndexOutOfBoundsException when a range does not fit its array
     */
    default int seal(byte[] key, long nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        return seal(key, noiseNonce(nonce), ad, in, inOff, inLen, out, outOff);
    }

    /**
     * Authenticates and decrypts {@code in[inOff, inOff+inLen)} (ciphertext ‖ tag), writing {@code inLen - 16} bytes of
     * plaintext at {@code out[outOff]}. Nothing is written when authentication fails.
     *
     * @return the number of bytes written, {@code inLen - 16}
     * @throws AeadException when the tag does not verify or {@code inLen < 16}
     */
    default int open(byte[] key, long nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        return open(key, noiseNonce(nonce), ad, in, inOff, inLen, out, outOff);
    }

    /** {@link #seal(byte[], long, byte[], byte[], int, int, byte[], int)} with an explicit 12-byte nonce. */
    int seal(byte[] key, byte[] nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff);

    /** {@link #open(byte[], long, byte[], byte[], int, int, byte[], int)} with an explicit 12-byte nonce. */
    int open(byte[] key, byte[] nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff);

    /** Convenience: a new array holding ciphertext ‖ tag. */
    default byte[] seal(byte[] key, long nonce, byte[] ad, byte[] plaintext) {
        byte[] out = new byte[plaintext.length + TAG_LENGTH];
        seal(key, nonce, ad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /**
     * Convenience: a new array holding the plaintext.
     *
     * @throws AeadException when authentication fails
     */
    default byte[] open(byte[] key, long nonce, byte[] ad, byte[] ciphertext) {
        if (ciphertext.length < TAG_LENGTH) {
            throw new AeadException("ciphertext shorter than the tag");
        }
        byte[] out = new byte[ciphertext.length - TAG_LENGTH];
        open(key, nonce, ad, ciphertext, 0, ciphertext.length, out, 0);
        return out;
    }

    /** The backend's name, e.g. {@code "openssl"} or {@code "jdk"}. */
    String name();

    /** Releases the cipher's resources; further use throws {@link IllegalStateException}. Idempotent. */
    @Override
    void close();

    /** The Noise nonce: 4 zero bytes ‖ little-endian 64-bit {@code counter}. */
    static byte[] noiseNonce(long counter) {
        byte[] n = new byte[NONCE_LENGTH];
        for (int i = 0; i < 8; i++) {
            n[4 + i] = (byte) (counter >>> (8 * i));
        }
        return n;
    }
}
