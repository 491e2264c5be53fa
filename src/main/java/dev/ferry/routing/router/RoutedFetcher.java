package dev.ferry.routing.router;

import dev.ferry.dag.walk.LinkDecodeException;
import dev.ferry.dag.walk.Links;
import dev.ferry.exchange.ferry.request.FerryRequestException;
import dev.ferry.exchange.ferry.request.FerryRequester;
import dev.ferry.exchange.ferry.request.RefusalReason;
import dev.ferry.exchange.ferry.request.Source;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.FetchTimeoutException;
import dev.ferry.routing.SourceTally;
import dev.ferry.routing.SourceUse;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hybrid fetch path as an ordered chain that follows the router's ranking: the local store, then ferry peers
 * (direct, then proxies, by score) through {@link FerryRequester}, and the IPFS stages (the wrapped fetcher: Bitswap,
 * then gateways) at the position of the first IPFS candidate; a content-class preference may put the IPFS stages
 * first. Each stage is asked at most once per CID; a failure moves on to the next.
 *
 * <ul>
 *   <li>A ferry peer is asked for the DAG under the CID (the protocol moves DAGs): a direct peer for its own copy
 *       ({@link Source#PEER} only, so NOT_FOUND means its index lied), a proxy for the IPFS network or its gateways.
 *       Its NOT_FOUND records an index miss; a delivery a hit; a peer that failed is not asked again in the same
 *       session. Transfers feed {@link PeerMetrics} (bytes over time, and the time to the first block as a round
 *       trip).</li>
 *   <li>Several peers at once: {@code fetchAll(root)} with the root block local (already, or because the first
 *       peer's transfer broke off after it) and at least two good direct peers (score within
 *       {@link RoutingConfig#goodMargin()} of the best; at most {@link RoutingConfig#parallelPeers()}) shares the
 *       root's child subtrees among them: each peer takes the next subtree from a common queue; a subtree whose peer
 *       failed goes back to the queue for the others. A missing root is first fetched whole from the best peer, as
 *       the protocol cannot ask for one block alone.</li>
 *   <li>The chain checks the contract itself: whatever a stage claims, {@code get} answers only a block read from
 *       the local store (where only verified blocks from the requester and the wrapped fetcher land) under the
 *       multihash asked for, and {@code fetchAll} ends with a walk of the DAG over the local store, routing each block
 *       still missing, unless the stages' own checked answers covered the whole DAG (one answer for it all, or a
 *       shared transfer's parts: the main answer up to where helpers took over, and theirs for every child after).</li>
 * </ul>
 * Thread-safe.
 */
public final class RoutedFetcher implements ContentFetcher {
    private static final Logger log = LoggerFactory.getLogger(RoutedFetcher.class);
    private static final List<Source> OWN_COPY = List.of(Source.PEER);
    private static final List<Source> PROXY = List.of(Source.IPFS, Source.GATEWAY);

    /** How long a closing session lets its peer transfers finish by themselves. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final ContentRouter router;
    private final boolean handOver;

    RoutedFetcher(ContentRouter router) {
        this(router, true);
    }

    private RoutedFetcher(ContentRouter router, boolean handOver) {
        this.router = router;
        this.handOver = handOver;
    }

    /**
     * The same fetch path without the router's {@code afterPeerFetch}: what it fetches stays only as a cache (the
     * node's gateway, whose requests come from anyone, must not pin what strangers ask for).
     */
    public RoutedFetcher withoutHandOver() {
        return new RoutedFetcher(router, false);
    }

    public ContentRouter router() {
        return router;
    }

    @Override
    public Blockstore local() {
        return router.local();
    }

    @Override
    public FetchSession open(Duration timeout) {
        return new Session(timeout);
    }

    private final class Session implements FetchSession {
        private final Duration timeout;
        private final Set<PeerId> failed = ConcurrentHashMap.newKeySet();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition progress = lock.newCondition(); // a peer stored a block, or a transfer ended
        private FetchSession ipfs; // guarded by lock
        private boolean closed; // guarded by lock
        private final List<Thread> transfers = new ArrayList<>(); // running peer transfers, guarded by lock
        private final SourceTally tally = new SourceTally();
        private final AtomicReference<Cid> first = new AtomicReference<>();
        private final AtomicBoolean peerDelivered = new AtomicBoolean();
        private final AtomicBoolean pinned = new AtomicBoolean();
        /** DAGs a single stage delivered whole in this session (a finished peer transfer, an IPFS fetchAll), by root. */
        private final Map<Multihash, Long> complete = new ConcurrentHashMap<>();
        private volatile boolean stopAll; // the session closed: running transfers stop at their next block
        private final Blockstore view;

        Session(Duration timeout) {
            this.timeout = timeout;
            this.view = new dev.ferry.routing.FetchingBlockstore(local(), this);
        }

        @Override
        public Block get(Cid cid) {
            if (first.get() == null) {
                first.compareAndSet(null, cid);
            }
            Optional<Block> have = local().get(cid);
            if (have.isPresent()) {
                return have.get();
            }
            if (!awaitRunningTransfers(cid)) {
                fetch(cid, false);
            }
            return verifiedLocal(cid).orElseThrow(() ->
                    new FetchTimeoutException(cid, "no source delivered " + cid));
        }

        @Override
        public Blockstore blocks() {
            return view;
        }

        @Override
        public long fetchAll(Cid root) {
            first.compareAndSet(null, root);
            awaitAllTransfers(root); // an earlier get's transfer may be bringing this DAG already
            boolean wholeAsked = false;
            if (!local().has(root)) {
                fetch(root, true);
                wholeAsked = true;
                awaitAllTransfers(root); // helpers of a shared transfer may still be at work
            }
            Long known = complete.get(root.multihash());
            if (known != null) {
                // one stage delivered the whole DAG and checked it as it came: no need to read it all again
                if (peerDelivered.get() && root.equals(first.get())) {
                    afterPeerFetch(root);
                }
                return known;
            }
            shareAmongPeers(root, router.route(root));
            long blocks = walk(root, wholeAsked);
            if (peerDelivered.get() && root.equals(first.get())) {
                afterPeerFetch(root);
            }
            return blocks;
        }

        @Override
        public List<SourceUse> sources() {
            FetchSession s;
            lock.lock();
            try {
                s = ipfs;
            } finally {
                lock.unlock();
            }
            return s == null ? tally.snapshot() : SourceTally.merge(List.of(tally.snapshot(), s.sources()));
        }

        /**
         * Follows the ranking for {@code cid} until a stage delivers it; true when one did. With {@code dag}, each
         * stage delivers the whole DAG before this returns; without, a peer's transfer goes on in the background
         * once {@code cid} itself has arrived (a reader gets the root, then the blocks in the order the peer sends).
         */
        private boolean fetch(Cid cid, boolean dag) {
            try {
                router.beforeRemoteFetch().accept(cid);
            } catch (RuntimeException e) {
                log.warn("preparing the fetch of {} failed: {}", cid, e.toString());
            }
            List<RankedCandidate> ranked = router.route(cid);
            boolean ipfsAsked = false;
            Throwable last = null;
            for (RankedCandidate rc : ranked) {
                Candidate c = rc.candidate();
                boolean ran = false;
                try {
                    switch (c) {
                        case Candidate.Local l -> {
                            // the block is here; for a whole DAG, the stages below complete what is missing
                            if (!dag) {
                                return true;
                            }
                            continue;
                        }
                        case Candidate.FerryPeer p -> runPeer(p.peer(), cid, OWN_COPY, true, dag, ranked);
                        case Candidate.Proxy p -> runPeer(p.peer(), cid, PROXY, false, dag, ranked);
                        case Candidate.IpfsNetwork n -> {
                            if (ipfsAsked) {
                                continue;
                            }
                            ipfsAsked = true;
                            askIpfs(cid, dag);
                        }
                        case Candidate.Gateway g -> {
                            if (ipfsAsked) {
                                continue;
                            }
                            ipfsAsked = true;
                            askIpfs(cid, dag);
                        }
                    }
                    ran = true;
                } catch (StageFailed | FetchTimeoutException | FerryRequestException e) {
                    last = e;
                } catch (RuntimeException e) {
                    // a stage broke in a way it should not: the chain goes on, the failure is logged
                    log.debug("source {} failed for {}", c.type(), cid, e);
                    last = e;
                }
                // a whole-DAG stage that returned normally has made the DAG complete
                if (dag ? ran : local().has(cid)) {
                    return true;
                }
            }
            if (last instanceof FetchTimeoutException t) {
                throw t;
            }
            throw new FetchTimeoutException(cid, "no source delivered " + cid
                    + (last == null ? " (no source to ask)" : ": " + last.getMessage()), last);
        }

        /**
         * Asks a ferry peer for the DAG under {@code cid} on a thread of its own. With {@code whole}, waits for the
         * transfer's end; otherwise until {@code cid} is local or the transfer ended. Throws the transfer's failure
         * when {@code cid} did not arrive. Other good direct peers (see {@link Share}) help from the DAG's far end.
         */
        private void runPeer(PeerId peer, Cid cid, List<Source> sources, boolean direct, boolean whole,
                List<RankedCandidate> ranked) {
            if (direct && failed.contains(peer)) {
                throw new StageFailed("peer " + peer + " already failed in this session");
            }
            List<PeerId> helpers = direct ? goodPeers(ranked).stream().filter(p -> !p.equals(peer)).toList()
                    : List.of();
            Share share = new Share(cid, helpers.size() + 1, !helpers.isEmpty());
            AtomicReference<RuntimeException> error = new AtomicReference<>();
            AtomicBoolean done = new AtomicBoolean();
            lock.lock();
            try {
                if (closed) {
                    throw new StageFailed("session closed");
                }
                startTransfer(peer, () -> {
                    try {
                        askPeer(peer, cid, sources, direct, share.shared ? share : null);
                    } catch (RuntimeException e) {
                        error.set(e);
                        share.failed = true;
                    } finally {
                        done.set(true);
                        share.rootArrived.countDown(); // helpers waiting for a root that will not come stop
                        share.partDone();
                    }
                });
                for (PeerId h : helpers) {
                    startTransfer(h, () -> {
                        try {
                            help(h, share);
                        } finally {
                            share.partDone();
                        }
                    });
                }
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!done.get() && (whole || !local().has(cid))) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 && !whole) {
                        break; // the transfer's own idle timeout ends it; this reader has waited long enough
                    }
                    progress.awaitNanos(whole ? 100_000_000L : left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchTimeoutException(cid, "interrupted fetching " + cid, e);
            } finally {
                lock.unlock();
            }
            if (error.get() != null && (whole || !local().has(cid))) {
                throw error.get();
            }
        }

        /** Lock held: runs {@code body} on a virtual thread listed in {@link #transfers} until it ends. */
        private void startTransfer(PeerId peer, Runnable body) {
            Thread t = Thread.ofVirtual().name("fetch-" + peer).unstarted(() -> {
                try {
                    body.run();
                } finally {
                    lock.lock();
                    try {
                        transfers.remove(Thread.currentThread());
                        progress.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            });
            transfers.add(t);
            t.start();
        }

        /** A helper of a shared transfer: once the root is known, takes subtrees from the far end until none is left. */
        private void help(PeerId peer, Share share) {
            try {
                if (!share.rootArrived.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Cid next;
            while (!stopAll && (next = share.claimForHelper()) != null) {
                try {
                    askPeer(peer, next, OWN_COPY, true, null);
                } catch (RuntimeException e) {
                    share.giveBack(next); // the main transfer or another helper may still take it
                    return;
                }
            }
        }

        /** The direct peers good enough to share a DAG: within the margin of the best, at most the configured number. */
        private List<PeerId> goodPeers(List<RankedCandidate> ranked) {
            if (router.requester().isEmpty()) {
                return List.of();
            }
            List<RankedCandidate> direct = ranked.stream()
                    .filter(r -> r.candidate() instanceof Candidate.FerryPeer p && !failed.contains(p.peer()))
                    .toList();
            if (direct.size() < 2) {
                return List.of();
            }
            double best = direct.stream().mapToDouble(r -> r.score().total()).max().orElseThrow();
            return direct.stream()
                    .filter(r -> r.score().total() >= best - router.config().goodMargin())
                    .limit(router.config().parallelPeers())
                    .map(r -> ((Candidate.FerryPeer) r.candidate()).peer()).toList();
        }

        /**
         * While peer transfers of this session run, waits for {@code cid} to arrive through them (at most the
         * timeout); true when it did.
         */
        private boolean awaitRunningTransfers(Cid cid) {
            lock.lock();
            try {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!transfers.isEmpty() && !local().has(cid)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new FetchTimeoutException(cid, "no source delivered " + cid + " within " + timeout);
                    }
                    progress.awaitNanos(left);
                }
                return local().has(cid);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchTimeoutException(cid, "interrupted fetching " + cid, e);
            } finally {
                lock.unlock();
            }
        }

        /** Waits until no peer transfer of this session runs (each ends by itself: it has an idle timeout). */
        private void awaitAllTransfers(Cid cid) {
            lock.lock();
            try {
                while (!transfers.isEmpty()) {
                    progress.awaitNanos(100_000_000L);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchTimeoutException(cid, "interrupted fetching " + cid, e);
            } finally {
                lock.unlock();
            }
        }

        private void blockStored() {
            lock.lock();
            try {
                progress.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /**
         * Asks one ferry peer for the DAG under {@code cid}, measuring the transfer and judging its index. As the main
         * transfer of a {@link Share}, it stops (normally) where a helper took over.
         */
        private void askPeer(PeerId peer, Cid cid, List<Source> sources, boolean direct, Share share) {
            FerryRequester requester = router.requester().orElseThrow(() -> new StageFailed("no ferry requester"));
            if (failed.contains(peer) && direct) {
                throw new StageFailed("peer " + peer + " already failed in this session");
            }
            CountingBlockstore into = new CountingBlockstore(local(), this::blockStored,
                    share == null ? b -> !stopAll : b -> !stopAll && share.mainMayStore(b));
            long start = System.nanoTime();
            try {
                long blocks = requester.fetch(peer, cid, sources, router.config().ttl(), into, timeout);
                complete.put(cid.multihash(), blocks); // the requester checked the whole DAG arrived
            } catch (CountingBlockstore.Stopped stopped) {
                // a helper has the rest, or the session closed: what arrived so far is a delivery
                if (share != null) {
                    share.mainStopped(into.blocks());
                }
            } catch (FerryRequestException e) {
                if (e.reason() != null && into.firstAt() == Long.MIN_VALUE) {
                    // a refusal is an answer: one round trip
                    router.metrics().recordLatency(peer, Duration.ofNanos(System.nanoTime() - start));
                }
                if (direct && e.reason() == RefusalReason.NOT_FOUND) {
                    router.reputation().recordMiss(peer);
                }
                if (direct) {
                    failed.add(peer);
                }
                throw e;
            } finally {
                long end = System.nanoTime();
                if (into.firstAt() != Long.MIN_VALUE) {
                    router.metrics().recordLatency(peer, Duration.ofNanos(into.firstAt() - start));
                }
                router.metrics().recordTransfer(peer, into.bytes(), Duration.ofNanos(end - start));
                tally.add(direct ? "peer" : "proxy", peer.toString(), into.blocks(), into.bytes());
                if (into.blocks() > 0) {
                    peerDelivered.set(true);
                }
            }
            if (direct) {
                router.reputation().recordHit(peer);
            }
        }

        /**
         * One DAG fetched by a main transfer from the front (depth-first, as a reader needs it) and, when other good
         * peers exist, by helpers taking the root's child subtrees from the back; the main transfer stops where it
         * reaches a subtree a helper took. When every part succeeded and the DAG is the session's first, the node's
         * {@code afterPeerFetch} runs (still inside the transfer, so a closing session waits for it).
         */
        private final class Share {
            final Cid root;
            final boolean shared;
            final CountDownLatch rootArrived = new CountDownLatch(1);
            private final AtomicInteger parts;
            private final ReentrantLock claims = new ReentrantLock();
            private final Deque<Cid> queue = new ArrayDeque<>(); // guarded by claims
            private final Set<Multihash> children = new HashSet<>(); // guarded by claims
            private final Set<Multihash> helperClaimed = new HashSet<>(); // guarded by claims
            private List<Cid> rootLinks = List.of(); // guarded by claims
            private Multihash mainStoppedAt; // guarded by claims: the child where a helper took over from the main
            private long mainBlocks = -1; // guarded by claims: what the main transfer stored before it stopped there
            volatile boolean failed;

            Share(Cid root, int parts, boolean shared) {
                this.root = root;
                this.parts = new AtomicInteger(parts);
                this.shared = shared;
            }

            /** Before the main transfer stores {@code b}: false where a helper took over. */
            boolean mainMayStore(Block b) {
                Multihash mh = b.cid().multihash();
                claims.lock();
                try {
                    if (mh.equals(root.multihash())) {
                        if (rootArrived.getCount() > 0) {
                            List<Cid> links;
                            try {
                                links = Links.of(b);
                            } catch (LinkDecodeException e) {
                                links = List.of();
                            }
                            rootLinks = links;
                            for (Cid c : links) {
                                if (children.add(c.multihash()) && !local().has(c)) {
                                    queue.addLast(c);
                                }
                            }
                        }
                        return true;
                    }
                    if (!children.contains(mh)) {
                        return true;
                    }
                    if (queue.removeIf(c -> c.multihash().equals(mh))) {
                        return true; // the main transfer got here first
                    }
                    if (!helperClaimed.contains(mh)) {
                        return true;
                    }
                    if (mainStoppedAt == null) {
                        mainStoppedAt = mh;
                    }
                    return false;
                } finally {
                    claims.unlock();
                    if (mh.equals(root.multihash())) {
                        rootArrived.countDown();
                    }
                }
            }

            /** The main transfer ended at a child a helper took, after storing {@code blocks}. */
            void mainStopped(long blocks) {
                claims.lock();
                try {
                    mainBlocks = blocks;
                } finally {
                    claims.unlock();
                }
            }

            /**
             * Once every part ended: the main transfer's answer came in the DAG's order, so every child of the root
             * before the one where it stopped arrived whole; if helpers delivered each child from there on whole (each
             * answer checked by its requester), the DAG is complete and {@code fetchAll} need not read it back. A
             * block shared by two such parts counts in each.
             */
            private void recordIfComplete() {
                if (failed || stopAll || complete.containsKey(root.multihash())) {
                    return;
                }
                long total;
                claims.lock();
                try {
                    if (mainStoppedAt == null || mainBlocks < 0) {
                        return;
                    }
                    total = mainBlocks;
                    Set<Multihash> delivered = new HashSet<>();
                    boolean byMain = true;
                    for (Cid c : rootLinks) {
                        Multihash mh = c.multihash();
                        byMain &= !mh.equals(mainStoppedAt);
                        if (byMain || delivered.contains(mh)) {
                            delivered.add(mh);
                            continue;
                        }
                        Long n = complete.get(mh);
                        if (n == null) {
                            return; // a child no part delivered whole: fetchAll walks the DAG
                        }
                        total += n;
                        delivered.add(mh);
                    }
                } finally {
                    claims.unlock();
                }
                complete.put(root.multihash(), total);
            }

            Cid claimForHelper() {
                claims.lock();
                try {
                    Cid c = queue.pollLast();
                    if (c != null) {
                        helperClaimed.add(c.multihash());
                    }
                    return c;
                } finally {
                    claims.unlock();
                }
            }

            void giveBack(Cid c) {
                claims.lock();
                try {
                    helperClaimed.remove(c.multihash());
                    queue.addLast(c);
                } finally {
                    claims.unlock();
                }
            }

            void partDone() {
                if (parts.decrementAndGet() != 0) {
                    return;
                }
                if (shared) {
                    recordIfComplete();
                }
                if (!failed && !stopAll && root.equals(first.get()) && local().has(root)) {
                    afterPeerFetch(root);
                }
            }
        }

        private void afterPeerFetch(Cid root) {
            if (!handOver || !pinned.compareAndSet(false, true)) {
                return;
            }
            try {
                router.afterPeerFetch().accept(root);
            } catch (RuntimeException e) {
                log.warn("after fetching {} from a peer: {}", root, e.getMessage());
            }
        }

        private void askIpfs(Cid cid, boolean dag) {
            FetchSession s = ipfsSession().orElseThrow(() -> new StageFailed("no IPFS stages"));
            if (dag) {
                complete.put(cid.multihash(), s.fetchAll(cid));
            } else {
                s.get(cid);
            }
            router.markPublic(cid);
        }

        private Optional<FetchSession> ipfsSession() {
            Optional<ContentFetcher> f = router.ipfsStages();
            if (f.isEmpty()) {
                return Optional.empty();
            }
            lock.lock();
            try {
                if (closed) {
                    throw new StageFailed("session closed");
                }
                if (ipfs == null) {
                    ipfs = f.get().open(timeout);
                }
                return Optional.of(ipfs);
            } finally {
                lock.unlock();
            }
        }

        /**
         * With the root local and at least two good direct peers, they fetch the root's child subtrees from a common
         * queue; a subtree whose peer failed goes back for the others. What is still missing afterwards is left to
         * the walk.
         */
        private void shareAmongPeers(Cid root, List<RankedCandidate> ranked) {
            List<PeerId> good = goodPeers(ranked); // none without a requester
            if (good.size() < 2) {
                return;
            }
            Optional<Block> rootBlock = local().get(root);
            if (rootBlock.isEmpty()) {
                return;
            }
            List<Cid> children;
            try {
                children = Links.of(rootBlock.get());
            } catch (LinkDecodeException e) {
                return;
            }
            Deque<Cid> queue = new ArrayDeque<>(); // guarded by work
            for (Cid child : children) {
                if (!local().has(child)) {
                    queue.add(child);
                }
            }
            if (queue.isEmpty()) {
                return;
            }
            ReentrantLock work = new ReentrantLock();
            Condition changed = work.newCondition();
            int[] inFlight = {0}; // guarded by work
            List<Thread> threads = new ArrayList<>();
            for (PeerId peer : good) {
                threads.add(Thread.ofVirtual().name("fetch-share-" + peer).start(() -> {
                    while (true) {
                        Cid next;
                        work.lock();
                        try {
                            // an empty queue is not the end while another peer may still give its subtree back
                            while ((next = queue.poll()) == null) {
                                if (inFlight[0] == 0) {
                                    return;
                                }
                                changed.awaitUninterruptibly();
                            }
                            inFlight[0]++;
                        } finally {
                            work.unlock();
                        }
                        boolean delivered = false;
                        try {
                            askPeer(peer, next, OWN_COPY, true, null);
                            delivered = true;
                        } catch (RuntimeException e) {
                            // for the others; the walk catches what nobody delivers
                        } finally {
                            work.lock();
                            try {
                                inFlight[0]--;
                                if (!delivered) {
                                    queue.addFirst(next);
                                }
                                changed.signalAll();
                            } finally {
                                work.unlock();
                            }
                        }
                        if (!delivered) {
                            return; // this peer failed: it takes no more
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FetchTimeoutException(root, "interrupted fetching " + root, e);
                }
            }
        }

        /**
         * Pre-order over the local store. At the first missing block, unless {@code wholeAsked}, the whole DAG is
         * routed once (one CAR, one peer transfer, one Bitswap stream rather than a request per block); whatever is
         * still missing after that is routed block by block.
         */
        private long walk(Cid root, boolean wholeAsked) {
            Set<Multihash> seen = new HashSet<>();
            Deque<Cid> pending = new ArrayDeque<>();
            pending.push(root);
            long blocks = 0;
            while (!pending.isEmpty()) {
                Cid cid = pending.pop();
                if (!seen.add(cid.multihash())) {
                    continue;
                }
                Optional<Block> have = local().get(cid);
                if (have.isEmpty() && !wholeAsked) {
                    wholeAsked = true;
                    fetch(root, true);
                    have = local().get(cid);
                }
                Block b = have.isPresent() ? have.get() : get(cid);
                if (!cid.isIdentity()) {
                    blocks++;
                }
                List<Cid> links;
                try {
                    links = Links.of(b);
                } catch (LinkDecodeException e) {
                    links = List.of();
                }
                for (int i = links.size() - 1; i >= 0; i--) {
                    pending.push(links.get(i));
                }
            }
            return blocks;
        }

        /** The block from the local store, checked to be the one asked for. */
        private Optional<Block> verifiedLocal(Cid cid) {
            Optional<Block> b = local().get(cid);
            if (b.isPresent() && !b.get().cid().multihash().equals(cid.multihash())) {
                throw new IllegalStateException("the store answered " + b.get().cid() + " for " + cid);
            }
            return b;
        }

        /**
         * Ends the session: peer transfers still running get {@link #CLOSE_GRACE} to finish by themselves (a reader
         * that read the whole DAG closes just before the last frame), then are told to stop at their next block (not
         * interrupted: an interrupt could land in the store's file I/O); a stalled one ends at its idle timeout.
         */
        @Override
        public void close() {
            FetchSession s;
            lock.lock();
            try {
                closed = true;
                long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
                while (!transfers.isEmpty()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    progress.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                s = ipfs;
                lock.unlock();
            }
            stopAll = true;
            if (s != null) {
                s.close();
            }
        }
    }

    /** A stage that could not even be asked. */
    private static final class StageFailed extends RuntimeException {
        StageFailed(String message) {
            super(message, null, false, false);
        }
    }
}
