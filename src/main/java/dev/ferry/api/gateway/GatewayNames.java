package dev.ferry.api.gateway;

import java.time.Duration;
import java.time.Instant;
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

    /** A name's best valid record, serialized, its TTL and the end of its validity. */
    record NameRecord(byte[] bytes, Duration ttl, Instant validity) {
        /**
         * How long the record may be cached at {@code now}: its TTL, but never past its validity (a cache must not
         * hand out a record that no longer verifies), and never negative.
         */
        Duration maxAge(Instant now) {
            Duration left = Duration.between(now, validity);
            Duration age = left.compareTo(ttl) < 0 ? left : ttl;
            return age.isNegative() ? Duration.ZERO : age;
        }
    }

    /**
     * The best valid record of {@code name}; empty when none is found.
     *
     * @throws GatewayException 400 for a malformed name
     */
    Optional<NameRecord> record(String name);
}
