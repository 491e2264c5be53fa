package dev.ferry.net.autonat.v2.wire;

import java.util.Optional;

/** Whether an AutoNAT v2 server served a dial request, with its wire code. */
public enum DialResponseStatus {
    /** The server failed for reasons of its own. */
    E_INTERNAL_ERROR(0),
    /** The server did not serve the request: rate limits, resources, or a block list. */
    E_REQUEST_REJECTED(100),
    /** The server would dial none of the addresses. */
    E_DIAL_REFUSED(101),
    /** The server dialled one address; the response's dial status says how that went. */
    OK(200);

    private final int code;

    DialResponseStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status of a wire code; empty for a code the spec does not define. */
    public static Optional<DialResponseStatus> ofCode(int code) {
        for (DialResponseStatus s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
