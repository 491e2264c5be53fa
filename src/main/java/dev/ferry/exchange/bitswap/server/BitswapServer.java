package dev.ferry.exchange.bitswap.server;

import dev.ferry.exchange.bitswap.network.MessageSender;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BlockPresence;
import dev.ferry.exchange.bitswap.wire.Payload;
import dev.ferry.exchange.bitswap.wire.PresenceType;
import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.exchange.bitswap.wire.WantType;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.BlockException;
import dev.ferry.store.Blockstore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of Bitswap: keeps a {@link Ledger} per peer and answers its wants from the blockstore.
 *
 * <h2>Fairness</h2>
 * Peers with queued wants wait in a ready queue; a worker takes the peer at the head (and, when another worker is
 * idle, puts it back at once if it still wants more and has room for another answer, so that several workers
 * prepare one peer's answers together), builds ONE answer (up to {@link ServerConfig#maxBatchBytes} of blocks and
 * {@link ServerConfig#maxBatchPresences} presences, highest priority first) and hands it to the network. So every peer
 * with work gets one batch per round whatever the size of its wantlist; a peer's wants are capped at
 * {@link ServerConfig#maxWantsPerPeer} (the excess is dropped and counted), and at most
 * {@link ServerConfig#maxOutstandingBatches} answers per peer are queued unwritten, which bounds memory per peer and
 * keeps a slow reader from occupying workers (a worker never waits for a write).
 *
 * <h2>Weights</h2>
 * A peer's {@link PeerWeights weight} {@code w} (1..4) is the number of batches its turn lasts: while it has work and
 * room, it stays at the head of the ready queue for {@code w} batches, then goes to the back (a weighted round robin).
 * A peer that runs out of work or room in mid-turn gives up the rest of it, so weight buys a larger share while peers
 * are backlogged, never a place ahead of the queue later; every peer with work is still served once per round. With
 * {@link PeerWeights#EQUAL} this is the plain round robin above.
 *
 * <h2>Answers</h2>
 * want-have → HAVE, or DONT_HAVE when asked for; want-block → the block, or DONT_HAVE when asked for, else the want
 * waits until {@link #blockAdded} reports the block; cancel removes the want; a full wantlist replaces the previous
 * one. A {@link RequestGate} denial is answered like a missing block. Thread-safe.
 */
public final class BitswapServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BitswapServer.class);
    /** How long a peer's weight is reused before it is asked again: weight functions may look things up. */
    private static final long WEIGHT_TTL_NANOS = 1_000_000_000L;

    private final Blockstore store;
    private final MessageSender network;
    private final ServerConfig config;
    private final RequestGate gate;
    private final PeerWeights weights;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Map<PeerId, Ledger> ledgers = new HashMap<>();
    private final Map<Cid, Set<Ledger>> waitingIndex = new HashMap<>();
    private final ArrayDeque<Ledger> ready = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong blocksSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong wantMessagesReceived = new AtomicLong();
    private final AtomicLong wantHavesReceived = new AtomicLong();
    private final AtomicLong wantBlocksReceived = new AtomicLong();
    private final AtomicLong cancelsReceived = new AtomicLong();
    private long seq;
    private int idleWorkers;
    private boolean closed;

    /** A server where every peer weighs the same ({@link PeerWeights#EQUAL}). */
    public BitswapServer(Blockstore store, MessageSender network, ServerConfig config, RequestGate gate) {
        this(store, network, config, gate, PeerWeights.EQUAL);
    }

    /** @param weights how many batches each peer's turn lasts (see "Weights" above) */
    public BitswapServer(Blockstore store, MessageSender network, ServerConfig config, RequestGate gate,
            PeerWeights weights) {
        this.store = store;
        this.network = network;
        this.config = config;
        this.gate = gate;
        this.weights = Objects.requireNonNull(weights, "weights");
        for (int i = 0; i < config.workers(); i++) {
            workers.add(Thread.ofVirtual().name("bitswap-server-" + i).start(this::workLoop));
        }
    }

    /** Takes the wantlist part of a message from {@code peer}. */
    public void receiveWants(PeerId peer, BitswapMessage m) {
        if (m.wants().isEmpty() && !m.full()) {
            return;
        }
        wantMessagesReceived.incrementAndGet();
        for (WantEntry e : m.wants()) {
            (e.cancel() ? cancelsReceived : e.type() == WantType.HAVE ? wantHavesReceived : wantBlocksReceived)
                    .incrementAndGet();
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            Ledger l = ledgers.computeIfAbsent(peer, Ledger::new);
            if (m.full()) {
                l.pending.clear();
                l.waiting.forEach(c -> unindex(c, l));
                l.waiting.clear();
            }
            for (WantEntry e : m.wants()) {
                if (e.cancel()) {
                    l.pending.remove(e.cid());
                    if (l.waiting.remove(e.cid())) {
                        unindex(e.cid(), l);
                    }
                } else if (l.pending.containsKey(e.cid())) {
                    l.pending.put(e.cid(), new Ledger.Task(e, l.pending.get(e.cid()).seq())); // update in place
                } else if (l.size() >= config.maxWantsPerPeer()) {
                    l.wantsDropped++;
                } else {
                    if (l.waiting.remove(e.cid())) {
                        unindex(e.cid(), l);
                    }
                    l.pending.put(e.cid(), new Ledger.Task(e, seq++));
                }
            }
            schedule(l);
        } finally {
            lock.unlock();
        }
    }

    /** Records blocks received from {@code peer} (for its ledger). */
    public void recordReceived(PeerId peer, int blocks, long bytes) {
        lock.lock();
        try {
            Ledger l = ledgers.computeIfAbsent(peer, Ledger::new);
            l.blocksReceived += blocks;
            l.bytesReceived += bytes;
        } finally {
            lock.unlock();
        }
    }

    /** A block was stored locally: peers waiting for it get it queued again. */
    public void blockAdded(Cid cid) {
        lock.lock();
        try {
            Set<Ledger> waiters = waitingIndex.remove(cid);
            if (waiters == null) {
                return;
            }
            for (Ledger l : waiters) {
                if (l.waiting.remove(cid)) {
                    l.pending.put(cid, new Ledger.Task(WantEntry.wantBlock(cid, Integer.MAX_VALUE, false), seq++));
                    schedule(l);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a disconnected peer's wants. */
    public void peerDisconnected(PeerId peer) {
        lock.lock();
        try {
            Ledger l = ledgers.remove(peer);
            if (l != null) {
                l.waiting.forEach(c -> unindex(c, l));
                l.waiting.clear();
                l.pending.clear();
                ready.remove(l);
                l.queued = false;
            }
        } finally {
            lock.unlock();
        }
    }

    public List<LedgerSnapshot> ledgers() {
        lock.lock();
        try {
            return ledgers.values().stream().map(Ledger::snapshot).toList();
        } finally {
            lock.unlock();
        }
    }

    public Optional<LedgerSnapshot> ledger(PeerId peer) {
        lock.lock();
        try {
            return Optional.ofNullable(ledgers.get(peer)).map(Ledger::snapshot);
        } finally {
            lock.unlock();
        }
    }

    /**
     * What {@code peer} wants from us and has not been answered yet: queued wants, then want-blocks waiting for a
     * block we lack. Empty for a peer without a ledger. Answered wants (a block, HAVE or DONT_HAVE sent) are gone.
     */
    public List<Cid> wantlist(PeerId peer) {
        lock.lock();
        try {
            Ledger l = ledgers.get(peer);
            if (l == null) {
                return List.of();
            }
            List<Cid> out = new ArrayList<>(l.pending.keySet());
            out.addAll(l.waiting);
            return List.copyOf(out);
        } finally {
            lock.unlock();
        }
    }

    /** How large a share each peer gets when the server is contended. */
    public PeerWeights weights() {
        return weights;
    }

    public long blocksSent() {
        return blocksSent.get();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    /** Messages with a wantlist part received from peers since start (counted before any limit applies). */
    public long wantMessagesReceived() {
        return wantMessagesReceived.get();
    }

    /** want-have entries received from peers since start. */
    public long wantHavesReceived() {
        return wantHavesReceived.get();
    }

    /** want-block entries received from peers since start. */
    public long wantBlocksReceived() {
        return wantBlocksReceived.get();
    }

    /** Cancel entries received from peers since start. */
    public long cancelsReceived() {
        return cancelsReceived.get();
    }

    private void unindex(Cid cid, Ledger l) {
        Set<Ledger> s = waitingIndex.get(cid);
        if (s != null && s.remove(l) && s.isEmpty()) {
            waitingIndex.remove(cid);
        }
    }

    /**
     * Puts {@code l} in the ready queue if it has work and room for another batch: at the head while its turn lasts,
     * else at the back. A peer that cannot be queued gives up the rest of its turn. Lock held.
     */
    private void schedule(Ledger l) {
        if (l.queued) {
            return;
        }
        if (!l.pending.isEmpty() && l.outstanding < config.maxOutstandingBatches() && ledgers.get(l.peer) == l) {
            l.queued = true;
            if (l.turnLeft > 0) {
                ready.addFirst(l);
            } else {
                ready.addLast(l);
            }
            work.signal();
        } else {
            l.turnLeft = 0;
        }
    }

    /** Starts {@code l}'s turn if none is under way and counts one batch of it. Lock held. */
    private void takeTurn(Ledger l) {
        if (l.turnLeft <= 0) {
            long now = System.nanoTime();
            if (l.weight == 0 || now - l.weightReadAt >= WEIGHT_TTL_NANOS) {
                l.weight = weightOf(l.peer);
                l.weightReadAt = now;
            }
            l.turnLeft = l.weight;
        }
        l.turnLeft--;
    }

    private int weightOf(PeerId peer) {
        try {
            return PeerWeights.clamp(weights.weightOf(peer));
        } catch (RuntimeException e) {
            log.warn("peer weight of {} failed, using {}", peer, PeerWeights.MIN, e);
            return PeerWeights.MIN;
        }
    }

    private void workLoop() {
        while (true) {
            Ledger l;
            lock.lock();
            try {
                while (ready.isEmpty() && !closed) {
                    idleWorkers++;
                    work.awaitUninterruptibly();
                    idleWorkers--;
                }
                if (closed) {
                    return;
                }
                l = ready.pollFirst();
                l.queued = false;
                takeTurn(l);
                l.outstanding++;
                if (idleWorkers > 0) {
                    // an idle worker may prepare its next batch meanwhile: reading and hashing blocks is the
                    // server's main cost, and one worker per peer would leave the other cores idle
                    schedule(l);
                }
            } finally {
                lock.unlock();
            }
            try {
                serveOneBatch(l);
            } catch (RuntimeException e) {
                log.warn("bitswap server batch for {} failed", l.peer, e);
                finished(l);
            }
        }
    }

    private void serveOneBatch(Ledger l) {
        List<Payload> blocks = new ArrayList<>();
        List<BlockPresence> presences = new ArrayList<>();
        long bytes = 0;
        while (presences.size() < config.maxBatchPresences()) {
            Ledger.Task t = takeBest(l);
            if (t == null) {
                break;
            }
            WantEntry w = t.want();
            boolean allowed = gate.allow(l.peer, w.cid());
            if (w.type() == WantType.HAVE) {
                if (allowed && store.has(w.cid())) {
                    presences.add(new BlockPresence(w.cid(), PresenceType.HAVE));
                } else if (w.sendDontHave()) {
                    presences.add(new BlockPresence(w.cid(), PresenceType.DONT_HAVE));
                }
                continue;
            }
            Optional<byte[]> b = allowed ? read(w.cid()) : Optional.empty();
            if (b.isEmpty()) {
                if (w.sendDontHave()) {
                    presences.add(new BlockPresence(w.cid(), PresenceType.DONT_HAVE));
                } else if (allowed) {
                    parkWaiting(l, w.cid());
                }
                continue;
            }
            int size = b.get().length;
            if (bytes > 0 && bytes + size > config.maxBatchBytes()) {
                putBack(l, t); // next round: this batch is full
                break;
            }
            blocks.add(Payload.of(w.cid(), b.get()));
            bytes += size;
            if (bytes >= config.maxBatchBytes()) {
                break;
            }
        }
        if (blocks.isEmpty() && presences.isEmpty()) {
            finished(l);
            return;
        }
        int count = blocks.size();
        long sent = bytes;
        lock.lock();
        try {
            l.blocksSent += count;
            l.bytesSent += sent;
        } finally {
            lock.unlock();
        }
        blocksSent.addAndGet(count);
        bytesSent.addAndGet(sent);
        network.send(l.peer, BitswapMessage.ofBlocks(blocks, presences)).whenComplete((v, e) -> finished(l));
        // the next batch may be prepared while this one is written
        lock.lock();
        try {
            schedule(l);
        } finally {
            lock.unlock();
        }
    }

    /** The block's bytes as stored: the peer verifies them (see {@link Blockstore#bytesForPeer}). */
    private Optional<byte[]> read(Cid cid) {
        try {
            return store.bytesForPeer(cid);
        } catch (BlockException e) {
            log.warn("cannot serve {}: {}", cid, e.toString());
            return Optional.empty();
        }
    }

    private Ledger.Task takeBest(Ledger l) {
        lock.lock();
        try {
            Ledger.Task best = null;
            for (Ledger.Task t : l.pending.values()) {
                if (best == null || Ledger.ORDER.compare(t, best) < 0) {
                    best = t;
                }
            }
            if (best != null) {
                l.pending.remove(best.want().cid());
            }
            return best;
        } finally {
            lock.unlock();
        }
    }

    private void putBack(Ledger l, Ledger.Task t) {
        lock.lock();
        try {
            if (ledgers.get(l.peer) == l) {
                l.pending.putIfAbsent(t.want().cid(), t);
            }
        } finally {
            lock.unlock();
        }
    }

    private void parkWaiting(Ledger l, Cid cid) {
        lock.lock();
        try {
            if (ledgers.get(l.peer) == l && l.waiting.add(cid)) {
                waitingIndex.computeIfAbsent(cid, c -> new HashSet<>()).add(l);
            }
        } finally {
            lock.unlock();
        }
    }

    private void finished(Ledger l) {
        lock.lock();
        try {
            l.outstanding--;
            schedule(l);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
