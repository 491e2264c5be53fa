package dev.ferry.identity;

/** Malformed or unsupported key, peer ID or DID: the one exception the decoders of this package throw. */
public final class KeyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
        super(message);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
