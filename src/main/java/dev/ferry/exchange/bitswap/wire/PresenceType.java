package dev.ferry.exchange.bitswap.wire;

/** A block presence answer (1.2). */
public enum PresenceType {
    HAVE(0),
    DONT_HAVE(1);

    private final int code;

    PresenceType(int code) {
        this.code = code;
    }

    /** The protobuf enum value. */
    public int code() {
        return code;
    }

    public static PresenceType of(int code) throws BitswapWireException {
        return switch (code) {
            case 0 -> HAVE;
            case 1 -> DONT_HAVE;
            default -> throw new BitswapWireException("unknown presence type " + code);
        };
    }
}
