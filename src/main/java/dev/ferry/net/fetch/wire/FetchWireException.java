package dev.ferry.net.fetch.wire;

import java.io.IOException;

/** A fetch frame that is malformed, too large, or cut short. */
public final class FetchWireException extends IOException {
    public FetchWireException(String message, Throwable cause) {
        super(message, cause);
    }
}
