package dev.ferry.node.p2p;

/** A mount refused: a protocol outside {@code /x/}, one the node serves itself, a bad address, a duplicate. */
public final class StreamMountingException extends RuntimeException {
    public StreamMountingException(String message) {
        super(message);
    }

    public StreamMountingException(String message, Throwable cause) {
        super(message, cause);
    }
}
