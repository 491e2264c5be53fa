package dev.ferry.api.profile;

/** A profile that cannot be taken: options that make no sense, or another profile being taken. */
public final class ProfileException extends RuntimeException {
    /** Why: the caller's options, or a profile already running. */
    public enum Reason { BAD_OPTION, BUSY }

    private final Reason reason;

    public ProfileException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static ProfileException badOption(String message) {
        return new ProfileException(Reason.BAD_OPTION, message);
    }
}
