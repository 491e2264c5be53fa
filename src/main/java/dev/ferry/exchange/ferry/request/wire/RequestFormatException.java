package dev.ferry.exchange.ferry.request.wire;

import java.io.IOException;

/** The only exception the request protocol's decoders throw for malformed or oversized input. */
public final class RequestFormatException extends IOException {
    public RequestFormatException(String message) {
        super(message);
    }

    public RequestFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
