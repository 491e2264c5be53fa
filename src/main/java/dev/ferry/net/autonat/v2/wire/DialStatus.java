package dev.ferry.net.autonat.v2.wire;

import java.util.Optional;

/** The outcome of the one dial-back an AutoNAT v2 server made, with its wire code. */
public enum DialStatus {
    /** No dial was made (the value of a response that is not OK). */
    UNUSED(0),
    /** The server could not connect to the address. */
    E_DIAL_ERROR(100),
    /** The server connected but could not deliver the nonce on the dial-back stream. */
    E_DIAL_BACK_ERROR(101),
    /** The server connected and delivered the nonce. */
    OK(200);

    private final int code;

    DialStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status of a wire code; empty for a code the spec does not define. */
    public static Optional<DialStatus> ofCode(int code) {
        for (DialStatus s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
