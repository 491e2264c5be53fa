package dev.ferry.dag.json;

/** The only exception {@link DagJson} throws for input that is not dag-json; the message says what and where. */
public class DagJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DagJsonException(String message) {
        super(message);
    }
}
