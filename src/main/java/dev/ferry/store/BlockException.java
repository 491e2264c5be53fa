package dev.ferry.store;

/** Root of the store's unchecked exceptions. */
public class BlockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BlockException(String message) {
        super(message);
    }

    public BlockException(String message, Throwable cause) {
        super(message, cause);
    }
}
