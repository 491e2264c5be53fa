package dev.ferry.net.mux.yamux;

/** The type byte of a Yamux header. Wire codes are explicit; enum order carries no meaning. */
public enum YamuxFrameType {
    /** Stream data; length = payload bytes that follow the header. */
    DATA(0),
    /** Stream flow-control credit; length = window delta. Also opens/acks/closes/resets via flags. */
    WINDOW_UPDATE(1),
    /** Session liveness; stream id 0, length = opaque value echoed back. */
    PING(2),
    /** Session termination; stream id 0, length = {@link GoAwayCode}. */
    GO_AWAY(3);

    private final int code;

    YamuxFrameType(int code) {
        this.code = code;
    }

    /** The value on the wire. */
    public int code() {
        return code;
    }

    private static final YamuxFrameType[] BY_CODE = {DATA, WINDOW_UPDATE, PING, GO_AWAY};

    /** The type for a wire value, or null when unknown. */
    static YamuxFrameType ofOrNull(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
