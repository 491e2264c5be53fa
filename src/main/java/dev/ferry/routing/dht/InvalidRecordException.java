package dev.ferry.routing.dht;

/** A DHT value record that its namespace's validator refuses, or of a namespace this node has no validator for. */
public final class InvalidRecordException extends Exception {
    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
