package dev.ferry.dag.car;

/**
 * The only exception the CAR reader throws for malformed input: bad or truncated header, truncated or oversized
 * section, invalid CID, a block that does not match its CID. The message says what and at which byte offset.
 */
public class CarException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CarException(String message) {
        super(message);
    }

    public CarException(String message, Throwable cause) {
        super(message, cause);
    }
}
