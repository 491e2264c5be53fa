package dev.ferry.net.bandwidth;

import java.io.InterruptedIOException;
import java.util.List;

/**
 * Several limiters in a row, taken piece by piece ({@link TokenBucket#MAX_CHUNK} bytes at a time through all of
 * them): while the caller waits on one, the others refill by about a piece, which their bursts (at least a piece in
 * the budgets ferry builds) absorb, so the slowest budget sets the pace and waiting in turn costs no throughput.
 */
record ChainedLimiter(List<RateLimiter> limiters) implements RateLimiter {
    @Override
    public void acquire(Direction direction, int bytes) throws InterruptedIOException {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes < 0: " + bytes);
        }
        int left = bytes;
        while (left > 0) {
            int n = Math.min(left, TokenBucket.MAX_CHUNK);
            for (RateLimiter l : limiters) {
                l.acquire(direction, n);
            }
            left -= n;
        }
    }
}
