package dev.ferry.crypto;

/** A cryptographic operation failed (bad tag, low-order key, missing algorithm). Unchecked. */
public class CryptoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
