package dev.ferry.exchange.ferry.proof.wire;

import java.io.IOException;

/** The only exception the proof protocol's decoders throw for malformed or oversized input. */
public final class ProofFormatException extends IOException {
    public ProofFormatException(String message) {
        super(message);
    }

    public ProofFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
