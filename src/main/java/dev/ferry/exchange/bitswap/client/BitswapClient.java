package dev.ferry.exchange.bitswap.client;

import dev.ferry.exchange.bitswap.network.MessageSender;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BitswapWireException;
import dev.ferry.exchange.bitswap.wire.BlockPresence;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.exchange.bitswap.wire.Payload;
import dev.ferry.exchange.bitswap.wire.PresenceType;
import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.exchange.bitswap.wire.WantType;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetching side of Bitswap.
 *
 * <h2>How a block is fetched</h2>
 * A want is announced with want-have (send-dont-have) to every peer in its scope that has not yet shown it holds
 * anything; peers answering HAVE for it, and (optimistically, as session peers) peers that already answered HAVE or
 * delivered a block for anything, become candidates; a wrong guess costs one DONT_HAVE. Session peers are not asked
 * want-have again for every block: they are candidates already, and with two seeders those extra want-haves, their
 * HAVEs and cancels were three small messages per block, a tenth of the fetcher's CPU. Each want is then sent as ONE want-block to the candidate with the
 * lowest expected delivery time ({@code (inFlight + 1) / speed}, speed a moving average of bytes/s), with at most
 * {@link ClientConfig#maxInFlightPerPeer} want-blocks outstanding per peer: many wants in flight per peer is what
 * makes transfers fast, and the speed weighting spreads them over the sources. DONT_HAVE, a failed send, a
 * disconnect or {@link ClientConfig#peerTimeout} take the want back and it goes to the next candidate. On arrival,
 * everyone else asked gets a cancel.
 *
 * <h2>Verification</h2>
 * A block's CID is rebuilt by hashing its data once under the sender's prefix (the {@link Block} takes that CID, so
 * it can only be filed under what its bytes hash to) and it is stored before any requester sees it; the blocks of one
 * message are hashed and stored on several cores. A block nobody wants is dropped: a duplicate of a block just
 * received is counted as such, anything else (corrupt, unasked, unverifiable) counts against the peer, which is
 * disconnected and banned at {@link ClientConfig#badBlockThreshold}.
 *
 * <p>Thread-safe. One lock guards the want and peer tables; hashing, storing, sending and completing futures happen
 * outside it.
 */
public final class BitswapClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BitswapClient.class);
    private static final int RECENT = 4096;
    /** Threads that verify the blocks of one message. */
    private static final int PARALLELISM = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Below this many bytes per thread, splitting a message costs more than it saves. */
    private static final long MIN_PART_BYTES = 128 * 1024;

    private final Blockstore store;
    private final MessageSender network;
    private final Function<Block, List<Cid>> links;
    private final ClientConfig config;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final LinkedHashMap<Cid, Want> wants = new LinkedHashMap<>();
    private final Map<PeerId, PeerState> peers = new HashMap<>();
    private final Set<PeerId> banned = new LinkedHashSet<>();
    /** Counters of peers that disconnected (bounded, oldest dropped), so a reconnect continues them. */
    private final LinkedHashMap<PeerId, PeerState> former = new LinkedHashMap<>();
    private final LinkedHashSet<Cid> recent = new LinkedHashSet<>();
    private final CopyOnWriteArrayList<Consumer<Block>> storedListeners = new CopyOnWriteArrayList<>();
    private final Thread ticker;
    private long seq;
    private long blocksReceived;
    private long dataReceived;
    private long dupBlocks;
    private long dupData;
    private long badBlocks;
    // what was handed to the network, counted outside the lock as messages leave
    private final LongAdder wantMessagesSent = new LongAdder();
    private final LongAdder wantHavesSent = new LongAdder();
    private final LongAdder wantBlocksSent = new LongAdder();
    private final LongAdder cancelsSent = new LongAdder();
    private volatile boolean closed;

    /**
     * @param links extracts the child CIDs of a block, for DAG prefetching (the node passes the DAG layer's walker)
     * @param nanoTime monotonic clock in nanoseconds (injected for tests)
     */
    public BitswapClient(Blockstore store, MessageSender network, Function<Block, List<Cid>> links,
            ClientConfig config, LongSupplier nanoTime) {
        this.store = Objects.requireNonNull(store, "store");
        this.network = Objects.requireNonNull(network, "network");
        this.links = Objects.requireNonNull(links, "links");
        this.config = Objects.requireNonNull(config, "config");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.ticker = Thread.ofVirtual().name("bitswap-client-tick").start(this::tickLoop);
    }

    public BitswapClient(Blockstore store, MessageSender network, Function<Block, List<Cid>> links,
            ClientConfig config) {
        this(store, network, links, config, System::nanoTime);
    }

    /** Called with every block the client verified and stored (the server uses it to answer waiting peers). */
    public void addStoredListener(Consumer<Block> l) {
        storedListeners.add(l);
    }

    /** A session over every connected peer. */
    public BitswapSession newSession() {
        return new BitswapSession(this, null);
    }

    /** A session that asks only {@code peers}. */
    public BitswapSession newSession(Collection<PeerId> peers) {
        return new BitswapSession(this, Set.copyOf(peers));
    }

    /** One block, from the store or the network. @throws BitswapTimeoutException nobody delivered it in time */
    public Block get(Cid cid, Duration timeout) {
        try (BitswapSession s = newSession()) {
            return s.get(cid, timeout);
        }
    }

    Blockstore store() {
        return store;
    }

    Function<Block, List<Cid>> links() {
        return links;
    }

    ClientConfig config() {
        return config;
    }

    // ---- wants

    /** Registers interest in {@code cid}; the caller must {@link #release} it. Waits while the want table is full. */
    Want want(Cid cid, Set<PeerId> scope) {
        return want(cid, scope, true);
    }

    /** Like {@link #want(Cid, Set)} but returns null instead of waiting when the want table is full. */
    Want tryWant(Cid cid, Set<PeerId> scope) {
        return want(cid, scope, false);
    }

    private Want want(Cid cid, Set<PeerId> scope, boolean wait) {
        Outbox out = new Outbox();
        Want w;
        lock.lock();
        try {
            w = wants.get(cid);
            while (w == null && wants.size() >= config.maxWants() && !closed) {
                if (!wait) {
                    return null;
                }
                room.awaitUninterruptibly();
                w = wants.get(cid);
            }
            if (closed) {
                throw new IllegalStateException("client closed");
            }
            if (w == null) {
                w = new Want(cid, seq++);
                w.askedAt = nanoTime.getAsLong();
                w.scope = scope == null ? null : new HashSet<>(scope);
                wants.put(cid, w);
            } else if (w.scope != null) {
                if (scope == null) {
                    w.scope = null;
                } else {
                    w.scope.addAll(scope);
                }
                w.announced = false; // more peers may be asked now
            }
            w.refs++;
            schedule(out);
        } finally {
            lock.unlock();
        }
        out.send();
        // it may have arrived through another path (a local import) between the caller's check and now
        if (!w.done && store.has(cid)) {
            store.get(cid).ifPresent(b -> complete(b, null));
        }
        return w;
    }

    /** Drops one interest in {@code w}; the last one cancels it at every peer asked. */
    void release(Want w) {
        Outbox out = new Outbox();
        lock.lock();
        try {
            if (--w.refs > 0 || wants.get(w.cid) != w) {
                return;
            }
            wants.remove(w.cid);
            cancelEverywhere(w, null, out);
            room.signalAll();
            schedule(out);
        } finally {
            lock.unlock();
        }
        out.send();
    }

    /** Lock held. Sends cancels to every peer asked except {@code except}, frees in-flight slots. */
    private void cancelEverywhere(Want w, PeerId except, Outbox out) {
        if (w.assigned != null) {
            PeerState p = peers.get(w.assigned);
            if (p != null) {
                p.inFlight.remove(w.cid);
            }
            w.assigned = null;
        }
        Set<PeerId> asked = new HashSet<>(w.askedHave);
        asked.addAll(w.askedBlock);
        asked.remove(except);
        for (PeerId p : asked) {
            if (peers.containsKey(p)) {
                out.add(p, WantEntry.cancel(w.cid));
            }
        }
        // told once: a later release of the same want has no one left to cancel at
        w.askedHave.clear();
        w.askedBlock.clear();
    }

    /**
     * Lock held: hands out want-haves and want-blocks for every open want. Called on every event, so a want with
     * nothing left to do (assigned, or no peer with a free slot, and announced to every peer) costs two field reads.
     */
    private void schedule(Outbox out) {
        if (peers.isEmpty()) {
            return;
        }
        boolean anyFree = anyFreeSlot();
        for (Want w : wants.values()) {
            if (w.done || ((w.assigned != null || !anyFree) && w.announced)) {
                continue;
            }
            if (w.assigned == null && anyFree) {
                PeerState best = null;
                boolean bestHas = false;
                for (PeerState p : peers.values()) {
                    if (!w.inScope(p.id) || w.dontHaves.contains(p.id)
                            || p.inFlight.size() >= config.maxInFlightPerPeer()) {
                        continue;
                    }
                    boolean has = w.haves.contains(p.id);
                    if (!has && !p.isSessionPeer()) {
                        continue; // not a candidate until it has shown it holds something (HAVE or a block)
                    }
                    if (best == null || (has && !bestHas) || (has == bestHas && p.cost() < best.cost())) {
                        best = p;
                        bestHas = has;
                    }
                }
                if (best != null) {
                    w.assigned = best.id;
                    w.assignedAt = nanoTime.getAsLong();
                    w.askedAt = w.assignedAt;
                    w.askedBlock.add(best.id);
                    best.inFlight.add(w.cid);
                    out.add(best.id, WantEntry.wantBlock(w.cid, w.priority, true));
                    if (best.inFlight.size() >= config.maxInFlightPerPeer()) {
                        anyFree = anyFreeSlot();
                    }
                }
            }
            if (!w.announced) {
                for (PeerState p : peers.values()) {
                    if (w.inScope(p.id) && !p.id.equals(w.assigned) && !w.askedHave.contains(p.id)
                            && !w.askedBlock.contains(p.id) && !p.isSessionPeer()) {
                        w.askedHave.add(p.id);
                        w.askedAt = nanoTime.getAsLong();
                        out.add(p.id, WantEntry.wantHave(w.cid, w.priority, true));
                    }
                }
                w.announced = true; // to every peer connected now; a peer that connects later resets it
            }
        }
    }

    /** Lock held: some peer can take another want-block. */
    private boolean anyFreeSlot() {
        for (PeerState p : peers.values()) {
            if (p.inFlight.size() < config.maxInFlightPerPeer()) {
                return true;
            }
        }
        return false;
    }

    // ---- network events

    /** Everything a peer sent (blocks and presences; its wants go to the server). */
    public void receive(PeerId from, BitswapMessage m) {
        if (m.blocks().isEmpty() && m.presences().isEmpty()) {
            return;
        }
        if (!isPartner(from)) {
            return; // not (or no longer) a partner: not even worth hashing what it sent
        }
        boolean[] stored = new boolean[m.blocks().size()];
        Block[] verified = verifyAndStore(m.blocks(), stored);
        int invalid = 0;
        for (Block b : verified) {
            if (b == null) {
                invalid++;
            }
        }
        List<Block> accepted = new ArrayList<>(verified.length);
        List<Boolean> acceptedStored = new ArrayList<>(verified.length);
        Outbox out = new Outbox();
        boolean ban;
        lock.lock();
        try {
            PeerState ps = peers.get(from);
            if (ps == null || banned.contains(from)) {
                return; // not (or no longer) a partner
            }
            ps.bad += invalid;
            badBlocks += invalid;
            long earliest = Long.MAX_VALUE;
            long bytes = 0;
            for (int i = 0; i < verified.length; i++) {
                Block b = verified[i];
                if (b == null) {
                    continue;
                }
                Want w = wants.get(b.cid());
                if (w != null && !w.done) {
                    accepted.add(b);
                    acceptedStored.add(stored[i]);
                    if (from.equals(w.assigned)) {
                        earliest = Math.min(earliest, w.assignedAt);
                    }
                    bytes += b.size();
                } else if (recent.contains(b.cid())) {
                    ps.dupBlocks++;
                    dupBlocks++;
                    dupData += b.size();
                } else {
                    ps.bad++;
                    badBlocks++;
                    ps.speed /= 2; // scored down: fewer want-blocks go its way until it is dropped
                }
            }
            if (bytes > 0) {
                long now = nanoTime.getAsLong();
                long start = Math.max(ps.lastArrival, earliest == Long.MAX_VALUE ? ps.lastArrival : earliest);
                double seconds = Math.max(now - start, 100_000L) / 1e9;
                ps.speed = 0.75 * ps.speed + 0.25 * (bytes / seconds);
                ps.lastArrival = now;
            }
            for (BlockPresence bp : m.presences()) {
                Want w = wants.get(bp.cid());
                if (w == null || w.done) {
                    continue;
                }
                if (bp.type() == PresenceType.HAVE) {
                    w.haves.add(from);
                    ps.havesReceived++;
                } else {
                    w.dontHaves.add(from);
                    w.haves.remove(from);
                    if (from.equals(w.assigned)) {
                        ps.inFlight.remove(w.cid);
                        w.assigned = null;
                    }
                }
            }
            ban = ps.bad >= config.badBlockThreshold();
            if (ban) {
                dropPeer(from, out);
                banned.add(from);
            }
            if (accepted.isEmpty()) {
                schedule(out);
            }
        } finally {
            lock.unlock();
        }
        if (ban) {
            log.info("disconnecting {}: {} bad blocks", from, config.badBlockThreshold());
            network.disconnect(from);
        }
        out.send();
        for (int i = 0; i < accepted.size(); i++) {
            Block b = accepted.get(i);
            if (!acceptedStored.get(i)) {
                store.putReceived(b); // stored before anyone is told
            }
            complete(b, from);
        }
    }

    private boolean isPartner(PeerId p) {
        lock.lock();
        try {
            return peers.containsKey(p) && !banned.contains(p);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hashes each payload ONCE to the only CID it can be filed under ({@link Block#create} takes the CID it computes
     * from the bytes, so a second hash would prove nothing) and stores it right away when that CID is wanted; null
     * where a payload is unverifiable. A message of several blocks is split over the cores: hashing is most of a
     * fetch's work and one reading thread per peer would leave the other cores idle.
     */
    private Block[] verifyAndStore(List<Payload> payloads, boolean[] stored) {
        int n = payloads.size();
        Block[] out = new Block[n];
        if (n == 0) {
            return out;
        }
        long total = 0;
        for (Payload p : payloads) {
            total += p.data().length;
        }
        int parts = (int) Math.min(Math.min(n, PARALLELISM), Math.max(1, total / MIN_PART_BYTES));
        if (parts <= 1) {
            verifyRange(payloads, out, stored, 0, n);
            return out;
        }
        // contiguous ranges of about equal bytes; the calling thread takes the first
        int[] bounds = new int[parts + 1];
        long acc = 0;
        int part = 1;
        for (int i = 0; i < n && part < parts; i++) {
            acc += payloads.get(i).data().length;
            if (acc >= total * part / parts) {
                bounds[part++] = i + 1;
            }
        }
        while (part <= parts) {
            bounds[part++] = n;
        }
        List<Thread> helpers = new ArrayList<>(parts - 1);
        for (int k = 1; k < parts; k++) {
            int from = bounds[k];
            int to = bounds[k + 1];
            if (from < to) {
                helpers.add(Thread.ofVirtual().name("bitswap-verify").start(() -> verifyRange(payloads, out, stored, from, to)));
            }
        }
        verifyRange(payloads, out, stored, bounds[0], bounds[1]);
        boolean interrupted = false;
        for (Thread t : helpers) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the helpers finish on their own: wait for them all the same
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    private void verifyRange(List<Payload> payloads, Block[] out, boolean[] stored, int from, int to) {
        for (int i = from; i < to; i++) {
            Block b = verify(payloads.get(i));
            out[i] = b;
            if (b != null && isWanted(b.cid())) {
                try {
                    store.putReceived(b); // in parallel, verified above
                    stored[i] = true;
                } catch (RuntimeException e) {
                    log.debug("cannot store {} yet: {}", b.cid(), e.toString()); // put again below, failing loudly
                }
            }
        }
    }

    /**
     * The block the payload's bytes hash to under its prefix (with the prefix's hash function and digest length), or
     * null when it cannot be rebuilt: a function IPFS refuses, or one ferry does not compute.
     */
    private static Block verify(Payload p) {
        CidPrefix prefix = p.prefix();
        if (!prefix.rebuildable()) {
            return null;
        }
        try {
            return Block.create(prefix, p.data());
        } catch (RuntimeException e) {
            return null; // a prefix no CID can have (CIDv0 of another codec)
        }
    }

    private boolean isWanted(Cid cid) {
        lock.lock();
        try {
            Want w = wants.get(cid);
            return w != null && !w.done;
        } finally {
            lock.unlock();
        }
    }

    /** Lock NOT held: marks {@code b} received (from {@code from}, or locally when null) and wakes its waiters. */
    private void complete(Block b, PeerId from) {
        Outbox out = new Outbox();
        Want w;
        lock.lock();
        try {
            w = wants.get(b.cid());
            if (w == null || w.done) {
                return;
            }
            PeerState ps = from == null ? null : peers.get(from);
            if (ps != null) {
                ps.inFlight.remove(b.cid());
                ps.blocksReceived++;
                ps.bytesReceived += b.size();
            }
            if (from != null) {
                blocksReceived++;
                dataReceived += b.size();
            }
            recent.add(b.cid());
            if (recent.size() > RECENT) {
                recent.remove(recent.iterator().next());
            }
            cancelEverywhere(w, from, out);
            // the want stays registered (done) until its requesters release it
            w.done = true;
            schedule(out);
        } finally {
            lock.unlock();
        }
        w.result.complete(b); // outside the lock: requesters' callbacks take their own locks, then this one
        out.send();
        for (Consumer<Block> l : storedListeners) {
            l.accept(b);
        }
    }

    /** A peer sent bytes that are not Bitswap: counts against it like a bad block. */
    public void malformed(PeerId from, BitswapWireException e) {
        Outbox out = new Outbox();
        boolean ban = false;
        lock.lock();
        try {
            badBlocks++;
            PeerState ps = peers.get(from);
            if (ps != null) {
                ps.bad++;
                if (ps.bad >= config.badBlockThreshold()) {
                    dropPeer(from, out);
                    banned.add(from);
                    ban = true;
                }
            }
        } finally {
            lock.unlock();
        }
        log.debug("malformed message from {}: {}", from, e.getMessage());
        if (ban) {
            network.disconnect(from);
        }
        out.send();
    }

    public void peerConnected(PeerId peer) {
        Outbox out = new Outbox();
        lock.lock();
        try {
            if (banned.contains(peer) || peers.containsKey(peer)) {
                return;
            }
            PeerState back = former.remove(peer);
            peers.put(peer, back != null ? back : new PeerState(peer, config.initialSpeed()));
            for (Want w : wants.values()) {
                w.announced = false; // the new peer is asked for everything open
            }
            schedule(out);
        } finally {
            lock.unlock();
        }
        out.send();
    }

    public void peerDisconnected(PeerId peer) {
        Outbox out = new Outbox();
        lock.lock();
        try {
            dropPeer(peer, out);
        } finally {
            lock.unlock();
        }
        out.send();
    }

    /** Lock held: forgets the peer, its wants go elsewhere. */
    private void dropPeer(PeerId peer, Outbox out) {
        PeerState ps = peers.remove(peer);
        if (ps == null) {
            return;
        }
        for (Cid c : ps.inFlight) {
            Want w = wants.get(c);
            if (w != null && peer.equals(w.assigned)) {
                w.assigned = null;
            }
        }
        ps.inFlight.clear();
        former.put(peer, ps);
        if (former.size() > RECENT) {
            former.remove(former.keySet().iterator().next());
        }
        for (Want w : wants.values()) {
            w.haves.remove(peer);
            w.askedHave.remove(peer); // ask again if it comes back
            w.askedBlock.remove(peer);
        }
        out.drop(peer);
        schedule(out);
    }

    /** The send of want-blocks failed: take them back as if the peer had said DONT_HAVE. */
    private void sendFailed(PeerId peer, List<WantEntry> entries) {
        Outbox out = new Outbox();
        lock.lock();
        try {
            PeerState ps = peers.get(peer);
            for (WantEntry e : entries) {
                Want w = wants.get(e.cid());
                if (w == null || e.cancel()) {
                    continue;
                }
                w.dontHaves.add(peer);
                if (peer.equals(w.assigned)) {
                    w.assigned = null;
                    if (ps != null) {
                        ps.inFlight.remove(w.cid);
                    }
                }
            }
            schedule(out);
        } finally {
            lock.unlock();
        }
        out.send();
    }

    private void tickLoop() {
        long period = config.tick().toNanos();
        while (!closed) {
            try {
                TimeUnit.NANOSECONDS.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            tick();
        }
    }

    /** Takes back want-blocks older than the peer timeout. Public for tests with a fake clock. */
    public void tick() {
        Outbox out = new Outbox();
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            long limit = config.peerTimeout().toNanos();
            boolean changed = false;
            for (Want w : wants.values()) {
                if (w.assigned != null && !w.done && now - w.assignedAt > limit) {
                    PeerState ps = peers.get(w.assigned);
                    if (ps != null) {
                        ps.inFlight.remove(w.cid);
                        ps.speed /= 2; // scored down: it promised and did not deliver
                        out.add(ps.id, WantEntry.cancel(w.cid));
                    }
                    w.dontHaves.add(w.assigned);
                    w.haves.remove(w.assigned);
                    w.assigned = null;
                    changed = true;
                } else if (w.assigned == null && !w.done && now - w.askedAt > 2 * limit) {
                    // nobody could give it for a while: forget the refusals and announce it again (peers may have
                    // fetched it since, and a peer that once timed out gets another chance)
                    w.dontHaves.clear();
                    w.askedHave.clear();
                    w.askedBlock.clear();
                    w.announced = false;
                    w.askedAt = now;
                    changed = true;
                }
            }
            if (changed) {
                schedule(out);
            }
        } finally {
            lock.unlock();
        }
        out.send();
    }

    public ClientStats stats() {
        lock.lock();
        try {
            Map<PeerId, PeerCounters> per = new HashMap<>();
            former.forEach((id, p) -> per.put(id, p.counters()));
            peers.forEach((id, p) -> per.put(id, p.counters()));
            List<Cid> wl = wants.values().stream().filter(w -> !w.done).map(w -> w.cid).toList();
            return new ClientStats(blocksReceived, dataReceived, dupBlocks, dupData, badBlocks, wl, Map.copyOf(per),
                    Set.copyOf(banned), wantMessagesSent.sum(), wantHavesSent.sum(), wantBlocksSent.sum(),
                    cancelsSent.sum());
        } finally {
            lock.unlock();
        }
    }

    /** The open wants, oldest first: what Kubo's {@code bitswap wantlist} shows (a want ends on arrival or release). */
    public List<Cid> wantlist() {
        lock.lock();
        try {
            return wants.values().stream().filter(w -> !w.done).map(w -> w.cid).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Peers this client may ask right now. */
    public Set<PeerId> partners() {
        lock.lock();
        try {
            return Set.copyOf(peers.keySet());
        } finally {
            lock.unlock();
        }
    }

    Optional<Block> local(Cid cid) {
        return store.has(cid) ? store.get(cid) : Optional.empty();
    }

    @Override
    public void close() {
        closed = true;
        ticker.interrupt();
        List<Want> open;
        lock.lock();
        try {
            open = new ArrayList<>(wants.values());
            room.signalAll();
        } finally {
            lock.unlock();
        }
        for (Want w : open) {
            w.result.completeExceptionally(new IllegalStateException("client closed"));
        }
    }

    private void count(List<WantEntry> list) {
        wantMessagesSent.increment();
        for (WantEntry e : list) {
            if (e.cancel()) {
                cancelsSent.increment();
            } else if (e.type() == WantType.HAVE) {
                wantHavesSent.increment();
            } else {
                wantBlocksSent.increment();
            }
        }
    }

    /** Want entries per peer gathered under the lock and sent after it, one message per peer. */
    private final class Outbox {
        private final Map<PeerId, List<WantEntry>> entries = new LinkedHashMap<>();

        void add(PeerId p, WantEntry e) {
            entries.computeIfAbsent(p, k -> new ArrayList<>()).add(e);
        }

        void drop(PeerId p) {
            entries.remove(p);
        }

        void send() {
            entries.forEach((peer, list) -> count(list));
            entries.forEach((peer, list) -> network.send(peer, BitswapMessage.ofWants(list))
                    .whenComplete((v, e) -> {
                        if (e != null && !closed) {
                            sendFailed(peer, list);
                        }
                    }));
        }
    }
}
