package dev.ferry.dag.cbor;

/** The only exception {@link DagCbor} throws for bytes that are not strict dag-cbor; the message says what and where. */
public class DagCborException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DagCborException(String message) {
        super(message);
    }

    public DagCborException(String message, Throwable cause) {
        super(message, cause);
    }
}
