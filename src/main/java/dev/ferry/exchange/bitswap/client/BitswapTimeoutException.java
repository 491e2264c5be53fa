package dev.ferry.exchange.bitswap.client;

import dev.ferry.multiformats.Cid;

/** No peer delivered {@link #cid()} in time. Its wants have been cancelled. */
public final class BitswapTimeoutException extends RuntimeException {
    private final transient Cid cid;

    public BitswapTimeoutException(Cid cid, String message) {
        super(message);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
