package dev.ferry.store;

/** A block that a caller required is not in the store. */
public class BlockNotFoundException extends BlockException {
    private static final long serialVersionUID = 1L;

    public BlockNotFoundException(String message) {
        super(message);
    }
}
