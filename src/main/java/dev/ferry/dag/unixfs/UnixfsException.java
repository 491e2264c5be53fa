package dev.ferry.dag.unixfs;

/**
 * Malformed or inconsistent UnixFS data: a bad {@code Data} protobuf, a node whose type does not fit where it was
 * found, sizes that do not add up, a HAMT shard that breaks the spec, or an unsafe name on export.
 */
public class UnixfsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnixfsException(String message) {
        super(message);
    }

    public UnixfsException(String message, Throwable cause) {
        super(message, cause);
    }
}
