package dev.ferry.net.host;

import java.io.IOException;

/**
 * A connection or stream was refused because a {@link HostConfig} limit is reached; a {@link ResourceLimitException}
 * when the limit is one of a resource scope's.
 */
public sealed class ConnectionLimitException extends IOException permits ResourceLimitException {
    public ConnectionLimitException(String message) {
        super(message);
    }
}
