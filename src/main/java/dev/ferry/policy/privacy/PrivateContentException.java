package dev.ferry.policy.privacy;

import java.io.IOException;

/** The private-content file is malformed or truncated (it is never half-written by us: writes are atomic). */
public final class PrivateContentException extends IOException {
    public PrivateContentException(String message) {
        super(message);
    }

    public PrivateContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
