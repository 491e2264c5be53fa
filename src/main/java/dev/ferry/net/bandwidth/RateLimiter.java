package dev.ferry.net.bandwidth;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A bandwidth budget the net layer consults for every read and write on a connection's raw (encrypted, framed) byte
 * stream. Implemented by {@link TokenBucket}; composed with {@link #perDirection} and {@link #allOf}; chosen per peer
 * by a {@link BandwidthPolicy} that a higher layer provides.
 *
 * <p>Contract: {@link #acquire} blocks the calling (virtual) thread until {@code bytes} fit the budget, and never
 * holds a lock while it waits. Writes acquire before the bytes leave; reads acquire after they arrived (a read's size
 * is only known then), which stops further reads and lets TCP flow control slow the sender. Thread-safe.
 */
public interface RateLimiter {

    /**
     * Waits until {@code bytes} may move in {@code direction}.
     *
     * @param bytes at least 0; 0 returns at once
     * @throws InterruptedIOException the thread was interrupted while waiting (its interrupt flag is set again)
     */
    void acquire(Direction direction, int bytes) throws InterruptedIOException;

    /** True when {@link #acquire} never waits, so callers may skip it. */
    default boolean isUnlimited() {
        return false;
    }

    /** The limiter that never waits. */
    static RateLimiter unlimited() {
        return Unlimited.INSTANCE;
    }

    /** {@code in} for reads and {@code out} for writes (each may be {@link #unlimited()}). */
    static RateLimiter perDirection(RateLimiter in, RateLimiter out) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        if (in.isUnlimited() && out.isUnlimited()) {
            return unlimited();
        }
        return new DirectionalLimiter(in, out);
    }

    /**
     * Every one of {@code limiters}, in order (e.g. a peer's own bucket, then its class's shared one): the bytes move
     * when all of them allowed it. Unlimited members are dropped.
     */
    static RateLimiter allOf(RateLimiter... limiters) {
        List<RateLimiter> kept = new ArrayList<>();
        for (RateLimiter l : limiters) {
            if (!Objects.requireNonNull(l, "limiter").isUnlimited()) {
                kept.add(l);
            }
        }
        return switch (kept.size()) {
            case 0 -> unlimited();
            case 1 -> kept.getFirst();
            default -> new ChainedLimiter(List.copyOf(kept));
        };
    }

    /** Never waits. */
    enum Unlimited implements RateLimiter {
        INSTANCE;

        @Override
        public void acquire(Direction direction, int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes < 0: " + bytes);
            }
        }

        @Override
        public boolean isUnlimited() {
            return true;
        }
    }
}
