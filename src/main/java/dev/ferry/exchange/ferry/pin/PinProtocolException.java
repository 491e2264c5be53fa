package dev.ferry.exchange.ferry.pin;

import java.io.IOException;

/** The asked peer does not speak {@code /ferry/pin/1.0.0}: it answered {@code na} to the protocol proposal. */
public final class PinProtocolException extends IOException {
    public PinProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
