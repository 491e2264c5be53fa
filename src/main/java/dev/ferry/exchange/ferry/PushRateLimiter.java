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
    private final Duration interval;
    private final InstantSource clock;
    private final ConcurrentHashMap<PeerId, TokenBucket> buckets = new ConcurrentHashMap<>();

    PushRateLimiter(int burst, Duration interval, InstantSource clock) {
        this.burst = burst;
        this.interval = interval;
        this.clock = clock;
    }

    /** Takes one token for {@code peer}; false when its bucket is empty. */
    boolean tryAcquire(PeerId peer) {
        long now = TokenBucket.nanos(clock);
        boolean[] ok = {false};
        buckets.compute(peer, (k, b) -> {
            TokenBucket bucket = b != null ? b : new TokenBucket(burst, interval, now);
            ok[0] = bucket.tryTake(now);
            return bucket;
        });
        return ok[0];
    }

    void forget(PeerId peer) {
        buckets.remove(peer);
    }
}
