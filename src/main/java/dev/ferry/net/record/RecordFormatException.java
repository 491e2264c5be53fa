package dev.ferry.net.record;

/** A signed envelope or peer record that is malformed, over its caps, or whose signature does not hold. */
public final class RecordFormatException extends Exception {
    public RecordFormatException(String message) {
        super(message);
    }

    public RecordFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
