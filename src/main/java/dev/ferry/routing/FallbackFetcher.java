package dev.ferry.routing;

import dev.ferry.dag.pb.DagPbException;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.dag.unixfs.UnixfsDataCodec;
import dev.ferry.dag.unixfs.UnixfsException;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.dag.walk.LinkDecodeException;
import dev.ferry.dag.walk.Links;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import dev.ferry.routing.gateway.DagScope;
import dev.ferry.routing.gateway.GatewayException;
import dev.ferry.routing.gateway.BlockGateways;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The fetch chain: local store, then the peers (a {@link ContentFetcher} such as {@link BitswapFetcher}), then the
 * gateway pool when no peer has delivered within {@code fallbackDelay}.
 *
 * <ul>
 *   <li>{@code get(cid)}: local, else the peers are asked at once and the gateways only after the delay; both then
 *       race, the first verified block wins and the other request is cancelled (interrupted). A block from a
 *       gateway is verified by the pool and stored locally before it is returned.</li>
 *   <li>{@code fetchAll(root)}: the peers stream the DAG; when they deliver nothing for {@code fallbackDelay} the
 *       rest is walked here over the local store, each missing part fetched as an entity CAR from the gateways
 *       (the whole file a missing block belongs to, a directory's own blocks, then its children in turn), each
 *       entity asked for once, falling back to {@code get} per block when the gateways cannot deliver.</li>
 * </ul>
 * With an empty pool it is exactly the peers' fetcher. Gateways that may come while a fetch runs (providers found to
 * serve content over HTTP, {@link BlockGateways#mayGainGateways()}) are asked once they are there: a race started
 * while there are none keeps watching for them, and a DAG fetch whose peers stall while there are none goes on with
 * the peers, looking again at each stall, until the whole timeout passes with no block. Thread-safe.
 */
public final class FallbackFetcher implements ContentFetcher {
    /** How long a race waits for its cancelled loser to wind down. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(2);
    private final ContentFetcher peers;
    private final BlockGateways gateways;
    /** How often a race with no gateway yet looks for one that came. */
    private static final Duration GATEWAY_POLL = Duration.ofMillis(100);
    private final Duration fallbackDelay;

    /**
     * @param peers         the stage before the gateways (its local store is this fetcher's)
     * @param gateways      the last resort; may be empty
     * @param fallbackDelay how long the peers have before the gateways are asked too
     */
    public FallbackFetcher(ContentFetcher peers, BlockGateways gateways, Duration fallbackDelay) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.gateways = Objects.requireNonNull(gateways, "gateways");
        this.fallbackDelay = Objects.requireNonNull(fallbackDelay, "fallbackDelay");
        if (fallbackDelay.isNegative()) {
            throw new IllegalArgumentException("fallbackDelay must not be negative");
        }
    }

    @Override
    public Blockstore local() {
        return peers.local();
    }

    public BlockGateways gateways() {
        return gateways;
    }

    public Duration fallbackDelay() {
        return fallbackDelay;
    }

    @Override
    public FetchSession open(Duration timeout) {
        if (gateways.isEmpty() && !gateways.mayGainGateways()) {
            return peers.open(timeout);
        }
        return new Session(peers.open(timeout), timeout);
    }

    private final class Session implements FetchSession {
        private final FetchSession peerSession;
        private final Duration timeout;
        private final Blockstore view;
        private final SourceTally tally = new SourceTally();
        private final Blockstore fromGateways;

        Session(FetchSession peerSession, Duration timeout) {
            this.peerSession = peerSession;
            this.timeout = timeout;
            this.view = new FetchingBlockstore(local(), this);
            this.fromGateways = new TallyingBlockstore(local(), tally, "gateway",
                    TallyingBlockstore.gatewayId(gateways));
        }

        @Override
        public Block get(Cid cid) {
            Optional<Block> have = local().get(cid);
            if (have.isPresent()) {
                return have.get();
            }
            return race(cid);
        }

        /** Peers now, gateways after the delay; the first verified block wins, the other is cancelled. */
        private Block race(Cid cid) {
            BlockingQueue<Future<Block>> done = new LinkedBlockingQueue<>();
            Stage peerStage = new Stage(() -> peerSession.get(cid), done);
            Thread peerThread = Thread.ofVirtual().name("fetch-peers-" + cid).start(peerStage);
            Thread gatewayThread = null;
            Stage gatewayStage = null;
            int running = 1;
            long start = System.nanoTime();
            long gatewayAt = start + fallbackDelay.toNanos();
            long deadline = start + timeout.toNanos();
            Throwable lastError = null;
            try {
                while (true) {
                    long now = System.nanoTime();
                    boolean gatewayDue = now - gatewayAt >= 0 || running == 0;
                    if (gatewayStage == null && gatewayDue && !gateways.isEmpty()) {
                        gatewayStage = new Stage(() -> {
                            Block b = gateways.fetchBlock(cid); // verified by the pool
                            fromGateways.putReceived(b);
                            return b;
                        }, done);
                        gatewayThread = Thread.ofVirtual().name("fetch-gateway-" + cid).start(gatewayStage);
                        running++;
                    }
                    if (running == 0 && (gatewayStage != null || !gateways.mayGainGateways())) {
                        throw new FetchTimeoutException(cid, "no source delivered " + cid + ": "
                                + (lastError == null ? "" : lastError.getMessage()), lastError);
                    }
                    if (now - deadline >= 0) {
                        throw new FetchTimeoutException(cid, "no source delivered " + cid + " within " + timeout,
                                lastError);
                    }
                    long until = gatewayStage != null ? deadline
                            : gatewayDue ? Math.min(now + GATEWAY_POLL.toNanos(), deadline) // none yet: watch
                            : Math.min(gatewayAt, deadline);
                    Future<Block> f = done.poll(Math.max(0, until - now), TimeUnit.NANOSECONDS);
                    if (f == null) {
                        continue;
                    }
                    running--;
                    try {
                        Block b = f.get();
                        // the chain checks the contract itself: a Block is verified, and it must be the one asked for
                        if (b.cid().multihash().equals(cid.multihash())) {
                            return b;
                        }
                        lastError = new IllegalStateException("a source answered " + b.cid() + " for " + cid);
                    } catch (ExecutionException e) {
                        lastError = e.getCause();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchTimeoutException(cid, "interrupted fetching " + cid, e);
            } finally {
                peerStage.cancel(true);
                if (gatewayStage != null) {
                    gatewayStage.cancel(true);
                }
                // the loser's cancellation (wants withdrawn, request aborted) is over before we return
                awaitEnd(peerThread);
                awaitEnd(gatewayThread);
            }
        }

        @Override
        public Blockstore blocks() {
            return view;
        }

        @Override
        public long fetchAll(Cid root) {
            long idleSince = System.nanoTime();
            while (true) {
                long attempt = System.nanoTime();
                // the peers alone for the fallback delay, and never past the whole timeout without progress
                Duration left = timeout.minusNanos(attempt - idleSince);
                Duration quickTimeout = fallbackDelay.compareTo(left) < 0 ? fallbackDelay : left;
                FetchSession quick = peers.open(quickTimeout.isPositive() ? quickTimeout : Duration.ofNanos(1));
                try {
                    return quick.fetchAll(root);
                } catch (FetchTimeoutException stalled) {
                    if (!gateways.isEmpty()) {
                        return walk(root);
                    }
                    // no gateway yet (providers' ones may come): the peers go on while they deliver, and the
                    // gateways are asked as soon as there are some; the whole timeout without progress ends it
                    long now = System.nanoTime();
                    if (quick.sources().stream().mapToLong(SourceUse::blocks).sum() > 0) {
                        idleSince = now;
                    } else if (now - idleSince >= timeout.toNanos() || !gateways.mayGainGateways()) {
                        throw stalled;
                    }
                    if (now - attempt < GATEWAY_POLL.toNanos()) {
                        sleepQuietly(GATEWAY_POLL, root);
                    }
                } finally {
                    quick.close();
                    tally.addAll(quick.sources());
                }
            }
        }

        private static void sleepQuietly(Duration d, Cid root) {
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchTimeoutException(root, "interrupted fetching " + root, e);
            }
        }

        /**
         * The DAG in pre-order over the local store. A missing block is asked from the gateways as part of its
         * entity (the UnixFS file it belongs to, else the block's own entity CAR), each entity at most once; what
         * the gateways cannot deliver is fetched block by block with {@link #get}.
         */
        private long walk(Cid root) {
            record Step(Cid cid, Cid entity) {
            }
            Set<Multihash> seen = new HashSet<>();
            Set<Multihash> askedEntities = new HashSet<>();
            Deque<Step> steps = new ArrayDeque<>();
            steps.push(new Step(root, root));
            long blocks = 0;
            while (!steps.isEmpty()) {
                Step step = steps.pop();
                Cid cid = step.cid();
                if (!seen.add(cid.multihash())) {
                    continue;
                }
                Optional<Block> b = local().get(cid);
                if (b.isEmpty() && askedEntities.add(step.entity().multihash())) {
                    try {
                        gateways.fetchDag(step.entity(), DagScope.ENTITY, fromGateways);
                    } catch (GatewayException e) {
                        if (e.kind() == GatewayException.Kind.CANCELLED) {
                            throw new FetchTimeoutException(cid, e.getMessage(), e);
                        }
                        if (e.kind() == GatewayException.Kind.NO_GATEWAY) {
                            askedEntities.remove(step.entity().multihash()); // asked nobody: ask once some come
                        }
                        // what arrived is kept; the rest comes block by block below
                    }
                    b = local().get(cid);
                }
                Block block = b.isPresent() ? b.get() : get(cid);
                if (!cid.isIdentity()) {
                    blocks++;
                }
                List<Cid> links;
                try {
                    links = Links.of(block);
                } catch (LinkDecodeException e) {
                    links = List.of();
                }
                boolean fileNode = isUnixfsFile(block);
                for (int i = links.size() - 1; i >= 0; i--) {
                    Cid child = links.get(i);
                    steps.push(new Step(child, fileNode ? step.entity() : child));
                }
            }
            return blocks;
        }

        @Override
        public List<SourceUse> sources() {
            return SourceTally.merge(List.of(peerSession.sources(), tally.snapshot()));
        }

        @Override
        public void close() {
            peerSession.close();
        }
    }

    private static void awaitEnd(Thread t) {
        if (t == null) {
            return;
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + CANCEL_GRACE.toNanos();
        while (t.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break; // it will end on its own: both stages are bounded
            }
            try {
                t.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the block is a UnixFS file node, whose children belong to the same entity. */
    private static boolean isUnixfsFile(Block block) {
        if (block.cid().codec() != Multicodec.DAG_PB.code()) {
            return false;
        }
        try {
            PbNode node = PbCodec.decode(block.data());
            if (node.data() == null) {
                return false;
            }
            UnixfsType t = UnixfsDataCodec.decode(node.data()).type();
            return t == UnixfsType.FILE || t == UnixfsType.RAW;
        } catch (DagPbException | UnixfsException e) {
            return false;
        }
    }

    /** A racing request that reports to the queue when it finishes, whichever way. */
    private static final class Stage extends FutureTask<Block> {
        private final BlockingQueue<Future<Block>> done;

        Stage(Callable<Block> work, BlockingQueue<Future<Block>> done) {
            super(work);
            this.done = done;
        }

        @Override
        protected void done() {
            done.add(this);
        }
    }
}
