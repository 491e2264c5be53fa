package dev.ferry.routing.prefetch;

import java.time.Duration;
import java.util.Objects;

/**
 * How much prefetching may do.
 *
 * @param enabled             false: nothing is learned or fetched
 * @param maxConcurrent       prefetches running at once; a prediction finding none free is skipped, not queued
 * @param maxBytesPerPrefetch bytes one prefetch may bring in; a DAG known to be larger is not fetched
 * @param maxBytesPerHour     bytes all prefetches may bring in per hour
 * @param busyFetches         user fetch sessions open at once from which the node counts as busy: no prefetch
 *                            starts, and running ones stop
 * @param blockTimeout        how long a prefetch waits for any one block
 */
public record PrefetchConfig(boolean enabled, int maxConcurrent, long maxBytesPerPrefetch, long maxBytesPerHour,
        int busyFetches, Duration blockTimeout) {

    public PrefetchConfig {
        Objects.requireNonNull(blockTimeout, "blockTimeout");
        if (maxConcurrent < 1 || maxConcurrent > 64) {
            throw new IllegalArgumentException("concurrent prefetches must be 1-64: " + maxConcurrent);
        }
        if (maxBytesPerPrefetch < 1 || maxBytesPerHour < 1) {
            throw new IllegalArgumentException("prefetch byte budgets must be positive");
        }
        if (busyFetches < 1) {
            throw new IllegalArgumentException("the busy threshold must be at least 1 session: " + busyFetches);
        }
        if (blockTimeout.isNegative() || blockTimeout.isZero()) {
            throw new IllegalArgumentException("the block timeout must be positive: " + blockTimeout);
        }
    }

    /** Off; when on: 2 at once, 16 MiB each, 256 MiB an hour, busy from 8 user fetches, 30 s per block. */
    public static PrefetchConfig defaults() {
        return new PrefetchConfig(false, 2, 16L << 20, 256L << 20, 8, Duration.ofSeconds(30));
    }

    public PrefetchConfig withEnabled(boolean on) {
        return new PrefetchConfig(on, maxConcurrent, maxBytesPerPrefetch, maxBytesPerHour, busyFetches, blockTimeout);
    }

    public PrefetchConfig withBudgets(long perPrefetch, long perHour) {
        return new PrefetchConfig(enabled, maxConcurrent, perPrefetch, perHour, busyFetches, blockTimeout);
    }

    public PrefetchConfig withConcurrency(int concurrent, int busy) {
        return new PrefetchConfig(enabled, concurrent, maxBytesPerPrefetch, maxBytesPerHour, busy, blockTimeout);
    }

    public PrefetchConfig withBlockTimeout(Duration d) {
        return new PrefetchConfig(enabled, maxConcurrent, maxBytesPerPrefetch, maxBytesPerHour, busyFetches, d);
    }
}
