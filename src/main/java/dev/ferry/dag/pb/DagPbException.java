package dev.ferry.dag.pb;

/**
 * The only exception {@link PbCodec} throws for bytes that are not canonical-enough dag-pb, or for a node that cannot be
 * encoded (block above the size cap). The message says what is wrong and where.
 */
public class DagPbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DagPbException(String message) {
        super(message);
    }

    public DagPbException(String message, Throwable cause) {
        super(message, cause);
    }
}
