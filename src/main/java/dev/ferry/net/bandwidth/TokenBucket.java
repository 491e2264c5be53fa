package dev.ferry.net.bandwidth;

import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A token bucket of {@code rate} bytes per second holding at most {@code burst} bytes, for one budget (wrap two in
 * {@link RateLimiter#perDirection} for "each way"). It ignores the direction passed to {@link #acquire}.
 *
 * <h2>How it waits</h2>
 * The bucket is kept as one instant, {@code empty}: the time at which it held zero tokens, so that it holds
 * {@code min(burst, (now - empty) * rate)} now. Taking {@code n} bytes first clamps {@code empty} to at most
 * {@code burst} in the past, then moves it {@code n / rate} later; if that lands in the future the caller has
 * reserved tokens the bucket does not hold yet and sleeps until then, outside the lock. Reservations are therefore
 * served in the order they were made (FIFO, fair among concurrent callers), and the lock is held only for a few
 * arithmetic steps. (This is the generic cell rate algorithm with the bucket depth as tolerance.)
 *
 * <p>A request larger than {@link #chunk()} ({@code min(16 KiB, burst)}) is taken one chunk at a time, each reserved
 * only after the previous one was granted, so concurrent callers interleave chunk by chunk and one huge write cannot
 * hold the others back for its whole length.
 *
 * <h2>Guarantee</h2>
 * Over any interval of length {@code t}, the bytes granted (a chunk counts when its wait ends) are at most
 * {@code rate * t + burst}: costs are rounded up to whole nanoseconds, the burst down, and a chunk is never larger
 * than the burst. A sleeper that overshoots costs no throughput while the bucket has room to refill (the schedule is
 * absolute, not relative to when the caller woke).
 *
 * <p>Thread-safe. Time comes from an injected nanosecond clock and sleeper.
 */
public final class TokenBucket implements RateLimiter {
    /** The largest piece of a request reserved at once. */
    public static final int MAX_CHUNK = 16 * 1024;
    /** The largest accepted burst (keeps {@code burst * 1e9} inside a long). */
    public static final long MAX_BURST = 1L << 32;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long rate;
    private final long burst;
    private final long burstNanos;
    private final int chunk;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private final ReentrantLock lock = new ReentrantLock();
    private long empty; // guarded by lock: the instant the bucket held no tokens (may lie in the future: debt)

    /** A bucket on the system clock, full at first. */
    public TokenBucket(long bytesPerSecond, long burstBytes) {
        this(bytesPerSecond, burstBytes, System::nanoTime, Sleeper.system());
    }

    /**
     * A bucket, full at first.
     *
     * @param bytesPerSecond at least 1
     * @param burstBytes     in [1, {@link #MAX_BURST}]
     * @param nanoClock      monotonic nanoseconds ({@link System#nanoTime()} in production)
     */
    public TokenBucket(long bytesPerSecond, long burstBytes, LongSupplier nanoClock, Sleeper sleeper) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1 byte/s: " + bytesPerSecond);
        }
        if (burstBytes < 1 || burstBytes > MAX_BURST) {
            throw new IllegalArgumentException("burst outside [1, " + MAX_BURST + "]: " + burstBytes);
        }
        this.rate = bytesPerSecond;
        this.burst = burstBytes;
        this.burstNanos = burstBytes * NANOS_PER_SECOND / bytesPerSecond; // rounded down: never more than the burst
        this.chunk = (int) Math.min(MAX_CHUNK, burstBytes);
        this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.empty = clock.getAsLong() - burstNanos;
    }

    /** Bytes per second. */
    public long rate() {
        return rate;
    }

    /** Bytes the bucket holds at most. */
    public long burst() {
        return burst;
    }

    /** The largest piece reserved at once. */
    public int chunk() {
        return chunk;
    }

    /** Same as {@link #acquire(int)}: one bucket serves whichever direction it is given. */
    @Override
    public void acquire(Direction direction, int bytes) throws InterruptedIOException {
        acquire(bytes);
    }

    /**
     * Waits until {@code bytes} fit the budget, chunk by chunk.
     *
     * @throws InterruptedIOException interrupted while waiting; the chunk being waited for stays spent
     */
    public void acquire(int bytes) throws InterruptedIOException {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes < 0: " + bytes);
        }
        int left = bytes;
        while (left > 0) {
            int n = Math.min(left, chunk);
            awaitUntil(reserve(n));
            left -= n;
        }
    }

    /** Bytes that could be taken now without waiting (0 while callers are queued). */
    public long available() {
        lock.lock();
        try {
            long now = clock.getAsLong();
            long held = now - empty;
            if (held <= 0) {
                return 0;
            }
            return Math.min(burst, (long) ((double) held * rate / NANOS_PER_SECOND));
        } finally {
            lock.unlock();
        }
    }

    /** Takes {@code n} bytes' worth of time from the schedule; returns when they are covered. */
    long reserve(int n) {
        long cost = Math.ceilDiv(n * NANOS_PER_SECOND, rate);
        lock.lock();
        try {
            long now = clock.getAsLong();
            if (empty < now - burstNanos) {
                empty = now - burstNanos; // a full bucket holds no more than the burst
            }
            empty += cost;
            return empty;
        } finally {
            lock.unlock();
        }
    }

    private void awaitUntil(long deadline) throws InterruptedIOException {
        long wait;
        while ((wait = deadline - clock.getAsLong()) > 0) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for bandwidth");
            }
        }
    }

    @Override
    public String toString() {
        return "TokenBucket[" + rate + " B/s, burst " + burst + " B]";
    }
}
