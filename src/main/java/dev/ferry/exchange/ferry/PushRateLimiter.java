package dev.ferry.exchange.ferry;

import dev.ferry.identity.PeerId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-peer token buckets for inbound pushes: {@code burst} tokens, one more per {@code interval}. Entries live while the
 * peer is connected ({@link #forget} on disconnect), so the map is bounded by the connection limit. Thread-safe.
 */
final class PushRateLimiter {
    private final int burst;
    private final long intervalMillis;
    private final InstantSource clock;
    private final ConcurrentHashMap<PeerId, Bucket> buckets = new ConcurrentHashMap<>();

    private record Bucket(double tokens, long atMillis) {}

    PushRateLimiter(int burst, Duration interval, InstantSource clock) {
        this.burst = burst;
        this.intervalMillis = Math.max(0, interval.toMillis());
        this.clock = clock;
    }

    /** Takes one token for {@code peer}; false when its bucket is empty. */
    boolean tryAcquire(PeerId peer) {
        long now = clock.millis();
        boolean[] ok = {false};
        buckets.compute(peer, (k, b) -> {
            double tokens;
            if (b == null) {
                tokens = burst;
            } else if (intervalMillis == 0) {
                tokens = burst;
            } else {
                long elapsed = Math.max(0, now - b.atMillis());
                tokens = Math.min(burst, b.tokens() + (double) elapsed / intervalMillis);
            }
            if (tokens >= 1) {
                ok[0] = true;
                tokens -= 1;
            }
            return new Bucket(tokens, now);
        });
        return ok[0];
    }

    void forget(PeerId peer) {
        buckets.remove(peer);
    }
}
