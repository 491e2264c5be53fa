package dev.ferry.exchange.ferry.proof;

import dev.ferry.exchange.ferry.oneshot.OneShotLimits;
import java.time.Duration;

/**
 * Settings of {@link ProofService}, with bounded defaults. A challenge costs the holder up to 16 block reads and
 * hashes, so the rate is lower than the pin protocol's.
 *
 * @param idleTimeout     server side: the longest wait for the challenge frame (and for the whole answer) on one
 *                        stream before it is reset; default 10 s
 * @param requestBurst    challenges (streams) a peer may start at once before the rate limit applies; default 16
 * @param requestInterval one more challenge allowed per interval after the burst, per peer; default 250 ms
 * @param maxConcurrent   challenges being answered at once, all peers together; more get BUSY; default 8
 */
public record ProofConfig(Duration idleTimeout, int requestBurst, Duration requestInterval, int maxConcurrent) {
    public ProofConfig {
        OneShotLimits.check(idleTimeout, requestBurst, requestInterval, maxConcurrent);
    }

    public static ProofConfig defaults() {
        return new ProofConfig(Duration.ofSeconds(10), 16, Duration.ofMillis(250), 8);
    }

    public ProofConfig withIdleTimeout(Duration v) {
        return new ProofConfig(v, requestBurst, requestInterval, maxConcurrent);
    }

    public ProofConfig withRequestRate(int burst, Duration interval) {
        return new ProofConfig(idleTimeout, burst, interval, maxConcurrent);
    }

    public ProofConfig withMaxConcurrent(int v) {
        return new ProofConfig(idleTimeout, requestBurst, requestInterval, v);
    }

    OneShotLimits limits() {
        return new OneShotLimits(idleTimeout, requestBurst, requestInterval, maxConcurrent);
    }
}
