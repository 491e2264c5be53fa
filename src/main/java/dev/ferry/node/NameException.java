package dev.ferry.node;

/** An IPNS publish or resolve that cannot be done; {@link #notFound()} when no valid record was found. */
public final class NameException extends Exception {
    private final boolean notFound;

    public NameException(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    public boolean notFound() {
        return notFound;
    }
}
