package dev.ferry.exchange.ferry;

/** A peer's capabilities message was refused, for {@link #reason()}. */
public final class CapabilitiesRefusedException extends Exception {
    private final Rejection reason;

    public CapabilitiesRefusedException(Rejection reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public CapabilitiesRefusedException(Rejection reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Rejection reason() {
        return reason;
    }
}
