package dev.ferry.store;

/** The bytes do not hash to the CID they are claimed under (or a stored block file is corrupt). */
public class InvalidBlockException extends BlockException {
    private static final long serialVersionUID = 1L;

    public InvalidBlockException(String message) {
        super(message);
    }
}
