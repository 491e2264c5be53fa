package dev.ferry.dag.mfs;

/** A malformed argument (a relative or empty path, a negative offset, an unknown CID version): the caller's mistake, not the file system's state. */
public final class MfsArgumentException extends MfsException {
    public MfsArgumentException(String message) {
        super(message);
    }
}
