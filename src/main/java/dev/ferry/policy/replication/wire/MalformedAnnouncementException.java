package dev.ferry.policy.replication.wire;

import java.io.IOException;

/**
 * The only exception {@link ReplicationMessageCodec#decode} and {@link RootAnnouncementCodec#decode} throw, for
 * malformed or oversized input.
 */
public final class MalformedAnnouncementException extends IOException {
    public MalformedAnnouncementException(String message) {
        super(message);
    }

    public MalformedAnnouncementException(String message, Throwable cause) {
        super(message, cause);
    }
}
