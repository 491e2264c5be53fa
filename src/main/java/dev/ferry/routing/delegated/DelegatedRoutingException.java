package dev.ferry.routing.delegated;

/** An HTTP router did not answer usably: unreachable, too slow, a refused request, or a malformed or oversized body. */
public final class DelegatedRoutingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DelegatedRoutingException(String message) {
        super(message);
    }

    public DelegatedRoutingException(String message, Throwable cause) {
        super(message, cause);
    }
}
