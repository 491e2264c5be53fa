package dev.ferry.policy.bandwidth;

import dev.ferry.net.bandwidth.Direction;
import dev.ferry.net.bandwidth.RateLimiter;
import java.io.InterruptedIOException;

/**
 * A peer's own buckets (one each way), shared by all its connections, and the multiplier of the per-peer cap they
 * were built with: the same multiplier keeps the same buckets, another one gets new buckets.
 */
record PeerBudget(int multiplier, RateLimiter buckets) implements RateLimiter {
    @Override
    public void acquire(Direction direction, int bytes) throws InterruptedIOException {
        buckets.acquire(direction, bytes);
    }
}
