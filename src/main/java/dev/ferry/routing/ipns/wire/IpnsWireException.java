package dev.ferry.routing.ipns.wire;

/** Bytes that are not an {@code IpnsEntry} protobuf. */
public final class IpnsWireException extends Exception {
    public IpnsWireException(String message, Throwable cause) {
        super(message, cause);
    }
}
