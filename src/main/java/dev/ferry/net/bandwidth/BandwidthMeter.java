package dev.ferry.net.bandwidth;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Counts bytes each way and tells the recent rate.
 *
 * <p>Hot path: {@link #record} only adds to a {@link LongAdder} (striped, no lock, no clock read). Rates come from
 * samples of the totals, taken by {@link #sample()} (the host calls it every {@link #SAMPLE_INTERVAL}): the rate is
 * the change of the total since the kept sample whose age is closest to {@link #window()} (at least half a window
 * old; else the oldest kept sample, at first the meter's start), divided by the time since. Sampling more often than a tenth of the window keeps no extra
 * samples, so frequent calls cannot shorten the window. Without regular sampling the rate is the average since the
 * last kept sample.
 *
 * <p>Thread-safe; {@link #sample()} and {@link #snapshot()} take a short lock and do no I/O.
 */
public final class BandwidthMeter {
    /** The default averaging window. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(2);
    /** How often an owner should call {@link #sample()}. */
    public static final Duration SAMPLE_INTERVAL = Duration.ofMillis(500);
    static final int SAMPLES = 16;

    private final LongAdder in = new LongAdder();
    private final LongAdder out = new LongAdder();
    private final LongSupplier clock;
    private final long windowNanos;
    private final ReentrantLock lock = new ReentrantLock();
    // ring of samples, guarded by lock; index (head - 1) is the newest
    private final long[] times = new long[SAMPLES];
    private final long[] ins = new long[SAMPLES];
    private final long[] outs = new long[SAMPLES];
    private int head;
    private int count;

    /** A meter on {@link System#nanoTime()} with the default window. */
    public BandwidthMeter() {
        this(System::nanoTime, DEFAULT_WINDOW);
    }

    public BandwidthMeter(LongSupplier nanoClock, Duration window) {
        this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.windowNanos = window.toNanos();
        push(clock.getAsLong(), 0, 0); // the start counts as a sample of zero
    }

    /** Counts {@code bytes} moved in {@code direction}. */
    public void record(Direction direction, long bytes) {
        (direction == Direction.IN ? in : out).add(bytes);
    }

    public long totalIn() {
        return in.sum();
    }

    public long totalOut() {
        return out.sum();
    }

    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /** Remembers the current totals for the rate computation. */
    public void sample() {
        lock.lock();
        try {
            long now = clock.getAsLong();
            if (now - times[newest()] < windowNanos / 10) {
                return;
            }
            push(now, in.sum(), out.sum());
        } finally {
            lock.unlock();
        }
    }

    /** Totals now and the rates over the recent window. */
    public BandwidthSnapshot snapshot() {
        lock.lock();
        try {
            long now = clock.getAsLong();
            long totalIn = in.sum();
            long totalOut = out.sum();
            int ref = reference(now);
            long elapsed = now - times[ref];
            if (elapsed <= 0) {
                return new BandwidthSnapshot(totalIn, totalOut, 0, 0);
            }
            double seconds = elapsed / 1e9;
            return new BandwidthSnapshot(totalIn, totalOut, Math.max(0, totalIn - ins[ref]) / seconds,
                    Math.max(0, totalOut - outs[ref]) / seconds);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The kept sample whose age is closest to the window among those at least half a window old (a late sampler then
     * shortens or stretches the window a little instead of mixing in older traffic), else the oldest kept.
     */
    private int reference(long now) {
        int idx = newest();
        int best = -1;
        long bestDistance = Long.MAX_VALUE;
        int oldest = idx;
        for (int i = 0; i < count; i++) {
            long age = now - times[idx];
            if (age >= windowNanos / 2 && Math.abs(age - windowNanos) < bestDistance) {
                best = idx;
                bestDistance = Math.abs(age - windowNanos);
            }
            oldest = idx;
            idx = (idx - 1 + SAMPLES) % SAMPLES;
        }
        return best >= 0 ? best : oldest;
    }

    private int newest() {
        return (head - 1 + SAMPLES) % SAMPLES;
    }

    private void push(long time, long totalIn, long totalOut) {
        times[head] = time;
        ins[head] = totalIn;
        outs[head] = totalOut;
        head = (head + 1) % SAMPLES;
        count = Math.min(SAMPLES, count + 1);
    }

    @Override
    public String toString() {
        return "BandwidthMeter[in " + totalIn() + " B, out " + totalOut() + " B]";
    }
}
