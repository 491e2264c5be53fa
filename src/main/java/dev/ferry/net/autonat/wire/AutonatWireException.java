package dev.ferry.net.autonat.wire;

import java.io.IOException;

/** An AutoNAT frame that is malformed, too large, cut short, or not a message the spec defines. */
public final class AutonatWireException extends IOException {
    public AutonatWireException(String message, Throwable cause) {
        super(message, cause);
    }
}
