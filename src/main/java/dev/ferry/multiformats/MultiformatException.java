package dev.ferry.multiformats;

/**
 * The single exception every decoder in this package throws for malformed input. Unchecked, and an
 * {@link IllegalArgumentException} so that callers passing bad text or bytes get the usual contract.
 */
public final class MultiformatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MultiformatException(String message) {
        super(message);
    }

    public MultiformatException(String message, Throwable cause) {
        super(message, cause);
    }
}
