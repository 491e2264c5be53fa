package dev.ferry.store;

/** A filestore index record that cannot be decoded (torn, altered, or not a record at all). */
public class CorruptFilestoreEntryException extends StoreException {
    private static final long serialVersionUID = 1L;

    public CorruptFilestoreEntryException(String message) {
        super(message);
    }
}
