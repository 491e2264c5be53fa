package dev.ferry.routing.prefetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.walk.Links;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.SourceUse;
import dev.ferry.store.Block;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the cache ahead of requests: each request reported to it teaches the {@link SuccessorModel}, and each
 * successor the model predicts for it is fetched whole in the background, through the fetcher given (the node's
 * ordinary routed fetch, so every block is verified and the same trust, privacy and bandwidth rules apply), into the
 * local store as ordinary unpinned blocks.
 *
 * <p>Limits, checked before a prefetch starts and again before each block it asks for: at most
 * {@link PrefetchConfig#maxConcurrent()} at once (a prediction finding no free slot is skipped, not queued); a byte
 * budget per prefetch and per hour, counted from what the session's sources delivered; none while the node is busy
 * with its users' fetches. A DAG's size as its root announces it (a dag-pb root's Tsizes, a raw block's length) is
 * noted whenever a requested root is local, so a successor known to be too large is not fetched at all; one whose
 * size is learnt from its root as it arrives is not fetched beyond it. A ferry peer's transfer moves whole DAGs,
 * though: a transfer under way when a limit is reached may still deliver blocks for a moment; they are counted. Excluded CIDs (private content) are neither learned, nor predicted, nor fetched,
 * nor walked into. A root already local is skipped.
 *
 * <p>A hit is a later request for the root of a completed prefetch, found still local (a collection may have taken
 * it); each prefetch counts at most one.
 *
 * <p>Thread-safe; {@link #requested} returns at once, prefetches run on virtual threads.
 */
public final class Prefetcher implements ContentRequests, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Prefetcher.class);
    /** Blocks one prefetch walks at most, whatever its byte budget (a DAG of tiny blocks costs walking too). */
    static final int MAX_BLOCKS = 100_000;
    private static final int REMEMBERED_PREFETCHES = 4096;

    private final PrefetchConfig config;
    private final SuccessorModel model;
    private final ContentFetcher fetcher;
    private final Predicate<Cid> excluded;
    private final BooleanSupplier busy;
    private final HourlyBudget hourly;
    private final Semaphore slots;
    private final Set<Multihash> running = ConcurrentHashMap.newKeySet();
    private final Set<FetchSession> sessions = ConcurrentHashMap.newKeySet();
    private final Cache<Multihash, Boolean> prefetched = Caffeine.newBuilder()
            .maximumSize(REMEMBERED_PREFETCHES).executor(Runnable::run).build();
    /** DAG sizes as their roots announced them, noted when a requested root was local: known before any fetch. */
    private final Cache<Multihash, Long> sizes = Caffeine.newBuilder()
            .maximumSize(REMEMBERED_PREFETCHES).executor(Runnable::run).build();
    private volatile boolean closed;

    private final AtomicLong predictions = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong overBudget = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong skippedLocal = new AtomicLong();
    private final AtomicLong skippedBusy = new AtomicLong();
    private final AtomicLong blocks = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();

    private Prefetcher(Builder b) {
        this.config = b.config;
        this.model = b.model != null ? b.model : new SuccessorModel(SuccessorModelConfig.defaults(), b.clock);
        this.fetcher = b.fetcher;
        this.excluded = b.excluded;
        this.busy = b.busy;
        this.hourly = new HourlyBudget(config.maxBytesPerHour(), b.clock);
        this.slots = new Semaphore(config.maxConcurrent());
    }

    /** A prefetcher fetching through {@code fetcher}; by default off, learning with the default model. */
    public static Builder builder(ContentFetcher fetcher) {
        return new Builder(fetcher);
    }

    /** Builds a {@link Prefetcher}. Not thread-safe. */
    public static final class Builder {
        private final ContentFetcher fetcher;
        private PrefetchConfig config = PrefetchConfig.defaults();
        private SuccessorModel model;
        private Predicate<Cid> excluded = c -> false;
        private BooleanSupplier busy = () -> false;
        private InstantSource clock = InstantSource.system();

        private Builder(ContentFetcher fetcher) {
            this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        }

        public Builder config(PrefetchConfig c) {
            this.config = Objects.requireNonNull(c, "config");
            return this;
        }

        /** The model to learn into (default: a new one with the default limits on the builder's clock). */
        public Builder model(SuccessorModel m) {
            this.model = Objects.requireNonNull(m, "model");
            return this;
        }

        /** CIDs never learned, predicted or fetched (private content). */
        public Builder excluding(Predicate<Cid> p) {
            this.excluded = Objects.requireNonNull(p, "excluded");
            return this;
        }

        /** True while the node is busy with its users' fetches. */
        public Builder busy(BooleanSupplier b) {
            this.busy = Objects.requireNonNull(b, "busy");
            return this;
        }

        public Builder clock(InstantSource c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        public Prefetcher build() {
            return new Prefetcher(this);
        }
    }

    public boolean enabled() {
        return config.enabled();
    }

    public SuccessorModel model() {
        return model;
    }

    @Override
    public void requested(String client, Cid cid) {
        if (!config.enabled() || closed || excluded.test(cid)) {
            return; // private content teaches nothing and triggers nothing
        }
        try {
            var root = fetcher.local().get(cid);
            if (root.isPresent()) {
                announcedSize(root.get()).ifPresent(n -> sizes.put(cid.multihash(), n));
            }
            if (prefetched.asMap().remove(cid.multihash()) != null && root.isPresent()) {
                hits.incrementAndGet();
            }
            model.observe(client, cid);
            for (Prediction p : model.predict(cid)) {
                predictions.incrementAndGet();
                start(p.cid());
            }
        } catch (RuntimeException e) {
            LOG.warn("prefetch after a request of {} failed: {}", cid, e.toString());
        }
    }

    private void start(Cid root) {
        if (excluded.test(root)) {
            return;
        }
        if (fetcher.local().has(root)) {
            skippedLocal.incrementAndGet();
            return;
        }
        if (busy.getAsBoolean()) {
            skippedBusy.incrementAndGet();
            return;
        }
        Long known = sizes.getIfPresent(root.multihash());
        long left = hourly.remaining();
        if (left <= 0 || known != null && (known > config.maxBytesPerPrefetch() || known > left)) {
            overBudget.incrementAndGet();
            return;
        }
        if (!running.add(root.multihash())) {
            return; // already on its way
        }
        if (!slots.tryAcquire()) {
            running.remove(root.multihash());
            skippedBusy.incrementAndGet();
            return;
        }
        started.incrementAndGet();
        try {
            Thread.ofVirtual().name("prefetch " + root).start(() -> {
                try {
                    run(root);
                } finally {
                    running.remove(root.multihash());
                    slots.release();
                }
            });
        } catch (RuntimeException | OutOfMemoryError e) {
            running.remove(root.multihash());
            slots.release();
            failed.incrementAndGet();
        }
    }

    private enum Outcome { COMPLETE, OVER_BUDGET, CANCELLED }

    private void run(Cid root) {
        FetchSession session = null;
        long[] spent = {0};
        Outcome outcome = Outcome.CANCELLED;
        boolean failure = false;
        try {
            session = fetcher.open(config.blockTimeout());
            sessions.add(session);
            if (!closed) {
                outcome = walk(session, root, spent);
            }
        } catch (RuntimeException e) {
            if (!closed) {
                failure = true;
                LOG.debug("prefetch of {} failed: {}", root, e.toString());
            }
        } finally {
            if (session != null) {
                sessions.remove(session);
                session.close();
                long[] delivered = delivered(session);
                hourly.spend(delivered[1] - spent[0]);
                blocks.addAndGet(delivered[0]);
                bytes.addAndGet(delivered[1]);
            }
            // counted after the bytes: whoever sees a prefetch ended sees what it spent
            if (failure) {
                failed.incrementAndGet();
            } else {
                switch (outcome) {
                    case COMPLETE -> {
                        prefetched.put(root.multihash(), Boolean.TRUE);
                        completed.incrementAndGet();
                    }
                    case OVER_BUDGET -> overBudget.incrementAndGet();
                    case CANCELLED -> cancelled.incrementAndGet();
                }
            }
        }
    }

    /** Breadth first over the DAG, asking the session for each block, the limits checked before each. */
    private Outcome walk(FetchSession session, Cid root, long[] spent) {
        Deque<Cid> queue = new ArrayDeque<>();
        Set<Cid> seen = new HashSet<>();
        queue.add(root);
        seen.add(root);
        while (!queue.isEmpty()) {
            if (closed || busy.getAsBoolean()) {
                return Outcome.CANCELLED;
            }
            long used = delivered(session)[1];
            hourly.spend(used - spent[0]);
            spent[0] = used;
            if (used >= config.maxBytesPerPrefetch() || hourly.remaining() <= 0) {
                return Outcome.OVER_BUDGET;
            }
            Cid cid = queue.poll();
            if (excluded.test(cid)) {
                continue; // a private block is neither fetched nor followed
            }
            Block block = session.get(cid);
            if (cid.equals(root)) {
                OptionalLong size = announcedSize(block);
                if (size.isPresent() && (size.getAsLong() > config.maxBytesPerPrefetch()
                        || size.getAsLong() - block.size() > hourly.remaining())) {
                    return Outcome.OVER_BUDGET;
                }
            }
            if (!Links.supports(cid.codec())) {
                continue;
            }
            for (Cid link : Links.of(block)) {
                if (seen.size() >= MAX_BLOCKS) {
                    return Outcome.OVER_BUDGET;
                }
                if (seen.add(link)) {
                    queue.add(link);
                }
            }
        }
        return Outcome.COMPLETE;
    }

    /** Blocks and bytes the session's sources delivered (local blocks are not in it). */
    private static long[] delivered(FetchSession session) {
        long n = 0;
        long b = 0;
        for (SourceUse u : session.sources()) {
            n += u.blocks();
            b += u.bytes();
        }
        return new long[] {n, b};
    }

    /** The size of the whole DAG as its root tells it: a raw block's length, a dag-pb node's plus its links' Tsizes. */
    static OptionalLong announcedSize(Block root) {
        long codec = root.cid().codec();
        if (codec == Multicodec.RAW.code()) {
            return OptionalLong.of(root.size());
        }
        if (codec != Multicodec.DAG_PB.code()) {
            return OptionalLong.empty();
        }
        long total = root.size();
        try {
            for (PbLink l : PbCodec.links(root.data())) {
                if (l.tsize() == null || l.tsize() < 0) {
                    return OptionalLong.empty();
                }
                total += l.tsize();
            }
        } catch (RuntimeException e) {
            return OptionalLong.empty(); // the walk reports a block that does not decode
        }
        return OptionalLong.of(total);
    }

    public PrefetchStats stats() {
        return new PrefetchStats(config.enabled(), predictions.get(), started.get(), completed.get(), failed.get(),
                overBudget.get(), cancelled.get(), skippedLocal.get(), skippedBusy.get(), blocks.get(), bytes.get(),
                hits.get(), running.size(), config.enabled() ? model.size() : 0, hourly.remaining());
    }

    /** Stops the running prefetches (their sessions are closed); later requests are ignored. */
    @Override
    public void close() {
        closed = true;
        for (FetchSession s : List.copyOf(sessions)) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a prefetch session: {}", e.toString());
            }
        }
    }
}
