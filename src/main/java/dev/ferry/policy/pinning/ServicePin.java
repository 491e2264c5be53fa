package dev.ferry.policy.pinning;

import java.util.Objects;

/** A policy pin's request at a remote pinning service: ASKED until the service reports it pinned, then CONFIRMED. */
public record ServicePin(String service, String requestId, ReplicaHolder.State state) {
    public ServicePin {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(state, "state");
        if (requestId == null || requestId.isEmpty() || requestId.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("a request id is non-empty text without spaces: " + requestId);
        }
    }
}
