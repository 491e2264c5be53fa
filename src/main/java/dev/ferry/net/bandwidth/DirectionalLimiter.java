package dev.ferry.net.bandwidth;

import java.io.InterruptedIOException;

/** One limiter for reads, another for writes. */
record DirectionalLimiter(RateLimiter in, RateLimiter out) implements RateLimiter {
    @Override
    public void acquire(Direction direction, int bytes) throws InterruptedIOException {
        (direction == Direction.IN ? in : out).acquire(direction, bytes);
    }
}
