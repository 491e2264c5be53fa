package dev.ferry.crypto;

/** Authentication of an AEAD ciphertext failed: wrong key, nonce, associated data or tag. */
public final class AeadException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public AeadException(String message) {
        super(message);
    }

    public AeadException(String message, Throwable cause) {
        super(message, cause);
    }
}
