package dev.ferry.store;

/** An I/O failure of a store (usually wrapping an {@link java.io.IOException}), or a store that cannot be opened. */
public class StoreException extends BlockException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
