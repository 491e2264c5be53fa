package dev.ferry.exchange.bitswap.wire;

/** What a wantlist entry asks for (1.2); older peers only know {@link #BLOCK}. */
public enum WantType {
    BLOCK(0),
    HAVE(1);

    private final int code;

    WantType(int code) {
        this.code = code;
    }

    /** The protobuf enum value. */
    public int code() {
        return code;
    }

    public static WantType of(int code) throws BitswapWireException {
        return switch (code) {
            case 0 -> BLOCK;
            case 1 -> HAVE;
            default -> throw new BitswapWireException("unknown want type " + code);
        };
    }
}
