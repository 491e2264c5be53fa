package dev.ferry.net.mux.yamux;

import java.util.Optional;

/** The reason carried in the length field of a GoAway frame. Wire codes are explicit. */
public enum GoAwayCode {
    NORMAL(0),
    PROTOCOL_ERROR(1),
    INTERNAL_ERROR(2);

    private final int code;

    GoAwayCode(int code) {
        this.code = code;
    }

    /** The value on the wire. */
    public int code() {
        return code;
    }

    /** The code for a wire value, if known. */
    public static Optional<GoAwayCode> of(long code) {
        for (GoAwayCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
