package dev.ferry.api.metrics;

import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoStat;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository's block count and size for scrapes. Counting is one pass over the store (seconds for millions of
 * blocks), longer than a scrape may take, so it runs on a virtual thread of its own, at most once per
 * {@code refresh}, and a scrape reads the last finished count (none before the first).
 */
final class RepoStatCache {
    private static final Logger log = LoggerFactory.getLogger(RepoStatCache.class);

    private final Repo repo;
    private final long refreshNanos;
    private final LongSupplier nanoClock;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile RepoStat last;
    private volatile long lastStarted;
    private volatile boolean started;

    RepoStatCache(Repo repo, Duration refresh, LongSupplier nanoClock) {
        this.repo = repo;
        this.refreshNanos = refresh.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The last count, starting a new one in the background when the last is older than the refresh period. */
    Optional<RepoStat> get() {
        long now = nanoClock.getAsLong();
        if ((!started || now - lastStarted >= refreshNanos) && running.compareAndSet(false, true)) {
            started = true;
            lastStarted = now;
            Thread.ofVirtual().name("metrics-repo-stat").start(() -> {
                try {
                    last = RepoStat.of(repo);
                } catch (RuntimeException e) {
                    log.debug("counting the repository's blocks failed: {}", e.toString());
                } finally {
                    running.set(false);
                }
            });
        }
        return Optional.ofNullable(last);
    }
}
