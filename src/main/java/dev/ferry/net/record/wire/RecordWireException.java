package dev.ferry.net.record.wire;

/** A signed envelope or peer record protobuf that does not parse, or holds what the reader refuses. */
public final class RecordWireException extends Exception {
    public RecordWireException(String message) {
        super(message);
    }

    public RecordWireException(String message, Throwable cause) {
        super(message, cause);
    }
}
