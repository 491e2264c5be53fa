package dev.ferry.pubsub.wire;

import java.io.IOException;

/** The only exception the pubsub decoders throw for malformed or oversized input. */
public final class PubsubWireException extends IOException {
    public PubsubWireException(String message) {
        super(message);
    }

    public PubsubWireException(String message, Throwable cause) {
        super(message, cause);
    }
}
