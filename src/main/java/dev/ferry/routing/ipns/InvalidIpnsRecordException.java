package dev.ferry.routing.ipns;

/** An IPNS record that is malformed, wrongly signed, for another name, or expired. */
public final class InvalidIpnsRecordException extends Exception {
    public InvalidIpnsRecordException(String message) {
        super(message);
    }

    public InvalidIpnsRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
