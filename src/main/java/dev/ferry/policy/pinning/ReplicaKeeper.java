package dev.ferry.policy.pinning;

import dev.ferry.dag.walk.DagWalker;
import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.exchange.ferry.pin.PinHandler;
import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.exchange.ferry.pin.wire.PinState;
import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FetchSession;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keeping side of pinning policies: answers {@code /ferry/pin} requests by fetching the DAG (from wherever the
 * node's router finds it, normally the requester itself), keeping it for that requester, and dropping it when asked.
 *
 * <p>Who may ask: peers trusted at least {@link PinningConfig#acceptTrust()}; and, when {@link ReciprocityConfig}
 * is enabled, peers trusted at least its {@code minTrust} while what this node keeps for them is below their credit
 * (what they proved they keep for this node) times its {@code ratio}. That allowance is checked when the request
 * comes and again when the DAG's size is known, after its fetch (past it: FAILED, the blocks left to garbage
 * collection, as with the quota). What they may take: at most
 * {@link PinningConfig#maxHeld()} entries and {@link PinningConfig#quotaBytes()} bytes in all; a DAG's size is only
 * known once it is here, so a DAG that takes the total past the quota fails after its fetch (its blocks are left to
 * garbage collection). One fetch per root, shared by every requester of it; {@value #PARALLEL_FETCHES} fetches at
 * once. Entries are durable ({@link HeldReplicas}); fetches that a restart interrupted resume on {@link #start()}.
 *
 * <p>Entries of different requesters are independent: one requester's UNPIN never drops what another asked for, nor
 * this node's own pins (garbage collection keeps the union). Thread-safe.
 */
public final class ReplicaKeeper implements PinHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaKeeper.class);
    static final int PARALLEL_FETCHES = 2;

    /** A held write lock of the store: garbage collection waits while a fetch has blocks stored but not yet kept. */
    public interface Guard extends AutoCloseable {
        @Override
        void close();
    }

    private final HeldReplicas table;
    private final ContentFetcher fetcher;
    private final TrustLevels trust;
    private final Supplier<Guard> writing;
    private final PinningConfig config;
    private final InstantSource clock;
    private final Runnable onChange;
    private final java.util.function.Consumer<Cid> onKept;
    private final ReciprocityConfig reciprocity;
    private final ToLongFunction<Did> creditOf;
    private final Map<Cid, Thread> fetching = new ConcurrentHashMap<>();
    private final Semaphore fetchSlots = new Semaphore(PARALLEL_FETCHES);
    private volatile boolean closed;

    /**
     * @param onChange called after entries became KEPT or were dropped (the node updates its content index)
     * @param onKept   called with a root once its fetch completed and it is kept (the node announces it)
     */
    public ReplicaKeeper(HeldReplicas table, ContentFetcher fetcher, TrustLevels trust, Supplier<Guard> writing,
            PinningConfig config, InstantSource clock, Runnable onChange, java.util.function.Consumer<Cid> onKept) {
        this(table, fetcher, trust, writing, config, ReciprocityConfig.disabled(), d -> 0, clock, onChange, onKept);
    }

    /**
     * @param reciprocity when peers trusted below {@link PinningConfig#acceptTrust()} are kept for on credit
     * @param creditOf    the bytes a peer has proven it keeps for this node ({@link StorageLedger#creditOf})
     */
    public ReplicaKeeper(HeldReplicas table, ContentFetcher fetcher, TrustLevels trust, Supplier<Guard> writing,
            PinningConfig config, ReciprocityConfig reciprocity, ToLongFunction<Did> creditOf, InstantSource clock,
            Runnable onChange, java.util.function.Consumer<Cid> onKept) {
        this.reciprocity = Objects.requireNonNull(reciprocity, "reciprocity");
        this.creditOf = Objects.requireNonNull(creditOf, "creditOf");
        this.table = Objects.requireNonNull(table, "table");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.writing = Objects.requireNonNull(writing, "writing");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.onKept = Objects.requireNonNull(onKept, "onKept");
    }

    /** Resumes the fetches a stop interrupted. */
    public void start() {
        table.list().stream().filter(e -> e.state() == HeldReplica.State.FETCHING)
                .map(HeldReplica::root).distinct().forEach(this::startFetch);
    }

    public HeldReplicas table() {
        return table;
    }

    /** Whether {@link #close} was called (a refusal then means "stopping", not "over the limits"). */
    public boolean isClosed() {
        return closed;
    }

    /** Whether a fetch for peers is under way for {@code root} (the node then leaves its own pinning alone). */
    public boolean isFetching(Cid root) {
        return fetching.containsKey(root);
    }

    @Override
    public PinReply handle(PeerId from, Did requester, PinRequest request) {
        Cid root = request.root();
        String who = requester.toString();
        return switch (request.op()) {
            case STATUS -> table.get(root, who).map(ReplicaKeeper::reply)
                    .orElseGet(() -> new PinReply(PinState.NOT_PINNED, "", 0));
            case UNPIN -> {
                release(root, who);
                yield new PinReply(PinState.NOT_PINNED, "", 0);
            }
            case PIN -> pin(root, requester);
        };
    }

    /**
     * Keeps {@code root} for a client of the node's own API ({@code requester} such as {@code psa:<id>}): no trust
     * check (the API's access tokens decided), the same entry and byte limits as for peers. A FAILED entry is tried
     * again.
     *
     * @throws IllegalStateException the limits refuse it (the message says which), or the node is stopping
     */
    public synchronized HeldReplica keep(Cid root, String requester) {
        HeldReplica.checkRequester(requester);
        if (closed) {
            throw new IllegalStateException("node stopping");
        }
        Admission a = admit(root, requester);
        if (a.refusal() != null) {
            throw new IllegalStateException(a.refusal().message());
        }
        return a.entry();
    }

    /** The entry of {@code requester} for {@code root}, if any. */
    public Optional<HeldReplica> status(Cid root, String requester) {
        return table.get(root, requester);
    }

    private static PinReply reply(HeldReplica e) {
        return switch (e.state()) {
            case KEPT -> new PinReply(PinState.PINNED, "", e.bytes());
            case FETCHING -> new PinReply(PinState.PINNING, "", 0);
            case FAILED -> new PinReply(PinState.FAILED, PinReply.fitting(e.message()), 0);
        };
    }

    /** Drops {@code requester}'s entry for {@code root}; true when there was one. Other requesters keep theirs. */
    public boolean release(Cid root, String requester) {
        if (!table.remove(root, requester)) {
            return false;
        }
        LOG.info("no longer keeping {} for {}", root, requester);
        if (!table.anyFor(root)) {
            Thread t = fetching.get(root);
            if (t != null) {
                t.interrupt(); // nobody wants it any more
            }
        }
        onChange.run();
        return true;
    }

    /** What {@link #admit} did: the entry, or why not. */
    private record Admission(HeldReplica entry, PinReply refusal) {}

    private synchronized PinReply pin(Cid root, Did requester) {
        if (closed) {
            return new PinReply(PinState.BUSY, "node stopping", 0);
        }
        int level = trust.levelOf(requester);
        if (level < config.acceptTrust()) {
            String below = "trust level " + level + " is below the " + config.acceptTrust()
                    + " this node keeps content for";
            if (!reciprocity.enabled() || level < reciprocity.minTrust()) {
                return new PinReply(PinState.REFUSED, below, 0);
            }
            String overAllowance = onCredit(root, requester);
            if (overAllowance != null) {
                return new PinReply(PinState.REFUSED, PinReply.fitting(below + "; " + overAllowance), 0);
            }
        }
        Admission a = admit(root, requester.toString());
        return a.refusal() != null ? a.refusal() : reply(a.entry());
    }

    /**
     * Why {@code requester}, trusted too little to be kept for on trust alone, is not kept for on credit either; null
     * when its allowance leaves room (or it has an entry for {@code root} already).
     */
    private String onCredit(Cid root, Did requester) {
        String who = requester.toString();
        var existing = table.get(root, who);
        if (existing.isPresent() && existing.get().state() != HeldReplica.State.FAILED) {
            return null; // asked again: nothing more to keep
        }
        long credit = creditOf.applyAsLong(requester);
        long allowance = reciprocity.allowance(credit);
        long kept = table.bytesFor(who);
        String standing = "it has proven it keeps " + credit + " bytes for this node, which keeps " + kept
                + " bytes for it (allowance " + allowance + ")";
        if (kept >= allowance) {
            return "no reciprocal allowance left: " + standing;
        }
        // the size is known already when another requester's copy is here
        var keptByOther = table.list().stream()
                .filter(e -> e.root().equals(root) && e.state() == HeldReplica.State.KEPT).findFirst();
        if (keptByOther.isPresent() && kept + keptByOther.get().bytes() > allowance) {
            return "over the reciprocal allowance: " + keptByOther.get().bytes() + " bytes more; " + standing;
        }
        return null;
    }

    /**
     * Why {@code requester}'s entry for a DAG of {@code bytes} bytes takes it past its reciprocal allowance; null
     * when it does not, or when the requester is trusted enough not to need one (or is not a peer).
     */
    private String pastAllowance(String requester, long bytes) {
        if (!reciprocity.enabled() || !requester.startsWith(Did.PREFIX)) {
            return null;
        }
        Did did;
        try {
            did = Did.parse(requester);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (trust.levelOf(did) >= config.acceptTrust()) {
            return null;
        }
        long credit = creditOf.applyAsLong(did);
        long allowance = reciprocity.allowance(credit);
        long kept = table.bytesFor(requester);
        if (kept + bytes <= allowance) {
            return null;
        }
        return "over the reciprocal allowance: " + bytes + " bytes would take the " + kept + " kept for it past "
                + allowance + " (it has proven it keeps " + credit + " bytes for this node)";
    }

    /** Records the entry (FETCHING, or KEPT when another requester's copy is complete) and starts its fetch. */
    private Admission admit(Cid root, String requester) {
        var existing = table.get(root, requester);
        if (existing.isPresent() && existing.get().state() != HeldReplica.State.FAILED) {
            return new Admission(existing.get(), null);
        }
        if (existing.isEmpty() && table.size() >= config.maxHeld()) {
            return new Admission(null, new PinReply(PinState.REFUSED, "this node keeps " + config.maxHeld()
                    + " entries for others already", 0));
        }
        long now = clock.millis();
        var keptByOther = table.list().stream()
                .filter(e -> e.root().equals(root) && e.state() == HeldReplica.State.KEPT).findFirst();
        if (keptByOther.isPresent()) {
            HeldReplica e = new HeldReplica(root, requester, HeldReplica.State.KEPT, keptByOther.get().bytes(), now,
                    "");
            table.put(e);
            return new Admission(e, null);
        }
        long kept = table.keptBytes();
        if (kept >= config.quotaBytes()) {
            return new Admission(null, new PinReply(PinState.REFUSED, "quota reached: " + kept + " of "
                    + config.quotaBytes() + " bytes kept for others", 0));
        }
        HeldReplica e = new HeldReplica(root, requester, HeldReplica.State.FETCHING, 0, now, "");
        table.put(e);
        LOG.info("keeping {} for {}: fetching", root, requester);
        startFetch(root);
        return new Admission(e, null);
    }

    private void startFetch(Cid root) {
        boolean[] created = {false};
        Thread t = fetching.computeIfAbsent(root, r -> {
            created[0] = true;
            return Thread.ofVirtual().name("replica-fetch-" + r).unstarted(() -> fetch(r));
        });
        if (created[0]) {
            t.start();
        }
    }

    private void fetch(Cid root) {
        long bytes;
        try {
            fetchSlots.acquire();
            try (Guard held = writing.get(); FetchSession s = fetcher.open(config.fetchTimeout())) {
                s.fetchAll(root);
                fetcher.local().sync();
                bytes = new DagWalker(fetcher.local()).walk(List.of(root), b -> { }).bytes();
                finish(root, bytes, null);
            } finally {
                fetchSlots.release();
            }
        } catch (InterruptedException e) {
            LOG.debug("fetch of {} for peers stopped", root);
        } catch (RuntimeException e) {
            if (closed || Thread.currentThread().isInterrupted()) {
                LOG.debug("fetch of {} for peers stopped: {}", root, e.toString());
            } else {
                LOG.info("cannot keep {} for peers: {}", root, e.getMessage());
                finish(root, 0, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        } finally {
            fetching.remove(root);
            // a requester that asked again while this fetch was ending gets a fetch of its own
            if (!closed && table.list().stream()
                    .anyMatch(e -> e.root().equals(root) && e.state() == HeldReplica.State.FETCHING)) {
                startFetch(root);
            }
        }
    }

    /** Turns the root's FETCHING entries into KEPT (or FAILED with {@code failure}, or past the quota). */
    private synchronized void finish(Cid root, long bytes, String failure) {
        long now = clock.millis();
        String why = failure;
        if (why == null && table.keptBytes() + bytes > config.quotaBytes()) {
            why = "over quota: " + bytes + " bytes would take the " + table.keptBytes() + " kept for peers past "
                    + config.quotaBytes();
        }
        boolean anyKept = false;
        for (HeldReplica e : table.list()) {
            if (e.root().equals(root) && e.state() == HeldReplica.State.FETCHING) {
                String failed = why != null ? why : pastAllowance(e.requester(), bytes);
                table.put(failed == null ? e.with(HeldReplica.State.KEPT, bytes, now, "")
                        : e.with(HeldReplica.State.FAILED, 0, now, PinReply.fitting(failed)));
                anyKept |= failed == null;
                if (failed != null && why == null) {
                    LOG.info("not keeping {} for {}: {}", root, e.requester(), failed);
                }
            }
        }
        onChange.run();
        if (anyKept) {
            LOG.info("keeping {} for peers: {} bytes", root, bytes);
            onKept.accept(root);
        }
    }

    /** Roots garbage collection must keep whole. */
    public Set<Cid> keptRoots() {
        return table.keptRoots();
    }

    /** Stops the fetches (they resume at the next start) and waits a little for them to let go of the table. */
    @Override
    public void close() {
        closed = true;
        List<Thread> running = List.copyOf(fetching.values());
        running.forEach(Thread::interrupt);
        for (Thread t : running) {
            try {
                t.join(java.time.Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
