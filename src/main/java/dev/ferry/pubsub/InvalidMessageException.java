package dev.ferry.pubsub;

/** A received message that must be neither delivered nor forwarded: bad or missing signature, malformed fields. */
public final class InvalidMessageException extends Exception {
    public InvalidMessageException(String message) {
        super(message);
    }
}
