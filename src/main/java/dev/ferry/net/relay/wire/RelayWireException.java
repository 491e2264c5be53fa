package dev.ferry.net.relay.wire;

import java.io.IOException;

/** A relay frame that is malformed, too large, cut short, or not a message the spec defines. */
public final class RelayWireException extends IOException {
    public RelayWireException(String message, Throwable cause) {
        super(message, cause);
    }

    public RelayWireException(String message) {
        super(message);
    }
}
