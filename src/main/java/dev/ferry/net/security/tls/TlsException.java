package dev.ferry.net.security.tls;

import java.io.IOException;

/** A libp2p TLS handshake or record failure: the connection is unusable afterwards. */
public class TlsException extends IOException {
    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
