package dev.ferry.exchange.ferry.pin;

import dev.ferry.exchange.ferry.oneshot.OneShotLimits;
import java.time.Duration;

/**
 * Settings of {@link PinService}, with bounded defaults.
 *
 * @param idleTimeout     server side: the longest wait for the request frame (and for the whole answer) on one
 *                        stream before it is reset; default 10 s
 * @param requestBurst    requests (streams) a peer may start at once before the rate limit applies; default 32
 * @param requestInterval one more request allowed per interval after the burst, per peer; default 100 ms
 * @param maxConcurrent   requests being handled and answered at once, all peers together; more get BUSY; default 64
 */
public record PinConfig(Duration idleTimeout, int requestBurst, Duration requestInterval, int maxConcurrent) {
    public PinConfig {
        OneShotLimits.check(idleTimeout, requestBurst, requestInterval, maxConcurrent);
    }

    public static PinConfig defaults() {
        return new PinConfig(Duration.ofSeconds(10), 32, Duration.ofMillis(100), 64);
    }

    public PinConfig withIdleTimeout(Duration v) {
        return new PinConfig(v, requestBurst, requestInterval, maxConcurrent);
    }

    public PinConfig withRequestRate(int burst, Duration interval) {
        return new PinConfig(idleTimeout, burst, interval, maxConcurrent);
    }

    public PinConfig withMaxConcurrent(int v) {
        return new PinConfig(idleTimeout, requestBurst, requestInterval, v);
    }

    OneShotLimits limits() {
        return new OneShotLimits(idleTimeout, requestBurst, requestInterval, maxConcurrent);
    }
}
