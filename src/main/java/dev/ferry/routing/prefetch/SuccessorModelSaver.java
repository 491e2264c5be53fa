package dev.ferry.routing.prefetch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the model's file ({@link SuccessorModelFile}) close to what the model learned, so that a crash loses at
 * most one period: every {@code every} the model is written when it changed since it was last written (an
 * unchanged model is never rewritten), and once more when the saver closes. Saves never overlap, the periodic ones
 * with each other or with the last; a failed save is logged and tried again at the next period.
 *
 * <p>Thread-safe.
 */
public final class SuccessorModelSaver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SuccessorModelSaver.class);

    private final Path file;
    private final SuccessorModel model;
    private final ScheduledExecutorService ownTimer; // null when the timer was given
    private final ScheduledFuture<?> periodic; // null when saving at close only
    private final ReentrantLock saving = new ReentrantLock();
    private long savedChanges; // guarded by saving: the model's changes() the file holds
    private boolean closed; // guarded by saving

    private SuccessorModelSaver(Path file, SuccessorModel model, Duration every, ScheduledExecutorService timer,
            boolean ownsTimer) {
        this.file = Objects.requireNonNull(file, "file");
        this.model = Objects.requireNonNull(model, "model");
        // the file already holds the model as it is now: what was read from it, or nothing learned yet
        this.savedChanges = model.changes();
        this.ownTimer = ownsTimer ? timer : null;
        this.periodic = timer == null ? null
                : timer.scheduleWithFixedDelay(this::saveIfChanged, every.toNanos(), every.toNanos(),
                        TimeUnit.NANOSECONDS);
    }

    /**
     * Saves {@code model} to {@code file} every {@code every} while it changes, on a virtual thread of its own, and
     * at close.
     *
     * @param every zero: at close only
     */
    public static SuccessorModelSaver start(Path file, SuccessorModel model, Duration every) {
        checkPeriod(every);
        if (every.isZero()) {
            return new SuccessorModelSaver(file, model, every, null, false);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("prefetch-model-save").factory());
        return new SuccessorModelSaver(file, model, every, timer, true);
    }

    /** As {@link #start(Path, SuccessorModel, Duration)}, the periodic saves run by {@code timer}, left running. */
    public static SuccessorModelSaver start(Path file, SuccessorModel model, Duration every,
            ScheduledExecutorService timer) {
        checkPeriod(every);
        Objects.requireNonNull(timer, "timer");
        return new SuccessorModelSaver(file, model, every, every.isZero() ? null : timer, false);
    }

    private static void checkPeriod(Duration every) {
        Objects.requireNonNull(every, "every");
        if (every.isNegative()) {
            throw new IllegalArgumentException("the save period must not be negative: " + every);
        }
    }

    /**
     * Writes the model when it changed since it was last written; what the periodic saves run.
     *
     * @return whether the file was written (false too when the write failed, which is logged, or after close)
     */
    public boolean saveIfChanged() {
        saving.lock();
        try {
            return !closed && write(false);
        } finally {
            saving.unlock();
        }
    }

    /** Stops the periodic saves, waits for one under way, and writes the model a last time. Idempotent. */
    @Override
    public void close() {
        if (periodic != null) {
            periodic.cancel(false);
        }
        if (ownTimer != null) {
            ownTimer.shutdown();
        }
        saving.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            // written even when unchanged: the file then surely holds the model (a corrupt one is replaced)
            write(true);
        } finally {
            saving.unlock();
        }
    }

    /** Caller holds {@link #saving}. */
    private boolean write(boolean always) {
        // read before exporting: a change made meanwhile is then written again next time, never skipped
        long changes = model.changes();
        if (!always && changes == savedChanges) {
            return false;
        }
        try {
            SuccessorModelFile.write(file, model);
            savedChanges = changes;
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not save the prefetch model {}: {}", file, e.getMessage());
            return false;
        }
    }
}
