package dev.ferry.exchange.ferry.pin.wire;

/** The state a pin reply reports. Wire codes frozen; 0 is not a state. */
public enum PinState {
    /** The whole DAG is held and pinned. */
    PINNED(1),
    /** Accepted: the DAG is being fetched, ask STATUS later. */
    PINNING(2),
    /** Not pinned here (after UNPIN, or STATUS of something never pinned). */
    NOT_PINNED(3),
    /** The asked node will not do it for this requester (policy, trust, no did:key). */
    REFUSED(4),
    /** The asked node tried and failed (fetch failed, store error, handler error). */
    FAILED(5),
    /** The request was malformed. */
    BAD_REQUEST(6),
    /** Too many requests from this peer or in total; try again later. */
    BUSY(7);

    private final int code;

    PinState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for 0 and unknown codes */
    public static PinState ofCode(int code) {
        for (PinState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown pin state " + Integer.toUnsignedString(code));
    }
}
