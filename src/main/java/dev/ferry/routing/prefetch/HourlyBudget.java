package dev.ferry.routing.prefetch;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.locks.ReentrantLock;

/** Bytes that may be spent per hour: a fixed window that starts anew an hour after it began. Thread-safe. */
final class HourlyBudget {
    private static final Duration HOUR = Duration.ofHours(1);
    private final long limit;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private Instant windowStart; // guarded by lock
    private long used; // guarded by lock

    HourlyBudget(long limit, InstantSource clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** What is left of this hour's bytes. */
    long remaining() {
        lock.lock();
        try {
            roll();
            return Math.max(0, limit - used);
        } finally {
            lock.unlock();
        }
    }

    void spend(long bytes) {
        lock.lock();
        try {
            roll();
            used += bytes;
        } finally {
            lock.unlock();
        }
    }

    private void roll() {
        Instant now = clock.instant();
        if (windowStart == null || !now.isBefore(windowStart.plus(HOUR)) || now.isBefore(windowStart)) {
            windowStart = now;
            used = 0;
        }
    }
}
