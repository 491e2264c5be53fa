package dev.ferry.store;

/** A pin file that is torn, truncated, of an unknown version or otherwise malformed; the only exception its decoder throws. */
public class CorruptPinFileException extends StoreException {
    private static final long serialVersionUID = 1L;

    public CorruptPinFileException(String message) {
        super(message);
    }
}
