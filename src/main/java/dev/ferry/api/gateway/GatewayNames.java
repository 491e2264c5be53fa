package dev.ferry.api.gateway;

import java.time.Duration;
import java.util.Optional;

/** How the gateway resolves {@code /ipns/} names: the node's name system, or none. */
public interface GatewayNames {
    /** A name's current value and how long it may be cached. */
    record Resolved(String path, Duration ttl) {}

    /**
     * Resolves {@code name} (a key's {@code k51…} or peer ID form) to the {@code /ipfs/} path it points to,
     * following names that point to names.
     *
     * @throws GatewayException 400 for a malformed name, 404 when no valid record is found
     */
    Resolved resolve(String name);

    /** A name's best valid record, serialized, and its TTL. */
    record NameRecord(byte[] bytes, Duration ttl) {}

    /**
     * The best valid record of {@code name}; empty when none is found.
     *
     * @throws GatewayException 400 for a malformed name
     */
    Optional<NameRecord> record(String name);
}
