package dev.ferry.net.multistream;

import java.io.IOException;

/**
 * The peer broke multistream-select 1.0: a malformed or oversized message, a wrong header, an unexpected answer,
 * too many proposals, or the stream ended in the middle of the negotiation. The stream should be closed.
 */
public class MultistreamException extends IOException {
    public MultistreamException(String message) {
        super(message);
    }
}
