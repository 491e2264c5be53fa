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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 *       still missing.</li>
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

    RoutedFetcher(ContentRouter router) {
        this.router = router;
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
                        case Candidate.FerryPeer p -> runPeer(p.peer(), cid, OWN_COPY, true, dag);
                        case Candidate.Proxy p -> runPeer(p.peer(), cid, PROXY, false, dag);
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
         * when {@code cid} did not arrive.
         */
        private void runPeer(PeerId peer, Cid cid, List<Source> sources, boolean direct, boolean whole) {
            if (direct && failed.contains(peer)) {
                throw new StageFailed("peer " + peer + " already failed in this session");
            }
            AtomicReference<RuntimeException> error = new AtomicReference<>();
            AtomicBoolean done = new AtomicBoolean();
            Thread t = Thread.ofVirtual().name("fetch-" + peer).unstarted(() -> {
                try {
                    askPeer(peer, cid, sources, direct);
                } catch (RuntimeException e) {
                    error.set(e);
                } finally {
                    lock.lock();
                    try {
                        done.set(true);
                        transfers.remove(Thread.currentThread());
                        progress.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            });
            lock.lock();
            try {
                if (closed) {
                    throw new StageFailed("session closed");
                }
                transfers.add(t);
                t.start();
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

        /** Asks one ferry peer for the DAG under {@code cid}, measuring the transfer and judging its index. */
        private void askPeer(PeerId peer, Cid cid, List<Source> sources, boolean direct) {
            FerryRequester requester = router.requester().orElseThrow(() -> new StageFailed("no ferry requester"));
            if (failed.contains(peer) && direct) {
                throw new StageFailed("peer " + peer + " already failed in this session");
            }
            CountingBlockstore into = new CountingBlockstore(local(), this::blockStored);
            long start = System.nanoTime();
            try {
                requester.fetch(peer, cid, sources, router.config().ttl(), into, timeout);
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
            if (cid.equals(first.get())) {
                afterPeerFetch(cid); // the whole DAG under the session's first CID came from this peer
            }
        }

        private void afterPeerFetch(Cid root) {
            if (!pinned.compareAndSet(false, true)) {
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
                s.fetchAll(cid);
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
            Optional<Block> rootBlock = local().get(root);
            if (rootBlock.isEmpty() || router.requester().isEmpty()) {
                return;
            }
            List<RankedCandidate> direct = ranked.stream()
                    .filter(r -> r.candidate() instanceof Candidate.FerryPeer p && !failed.contains(p.peer()))
                    .toList();
            if (direct.size() < 2) {
                return;
            }
            double best = direct.stream().mapToDouble(r -> r.score().total()).max().orElseThrow();
            List<PeerId> good = direct.stream()
                    .filter(r -> r.score().total() >= best - router.config().goodMargin())
                    .limit(router.config().parallelPeers())
                    .map(r -> ((Candidate.FerryPeer) r.candidate()).peer()).toList();
            if (good.size() < 2) {
                return;
            }
            List<Cid> children;
            try {
                children = Links.of(rootBlock.get());
            } catch (LinkDecodeException e) {
                return;
            }
            ConcurrentLinkedDeque<Cid> queue = new ConcurrentLinkedDeque<>();
            for (Cid child : children) {
                if (!local().has(child)) {
                    queue.add(child);
                }
            }
            if (queue.isEmpty()) {
                return;
            }
            AtomicInteger working = new AtomicInteger(good.size());
            List<Thread> threads = new ArrayList<>();
            for (PeerId peer : good) {
                threads.add(Thread.ofVirtual().name("fetch-share-" + peer).start(() -> {
                    try {
                        Cid next;
                        while ((next = queue.poll()) != null) {
                            try {
                                askPeer(peer, next, OWN_COPY, true);
                            } catch (RuntimeException e) {
                                queue.addFirst(next); // for the others; the walk catches what nobody delivers
                                return;
                            }
                        }
                    } finally {
                        working.decrementAndGet();
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
         * that read the whole DAG closes just before the last frame), then are interrupted.
         */
        @Override
        public void close() {
            List<Thread> running;
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
                running = List.copyOf(transfers);
                s = ipfs;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = List.copyOf(transfers);
                s = ipfs;
            } finally {
                lock.unlock();
            }
            running.forEach(Thread::interrupt);
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
