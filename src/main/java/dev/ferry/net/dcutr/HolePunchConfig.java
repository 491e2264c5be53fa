package dev.ferry.net.dcutr;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of DCUtR.
 *
 * @param attempts      hole punches tried per relayed connection before giving up (go-libp2p: 3)
 * @param streamTimeout the longest one exchange of messages may take (both sides)
 * @param relayedGrace  how long a relayed connection is kept once a direct one to the same peer is open (streams
 *                      begun on it meanwhile can finish); then the side that initiated closes it. Zero: never closed
 */
public record HolePunchConfig(int attempts, Duration streamTimeout, Duration relayedGrace) {
    public HolePunchConfig {
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("attempts outside [1, 10]: " + attempts);
        }
        Objects.requireNonNull(streamTimeout, "streamTimeout");
        Objects.requireNonNull(relayedGrace, "relayedGrace");
        if (!streamTimeout.isPositive() || relayedGrace.isNegative()) {
            throw new IllegalArgumentException("streamTimeout must be positive and relayedGrace not negative");
        }
    }

    public static HolePunchConfig defaults() {
        return new HolePunchConfig(3, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    public HolePunchConfig withRelayedGrace(Duration grace) {
        return new HolePunchConfig(attempts, streamTimeout, grace);
    }
}
