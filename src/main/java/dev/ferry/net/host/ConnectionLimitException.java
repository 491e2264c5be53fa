package dev.ferry.net.host;

import java.io.IOException;

/** A connection or stream was refused because a {@link HostConfig} limit is reached. */
public final class ConnectionLimitException extends IOException {
    public ConnectionLimitException(String message) {
        super(message);
    }
}
