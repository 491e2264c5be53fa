package dev.ferry.net.relay.wire;

import java.util.Optional;

/** The status of a relay {@code STATUS} message, with its wire code. */
public enum Status {
    OK(100),
    /** The relay will not hold a reservation for this peer (too many, or for reasons of its own). */
    RESERVATION_REFUSED(200),
    /** Too many circuits from the initiator or to the target, or some other limit. */
    RESOURCE_LIMIT_EXCEEDED(201),
    /** An access rule refuses the peer. */
    PERMISSION_DENIED(202),
    /** The relay could not reach the target, or the target refused the circuit. */
    CONNECTION_FAILED(203),
    /** The target holds no reservation on this relay. */
    NO_RESERVATION(204),
    MALFORMED_MESSAGE(400),
    /** A message of a type that has no place at this point of the exchange. */
    UNEXPECTED_MESSAGE(401);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status of a wire code; empty for a code the spec does not define. */
    public static Optional<Status> ofCode(int code) {
        for (Status s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
