package dev.ferry.exchange.ferry.request;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code onExpiry} (on a new virtual thread) when {@link #touch} has not been called for {@code idle}; one
 * scheduled check per idle period rather than a cancel and reschedule per block.
 */
final class Watchdog implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final long idleNanos;
    private final Runnable onExpiry;
    private volatile long deadline;
    private volatile boolean closed;
    private volatile ScheduledFuture<?> pending;

    private Watchdog(ScheduledExecutorService timer, long idleNanos, Runnable onExpiry) {
        this.timer = timer;
        this.idleNanos = idleNanos;
        this.onExpiry = onExpiry;
        this.deadline = System.nanoTime() + idleNanos;
    }

    static Watchdog start(ScheduledExecutorService timer, java.time.Duration idle, Runnable onExpiry) {
        Watchdog w = new Watchdog(timer, Math.max(1, idle.toNanos()), onExpiry);
        w.schedule(w.idleNanos);
        return w;
    }

    void touch() {
        deadline = System.nanoTime() + idleNanos;
    }

    private void schedule(long nanos) {
        try {
            pending = timer.schedule(this::check, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the service is closing: its streams are reset anyway
        }
    }

    private void check() {
        if (closed) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            schedule(left);
        } else {
            Thread.ofVirtual().name("ferry-request-timeout").start(onExpiry);
        }
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> p = pending;
        if (p != null) {
            p.cancel(false);
        }
    }
}
