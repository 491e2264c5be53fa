package dev.ferry.exchange.ferry.pin.wire;

import java.io.IOException;

/** The only exception the pin protocol's decoders throw for malformed or oversized input. */
public final class PinFormatException extends IOException {
    public PinFormatException(String message) {
        super(message);
    }

    public PinFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
