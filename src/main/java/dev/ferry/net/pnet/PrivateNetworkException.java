package dev.ferry.net.pnet;

import java.io.IOException;

/** A connection that could not join the private network: no nonce from the peer, or a peer with another key. */
public final class PrivateNetworkException extends IOException {
    private static final long serialVersionUID = 1L;

    public PrivateNetworkException(String message) {
        super(message);
    }

    public PrivateNetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
