package dev.ferry.dag.mfs;

/** An MFS operation refused or failed (missing entry, wrong type, existing name, ...); nothing was changed. */
public class MfsException extends RuntimeException {
    public MfsException(String message) {
        super(message);
    }

    public MfsException(String message, Throwable cause) {
        super(message, cause);
    }
}
