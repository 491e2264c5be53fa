package dev.ferry.exchange.ferry.request;

import dev.ferry.multiformats.Cid;

/** A request the asked peer refused, or a transfer that failed (reason empty: the stream broke or timed out). */
public final class FerryRequestException extends RuntimeException {
    private final Cid cid;
    private final RefusalReason reason;

    public FerryRequestException(Cid cid, RefusalReason reason, String message) {
        super(message);
        this.cid = cid;
        this.reason = reason;
    }

    public Cid cid() {
        return cid;
    }

    /** The peer's stated reason, or null when the transfer itself failed. */
    public RefusalReason reason() {
        return reason;
    }
}
