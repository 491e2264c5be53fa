package dev.ferry.node.repo;

/** A repository cannot be opened, created, locked or read; the message is meant for the user as is. */
public class RepoException extends RuntimeException {
    public RepoException(String message) {
        super(message);
    }

    public RepoException(String message, Throwable cause) {
        super(message, cause);
    }
}
