package dev.ferry.routing.dht.wire;

/** A DHT frame or message that is malformed or beyond the caps. */
public final class DhtWireException extends Exception {
    public DhtWireException(String message) {
        super(message);
    }

    public DhtWireException(String message, Throwable cause) {
        super(message, cause);
    }
}
