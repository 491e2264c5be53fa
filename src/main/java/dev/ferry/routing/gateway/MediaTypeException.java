package dev.ferry.routing.gateway;

/** A {@code Content-Type} value that does not follow RFC 9110 section 8.3.1, or exceeds the parser's caps. */
public final class MediaTypeException extends RuntimeException {
    public MediaTypeException(String message) {
        super(message);
    }
}
