package dev.ferry.node.trust;

import dev.ferry.node.repo.RepoException;

/** {@code trust.json} cannot be read or written, or does not hold a valid trust store; the message is for the user. */
public final class TrustFileException extends RepoException {
    public TrustFileException(String message) {
        super(message);
    }

    public TrustFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
