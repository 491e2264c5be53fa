package dev.ferry.exchange.ferry.request;

/** Why an asked peer did not deliver. Wire codes fixed. */
public enum RefusalReason {
    NOT_FOUND(1),
    NOT_ALLOWED(2),
    TTL_EXHAUSTED(3),
    BUSY(4),
    BAD_REQUEST(5);

    private final int code;

    RefusalReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static RefusalReason ofCode(int code) {
        for (RefusalReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown refusal code " + code);
    }
}
