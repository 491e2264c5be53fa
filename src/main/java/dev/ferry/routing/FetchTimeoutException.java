package dev.ferry.routing;

import dev.ferry.multiformats.Cid;

/** No source delivered a block within the fetch's timeout. */
public final class FetchTimeoutException extends RuntimeException {
    private final Cid cid;

    public FetchTimeoutException(Cid cid, String message) {
        super(message);
        this.cid = cid;
    }

    public FetchTimeoutException(Cid cid, String message, Throwable cause) {
        super(message, cause);
        this.cid = cid;
    }

    /** The block that did not arrive. */
    public Cid cid() {
        return cid;
    }
}
