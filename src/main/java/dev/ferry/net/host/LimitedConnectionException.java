package dev.ferry.net.host;

import java.io.IOException;

/**
 * A stream was asked of a limited (relayed) connection for a protocol that does not run on such connections
 * ({@link Host#allowOnLimitedConnections}).
 */
public final class LimitedConnectionException extends IOException {
    public LimitedConnectionException(String message) {
        super(message);
    }
}
