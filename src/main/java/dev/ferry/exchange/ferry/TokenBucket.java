package dev.ferry.exchange.ferry;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A token bucket: {@code burst} tokens at first, one more every {@code interval} up to {@code burst} (an interval of
 * zero refills at once). Time is in nanoseconds from {@link #nanos}. Not thread-safe: the per-peer tables keep their
 * buckets inside {@code ConcurrentHashMap.compute}.
 */
public final class TokenBucket {
    private final int burst;
    private final long intervalNanos;
    private double tokens;
    private long lastNanos;

    public TokenBucket(int burst, Duration interval, long nowNanos) {
        this.burst = burst;
        this.intervalNanos = Math.max(0, interval.toNanos());
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** The time of {@code clock} in nanoseconds, for the methods here. */
    public static long nanos(InstantSource clock) {
        Instant at = clock.instant();
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    /** Adds what has accrued since the last call (time never runs backwards here). */
    public void refill(long nowNanos) {
        if (intervalNanos == 0) {
            tokens = burst;
        } else if (nowNanos > lastNanos) {
            tokens = Math.min(burst, tokens + (double) (nowNanos - lastNanos) / intervalNanos);
        }
        lastNanos = Math.max(lastNanos, nowNanos);
    }

    /** Whether a whole token is there (after {@link #refill}). */
    public boolean hasToken() {
        return tokens >= 1;
    }

    /** Takes a token that {@link #hasToken} said is there. */
    public void take() {
        tokens -= 1;
    }

    /** Refills, then takes a token if there is one. */
    public boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (!hasToken()) {
            return false;
        }
        take();
        return true;
    }

    /** Whether the bucket is full again (refilled first): its peer then is as any new one. */
    public boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }
}
