package dev.ferry.node;

import dev.ferry.dag.gc.GcException;
import dev.ferry.dag.gc.GcResult;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubo's automatic garbage collection ({@code ferry daemon --enable-gc}): every {@code Datastore.GCPeriod}, the first
 * time one period after the start, the repository's size is taken (as {@code repo stat}'s RepoSize) and, when it is
 * above {@link GcSettings#threshold()}, the repository's GC runs, the same one as {@code repo gc}: it keeps what pins,
 * the MFS root and the pinning policies keep, and waits for adds in progress. Checks never overlap; each run is
 * logged with what it removed.
 */
public final class AutoGc implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AutoGc.class);

    /** What one check did. */
    public sealed interface Outcome {
        /** The repository was at or under the threshold: nothing ran. */
        record Under(long repoSize, long threshold) implements Outcome {}

        /** A collection ran. */
        record Collected(long repoSize, long threshold, int blocks, long bytesFreed) implements Outcome {}

        /** The collection refused to run (a pinned DAG incomplete or unreadable); nothing was deleted. */
        record Failed(long repoSize, long threshold, String message) implements Outcome {}
    }

    private final GcSettings settings;
    private final LongSupplier repoSize;
    private final Supplier<GcResult> collect;
    private final ScheduledExecutorService timer;

    /**
     * @param repoSize the repository's size in bytes, now
     * @param collect  one collection, excluding adds in progress
     */
    AutoGc(GcSettings settings, LongSupplier repoSize, Supplier<GcResult> collect) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.repoSize = Objects.requireNonNull(repoSize, "repoSize");
        this.collect = Objects.requireNonNull(collect, "collect");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-auto-gc");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic check; a zero {@code GCPeriod} leaves it off, as Kubo's. */
    AutoGc start() {
        if (settings.period().isZero()) {
            LOG.info("automatic GC enabled, but Datastore.GCPeriod is 0: no periodic collection");
            return this;
        }
        long nanos = settings.period().toNanos();
        // a fixed delay, not rate: a long collection is not followed at once by the next one
        timer.scheduleWithFixedDelay(this::checkLogged, nanos, nanos, TimeUnit.NANOSECONDS);
        LOG.info("automatic GC enabled: every {}, when the repository is above {} bytes ({}% of Datastore.StorageMax"
                + " {})", Durations.format(settings.period()), settings.threshold(), settings.watermark(),
                settings.storageMax());
        return this;
    }

    public GcSettings settings() {
        return settings;
    }

    /** One check: a collection when the repository is above the watermark (Kubo's maybeGC). */
    public Outcome check() {
        long size = repoSize.getAsLong();
        long threshold = settings.threshold();
        if (size <= threshold) {
            LOG.debug("automatic GC: repository at {} bytes, not above {}: nothing to do", size, threshold);
            return new Outcome.Under(size, threshold);
        }
        if (size > settings.storageMax()) {
            LOG.warn("automatic GC: repository at {} bytes, above Datastore.StorageMax {}; unpin content to stay "
                    + "under it", size, settings.storageMax());
        }
        LOG.info("automatic GC: repository at {} bytes, above the watermark {}: collecting", size, threshold);
        try {
            GcResult r = collect.get();
            LOG.info("automatic GC: removed {} blocks, {} bytes freed", r.removed().size(), r.bytesFreed());
            return new Outcome.Collected(size, threshold, r.removed().size(), r.bytesFreed());
        } catch (GcException e) {
            LOG.error("automatic GC: {}", e.getMessage());
            return new Outcome.Failed(size, threshold, e.getMessage());
        }
    }

    /** A scheduled check: a failure is logged, and the next period checks again. */
    private void checkLogged() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.error("automatic GC failed", e);
        }
    }

    /** Stops the checks; waits for a collection under way to end, so that the repository is not closed under it. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            while (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.info("automatic GC: waiting for the collection under way to end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
