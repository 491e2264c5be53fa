package dev.ferry.api.pinning;

import dev.ferry.multiformats.Cid;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pin object of the Pinning Service API: who made it (the access token's name, {@code ""} without tokens), when
 * (unique per service: the listing pages by it), what (a CID pinned recursively, with the client's name, origins and
 * metadata), and why it failed before its fetch could start ({@code failure}, empty otherwise).
 */
record RemotePin(String requestId, String owner, Instant created, Cid cid, String name, List<String> origins,
        Map<String, String> meta, String failure) {
    RemotePin {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(cid, "cid");
        name = name == null ? "" : name;
        origins = List.copyOf(origins);
        meta = Map.copyOf(meta);
        failure = failure == null ? "" : failure;
    }

    /** The requester this pin's content is kept under in the node's held replicas. */
    String keeperKey() {
        return "psa:" + requestId;
    }

    RemotePin failed(String why) {
        return new RemotePin(requestId, owner, created, cid, name, origins, meta, why);
    }
}
