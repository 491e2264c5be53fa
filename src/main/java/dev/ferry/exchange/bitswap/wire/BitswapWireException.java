package dev.ferry.exchange.bitswap.wire;

import java.io.IOException;

/** The only exception the Bitswap decoders throw for malformed or oversized input. */
public final class BitswapWireException extends IOException {
    public BitswapWireException(String message) {
        super(message);
    }

    public BitswapWireException(String message, Throwable cause) {
        super(message, cause);
    }
}
