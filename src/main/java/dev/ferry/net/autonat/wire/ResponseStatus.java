package dev.ferry.net.autonat.wire;

import java.util.Optional;

/** The status of an AutoNAT {@code DialResponse}, with its wire code. */
public enum ResponseStatus {
    /** The server reached the requester at one of its addresses. */
    OK(0),
    /** The server dialled and every dial failed. */
    E_DIAL_ERROR(100),
    /** The server did not dial (no address it may dial, or throttled). */
    E_DIAL_REFUSED(101),
    /** The request was malformed (no peer info, a peer id that is not the requester's). */
    E_BAD_REQUEST(200),
    /** The server failed for reasons of its own. */
    E_INTERNAL_ERROR(300);

    private final int code;

    ResponseStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status of a wire code; empty for a code the spec does not define. */
    public static Optional<ResponseStatus> ofCode(int code) {
        for (ResponseStatus s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
