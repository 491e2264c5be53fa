package dev.ferry.net.pnet;

/** A swarm key file that is not a PSK v1 key; the one exception {@link SwarmKey#parse} throws for bad input. */
public final class InvalidSwarmKeyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidSwarmKeyException(String message) {
        super(message);
    }

    public InvalidSwarmKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
