package dev.ferry.net.host;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an action (typically resetting a stream) once a served stream has stayed silent for too long: the deadline lies
 * {@code idle} ahead of the start or of the last {@link #touch()}. A peer that opens a stream and then says nothing
 * thus holds it, its handler thread and its resource reservations only that long. Watched by one sleeping virtual
 * thread, woken when closed. Thread-safe.
 */
public final class StreamDeadline implements AutoCloseable {
    private final long idleNanos;
    private final Runnable onExpiry;
    private final AtomicBoolean done = new AtomicBoolean();
    private final AtomicBoolean expired = new AtomicBoolean();
    private volatile long deadline;
    private final Thread watcher;

    private StreamDeadline(Duration idle, Runnable onExpiry) {
        if (!idle.isPositive()) {
            throw new IllegalArgumentException("idle must be positive: " + idle);
        }
        this.idleNanos = idle.toNanos();
        this.onExpiry = Objects.requireNonNull(onExpiry, "onExpiry");
        this.deadline = System.nanoTime() + idleNanos;
        this.watcher = Thread.ofVirtual().name("stream-deadline").unstarted(this::watch);
    }

    /** Starts watching: {@code onExpiry} runs once, on the watcher's thread, if {@code idle} passes untouched. */
    public static StreamDeadline start(Duration idle, Runnable onExpiry) {
        StreamDeadline d = new StreamDeadline(idle, onExpiry);
        d.watcher.start();
        return d;
    }

    /** The peer did something: the deadline moves to {@code idle} from now. */
    public void touch() {
        deadline = System.nanoTime() + idleNanos;
    }

    /** Whether the deadline passed and the action ran (or is running). */
    public boolean expired() {
        return expired.get();
    }

    private void watch() {
        try {
            while (!done.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (done.compareAndSet(false, true)) {
                        expired.set(true);
                        onExpiry.run();
                    }
                    return;
                }
                Thread.sleep(Duration.ofNanos(left));
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Stops watching; the action will not run if it has not yet. */
    @Override
    public void close() {
        if (done.compareAndSet(false, true)) {
            watcher.interrupt();
        }
    }
}
