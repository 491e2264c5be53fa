package dev.ferry.exchange.ferry.proof;

import java.io.IOException;

/**
 * The challenged peer does not speak {@code /ferry/proof/1.0.0} (it answered {@code na} to the protocol proposal): a
 * ferry from before storage proofs.
 */
public final class ProofProtocolException extends IOException {
    public ProofProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
