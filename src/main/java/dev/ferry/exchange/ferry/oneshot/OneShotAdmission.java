package dev.ferry.exchange.ferry.oneshot;

import dev.ferry.exchange.ferry.TokenBucket;
import dev.ferry.identity.PeerId;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Who may go on now: a token bucket per peer (burst, then one per interval), taken when a stream opens, and
 * {@code maxConcurrent} answer slots shared by all peers, taken once a request is decoded. Thread-safe.
 *
 * <p>A peer's bucket is dropped once it has refilled (a full bucket is what a new peer gets), so the table holds only
 * peers that asked in the last {@code requestBurst × requestInterval}; {@link #sweep} does that, on disconnects.
 */
final class OneShotAdmission {
    private final OneShotLimits limits;
    private final InstantSource clock;
    private final Semaphore slots;
    private final ConcurrentHashMap<PeerId, TokenBucket> buckets = new ConcurrentHashMap<>();

    OneShotAdmission(OneShotLimits limits, InstantSource clock) {
        this.limits = limits;
        this.clock = clock;
        this.slots = new Semaphore(limits.maxConcurrent());
    }

    /** Takes a token from {@code peer}'s bucket; false when it is empty (nothing taken). */
    boolean tryTake(PeerId peer) {
        long now = TokenBucket.nanos(clock);
        boolean[] taken = {false};
        buckets.compute(peer, (k, b) -> {
            TokenBucket bucket = b != null ? b : new TokenBucket(limits.requestBurst(), limits.requestInterval(), now);
            taken[0] = bucket.tryTake(now);
            return bucket;
        });
        return taken[0];
    }

    /** Takes an answer slot; false when all are in use. Give it back with {@link #leave}. */
    boolean tryEnter() {
        return slots.tryAcquire();
    }

    void leave() {
        slots.release();
    }

    /** Drops every bucket that has refilled since its peer last asked. */
    void sweep() {
        long now = TokenBucket.nanos(clock);
        for (PeerId p : buckets.keySet()) {
            buckets.computeIfPresent(p, (k, b) -> b.isFull(now) ? null : b);
        }
    }

    /** Peers with a bucket (for tests). */
    int tracked() {
        return buckets.size();
    }
}
