package dev.ferry.exchange.ferry.oneshot;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits one protocol's server keeps; each protocol's public config record carries the same four values with its
 * own defaults and checks them with {@link #check}.
 *
 * @param idleTimeout     the longest wait for the request frame (and for the whole answer) on one stream
 * @param requestBurst    requests (streams) a peer may start at once before the rate limit applies
 * @param requestInterval one more request allowed per interval after the burst, per peer
 * @param maxConcurrent   requests being handled and answered at once, all peers together; more get BUSY
 */
public record OneShotLimits(Duration idleTimeout, int requestBurst, Duration requestInterval, int maxConcurrent) {
    public OneShotLimits {
        check(idleTimeout, requestBurst, requestInterval, maxConcurrent);
    }

    /** @throws IllegalArgumentException (or NullPointerException) unless the four values are valid limits */
    public static void check(Duration idleTimeout, int requestBurst, Duration requestInterval, int maxConcurrent) {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(requestInterval, "requestInterval");
        if (!idleTimeout.isPositive() || requestInterval.isNegative()) {
            throw new IllegalArgumentException("idleTimeout > 0 and requestInterval >= 0");
        }
        if (requestBurst < 1 || maxConcurrent < 1) {
            throw new IllegalArgumentException("requestBurst and maxConcurrent >= 1");
        }
    }
}
