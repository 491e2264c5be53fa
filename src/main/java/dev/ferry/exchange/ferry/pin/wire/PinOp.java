package dev.ferry.exchange.ferry.pin.wire;

/** What a pin request asks for. Wire codes frozen; 0 is not an operation. */
public enum PinOp {
    /** Keep the DAG (fetching it first if needed). */
    PIN(1),
    /** Stop keeping the DAG for the requester. */
    UNPIN(2),
    /** How far a pin is; changes nothing. */
    STATUS(3);

    private final int code;

    PinOp(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for 0 and unknown codes */
    public static PinOp ofCode(int code) {
        for (PinOp op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown pin op " + Integer.toUnsignedString(code));
    }
}
