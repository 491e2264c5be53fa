package dev.ferry.net.autonat.v2.wire;

import java.io.IOException;

/** An AutoNAT v2 frame that is malformed, too large, cut short, or not a message the spec defines. */
public final class AutonatV2WireException extends IOException {
    public AutonatV2WireException(String message, Throwable cause) {
        super(message, cause);
    }
}
