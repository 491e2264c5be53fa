package dev.ferry.exchange.ferry.request;

/** Where an asked peer may get content for the requester, in the order the requester prefers. Wire codes fixed. */
public enum Source {
    /** The asked peer's own store. */
    PEER(1),
    /** The IPFS network (Bitswap) on the requester's behalf: a proxy fetch. */
    IPFS(2),
    /** The asked peer's HTTP gateways on the requester's behalf: a proxy fetch. */
    GATEWAY(3);

    private final int code;

    Source(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Source ofCode(int code) {
        for (Source s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown source code " + code);
    }
}
