package dev.ferry.dag.unixfs;

/** A path that does not resolve: no entry of that name, or a segment that is not a directory. */
public class UnixfsPathException extends UnixfsException {
    private static final long serialVersionUID = 1L;

    public UnixfsPathException(String message) {
        super(message);
    }
}
