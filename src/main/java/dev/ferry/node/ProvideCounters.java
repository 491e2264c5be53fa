package dev.ferry.node;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The counters behind {@link ProvideStats}, kept by the node's DHT as it announces roots. A handful of numbers under
 * one lock: each announcement takes tens of milliseconds at least, so the lock is never the cost, and nothing grows
 * with the number of roots.
 */
final class ProvideCounters {
    private long provided;
    private long failed;
    private long providedNanos;
    private Duration lastRunTook = Duration.ZERO;
    private int lastRunBatch;
    private Instant lastRunStart;
    private Instant nextRun;
    private int running;

    /** One root offered to the DHT and taken by at least one peer after {@code took}. */
    synchronized void provided(Duration took) {
        provided++;
        long nanos = Math.max(0, took.toNanos());
        // saturates rather than wraps: 292 years of announcing
        providedNanos = providedNanos > Long.MAX_VALUE - nanos ? Long.MAX_VALUE : providedNanos + nanos;
    }

    /** One root offered to the DHT that no peer took. */
    synchronized void failed() {
        failed++;
    }

    /** A reprovide run began. */
    synchronized void reprovideStarted() {
        running++;
    }

    /** A reprovide run that started at {@code start} announced {@code batch} roots in {@code took}. */
    synchronized void reprovideFinished(Instant start, int batch, Duration took) {
        running = Math.max(0, running - 1);
        lastRunStart = start;
        lastRunBatch = batch;
        lastRunTook = took;
    }

    /** When the reprovider wakes next. */
    synchronized void nextReprovide(Instant at) {
        nextRun = at;
    }

    /**
     * The figures now; the queue length and the interval are the DHT's own and handed in.
     *
     * @param queued the roots waiting for their first announcement
     * @param every  {@code Reprovider.Interval}, empty when reproviding is off (then no next run is shown)
     */
    synchronized ProvideStats snapshot(int queued, Optional<Duration> every) {
        Duration avg = provided == 0 ? Duration.ZERO : Duration.ofNanos(providedNanos / provided);
        return new ProvideStats(provided, failed, avg, lastRunTook, lastRunBatch, Optional.ofNullable(lastRunStart),
                every.isPresent() ? Optional.ofNullable(nextRun) : Optional.empty(), every, queued, running);
    }
}
