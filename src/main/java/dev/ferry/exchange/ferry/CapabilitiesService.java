package dev.ferry.exchange.ferry;

import dev.ferry.exchange.ferry.wire.CapabilitiesFormatException;
import dev.ferry.exchange.ferry.wire.CapabilitiesWire;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.multistream.ProtocolNotSupportedException;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code /ferry/capabilities/1.0.0} on a {@link Host}: sends our signed record to every new connection whose peer
 * speaks the protocol, accepts each peer's record after verifying it against the key the connection proved, keeps the
 * table {@code PeerId → latest record} of connected peers, and pushes our record again when it changes.
 *
 * <h2>Threading</h2>
 * All public methods are thread-safe. Each send and each inbound stream runs on its own virtual thread; pushes after
 * {@link #update} / {@link #contentChanged} are coalesced by one virtual thread to at most one round per
 * {@link CapabilitiesConfig#minPushInterval()}. Timeouts are armed on one small scheduler thread that only resets
 * streams. No lock is held across I/O.
 *
 * <h2>Threats</h2>
 * A peer can only speak for the key its Noise handshake proved (records naming another DID are refused, as are bad
 * signatures); a message is bounded before allocation ({@link CapabilitiesConfig#maxMessageBytes()}, filter bit and
 * hash caps); pushes are rate-limited per peer and decoded at most {@code maxConcurrentDecodes} at once; the held
 * indexes share a memory budget. Refusals are logged with their reason, misbehaviour closes that peer's connection,
 * and nothing a peer sends affects what others get.
 */
public final class CapabilitiesService implements AutoCloseable {
    public static final String PROTOCOL_ID = "/ferry/capabilities/1.0.0";
    private static final Logger log = LoggerFactory.getLogger(CapabilitiesService.class);

    private final Host host;
    private final Identity identity;
    private final Supplier<BloomFilter> contentIndex;
    private final CapabilitiesConfig config;
    private final TrustLevels trust;
    private final InstantSource clock;
    private final PushRateLimiter rateLimiter;
    private final Semaphore decodes;
    private final ScheduledExecutorService timer;
    private final CopyOnWriteArrayList<CapabilitiesListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<PeerId, SignedCapabilities> table = new ConcurrentHashMap<>();
    private final Set<PeerId> silent = ConcurrentHashMap.newKeySet(); // connected peers that do not speak the protocol
    private final Set<PeerId> decoding = ConcurrentHashMap.newKeySet(); // peers whose record is being read
    private final ConcurrentHashMap<PeerId, ReentrantLock> sendLocks = new ConcurrentHashMap<>(); // one send per peer at a time
    private final AtomicLong tableBytes = new AtomicLong();
    private final AtomicLongArray rejections = new AtomicLongArray(Rejection.values().length);
    private final HostListener hostListener;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private SignedCapabilities local; // guarded by lock
    private boolean pushPending; // guarded by lock
    private boolean rebuildPending; // guarded by lock
    private boolean closed; // guarded by lock
    private final Thread pusher;

    private CapabilitiesService(Host host, Identity identity, Supplier<BloomFilter> contentIndex,
            CapabilitiesConfig config, TrustLevels trust, InstantSource clock) {
        this.host = Objects.requireNonNull(host, "host");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.contentIndex = Objects.requireNonNull(contentIndex, "contentIndex");
        this.config = Objects.requireNonNull(config, "config");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!identity.peerId().equals(host.peerId())) {
            throw new IllegalArgumentException("the identity is not the host's");
        }
        identity.did(); // RSA/ECDSA identities cannot sign a did:key record: fail now
        this.rateLimiter = new PushRateLimiter(config.pushBurst(), config.pushInterval(), clock);
        this.decodes = new Semaphore(config.maxConcurrentDecodes());
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("capabilities-timer").factory());
        this.local = sign(contentIndex.get(), config.ipfs(), config.bandwidth(), 0);
        this.hostListener = new HostListener() {
            @Override
            public void connected(Connection c) {
                Thread.ofVirtual().name("capabilities-send " + c.remotePeer()).start(() -> sendTo(c, current()));
            }

            @Override
            public void disconnected(Connection c) {
                peerGone(c.remotePeer());
            }
        };
        this.pusher = Thread.ofVirtual().name("capabilities-push").unstarted(this::pushLoop);
    }

    /**
     * Starts the service on {@code host}: registers the protocol, sends our record to connections opened from now on
     * and to those already open.
     *
     * @param identity     the host's identity (Ed25519 or secp256k1: it signs as its did:key)
     * @param contentIndex builds our content index (e.g. {@link ContentIndexBuilder#asSupplier()}); called now and on
     *                     each {@link #update()} / {@link #contentChanged()}
     * @throws UnsupportedOperationException the identity has no did:key (RSA, ECDSA)
     */
    public static CapabilitiesService start(Host host, Identity identity, Supplier<BloomFilter> contentIndex,
            CapabilitiesConfig config) {
        return start(host, identity, contentIndex, config, TrustLevels.NONE, InstantSource.system());
    }

    /** As {@link #start(Host, Identity, Supplier, CapabilitiesConfig)}, ordering by {@code trust}, with a clock. */
    public static CapabilitiesService start(Host host, Identity identity, Supplier<BloomFilter> contentIndex,
            CapabilitiesConfig config, TrustLevels trust, InstantSource clock) {
        CapabilitiesService s = new CapabilitiesService(host, identity, contentIndex, config, trust, clock);
        // initialise the generated protobuf classes here, not on a virtual thread under load
        try {
            CapabilitiesWire.decodeEnvelope(CapabilitiesCodec.encode(s.current()));
        } catch (CapabilitiesFormatException e) {
            throw new IllegalStateException("our own record does not decode", e);
        }
        host.setHandler(PROTOCOL_ID, s::receive);
        host.addListener(s.hostListener);
        s.pusher.start();
        for (Connection c : host.connectionManager().allConnections()) {
            s.hostListener.connected(c);
        }
        return s;
    }

    // ---- our record

    /** Our current signed record. */
    public SignedCapabilities current() {
        lock.lock();
        try {
            return local;
        } finally {
            lock.unlock();
        }
    }

    /** Our current record. */
    public CapabilitiesRecord local() {
        return current().record();
    }

    /**
     * Rebuilds the content index now, signs a record with the next sequence number and schedules a push to every
     * connected peer (coalesced). Blocks while the index is built.
     */
    public CapabilitiesRecord update() {
        CapabilitiesRecord r = current().record();
        return update(r.ipfs(), r.bandwidth());
    }

    /** As {@link #update()}, announcing a new IPFS node and bandwidth offer. */
    public CapabilitiesRecord update(IpfsNode ipfs, BandwidthLimit bandwidth) {
        BloomFilter index = contentIndex.get();
        return publish(index, ipfs, bandwidth).record();
    }

    /** Asks for a rebuild and push in the background (coalesced with other calls); returns at once. */
    public void contentChanged() {
        lock.lock();
        try {
            rebuildPending = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private SignedCapabilities publish(BloomFilter index, IpfsNode ipfs, BandwidthLimit bandwidth) {
        lock.lock();
        try {
            local = sign(index, ipfs, bandwidth, local.record().seq());
            pushPending = true;
            wake.signalAll();
            return local;
        } finally {
            lock.unlock();
        }
    }

    /** Sequence numbers follow the clock (milliseconds) so a restarted node still moves forward. */
    private SignedCapabilities sign(BloomFilter index, IpfsNode ipfs, BandwidthLimit bandwidth, long previousSeq) {
        long seq = Math.max(previousSeq + 1, clock.millis());
        return CapabilitiesCodec.sign(new CapabilitiesRecord(identity.did(), seq, ipfs, index, bandwidth), identity);
    }

    private void pushLoop() {
        while (true) {
            boolean rebuild;
            lock.lock();
            try {
                while (!pushPending && !rebuildPending && !closed) {
                    wake.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                rebuild = rebuildPending;
                rebuildPending = false;
                pushPending = false;
            } finally {
                lock.unlock();
            }
            try {
                SignedCapabilities record = rebuild ? rebuildAndSign() : current();
                pushToAll(record);
            } catch (RuntimeException e) {
                log.warn("capabilities push failed: {}", e.toString());
            }
            try {
                Thread.sleep(config.minPushInterval());
            } catch (InterruptedException e) {
                return; // closed
            }
        }
    }

    private SignedCapabilities rebuildAndSign() {
        CapabilitiesRecord r = current().record();
        BloomFilter index = contentIndex.get();
        lock.lock();
        try {
            local = sign(index, r.ipfs(), r.bandwidth(), local.record().seq());
            return local;
        } finally {
            lock.unlock();
        }
    }

    private void pushToAll(SignedCapabilities record) {
        Map<PeerId, Connection> targets = new LinkedHashMap<>();
        for (Connection c : host.connectionManager().allConnections()) {
            if (c.isOpen() && !silent.contains(c.remotePeer())) {
                targets.putIfAbsent(c.remotePeer(), c);
            }
        }
        List<Thread> sends = new ArrayList<>();
        for (Connection c : targets.values()) {
            sends.add(Thread.ofVirtual().name("capabilities-push " + c.remotePeer()).start(() -> sendTo(c, record)));
        }
        for (Thread t : sends) {
            try {
                t.join(config.exchangeTimeout().plusSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Sends our newest record to {@code c}'s peer, one send per peer at a time: the receiver reads one record per peer
     * at a time and refuses a second stream meanwhile, so overlapping sends (the one on connect and a push) would
     * lose the newer record. A send that waited sends whatever is newest by then. Never throws.
     */
    private void sendTo(Connection c, SignedCapabilities record) {
        ReentrantLock perPeer = sendLocks.computeIfAbsent(c.remotePeer(), p -> new ReentrantLock());
        perPeer.lock();
        try {
            SignedCapabilities newest = current();
            sendOnce(c, newest.record().seq() > record.record().seq() ? newest : record);
        } finally {
            perPeer.unlock();
        }
    }

    /** Sends {@code record} on a new stream of {@code c}; waits for the peer's close. Never throws. */
    private void sendOnce(Connection c, SignedCapabilities record) {
        PeerId peer = c.remotePeer();
        NegotiatedStream s;
        try {
            s = c.newStream(PROTOCOL_ID);
        } catch (ProtocolNotSupportedException e) {
            silent.add(peer);
            if (!host.isConnected(peer)) {
                silent.remove(peer);
            }
            log.debug("{} does not speak {}", peer, PROTOCOL_ID);
            return;
        } catch (IOException | RuntimeException e) {
            log.debug("capabilities to {} not sent: {}", peer, e.toString());
            return;
        }
        ScheduledFuture<?> t = arm(s);
        try (s) {
            CapabilitiesWire.writeFrame(s.out(), CapabilitiesCodec.encode(record));
            s.closeWrite();
            s.in().read(); // the peer closes when it has read the record
        } catch (IOException | RuntimeException e) {
            log.debug("capabilities to {} failed: {}", peer, e.toString());
            s.reset();
        } finally {
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    // ---- peers' records

    /** The stream handler: one signed record per stream. */
    private void receive(NegotiatedStream s) {
        PeerId peer = s.remotePeer();
        Connection c = s.connection();
        if (!rateLimiter.tryAcquire(peer)) {
            refuse(c, new CapabilitiesRefusedException(Rejection.RATE_LIMITED, "push rate exceeded"));
            s.reset();
            return;
        }
        // one record in flight per peer, so a slow sender holds at most one of the shared decode slots
        if (!decoding.add(peer)) {
            refuse(c, new CapabilitiesRefusedException(Rejection.BUSY, "a record from this peer is being read"));
            s.reset();
            return;
        }
        boolean admitted;
        try {
            admitted = decodes.tryAcquire(config.exchangeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            decoding.remove(peer);
            refuse(c, new CapabilitiesRefusedException(Rejection.BUSY, "too many records being decoded"));
            s.reset();
            return;
        }
        ScheduledFuture<?> t = arm(s);
        try {
            byte[] body = CapabilitiesWire.readFrame(s.in(), config.maxMessageBytes());
            if (body == null) {
                throw new CapabilitiesRefusedException(Rejection.MALFORMED, "stream closed without a record");
            }
            if (s.in().read() >= 0) {
                throw new CapabilitiesRefusedException(Rejection.MALFORMED, "more than one message on a stream");
            }
            SignedCapabilities signed = CapabilitiesCodec.open(body, c.remotePublicKey(), config.maxFilterBits(),
                    config.maxHashes());
            accept(peer, signed);
        } catch (CapabilitiesRefusedException e) {
            refuse(c, e); // counted and reported before the sender sees the reset
            s.reset();
        } catch (CapabilitiesFormatException e) {
            refuse(c, new CapabilitiesRefusedException(e.oversized() ? Rejection.OVERSIZED : Rejection.MALFORMED,
                    e.getMessage(), e));
            s.reset();
        } catch (IOException e) {
            s.reset();
            log.debug("capabilities stream from {} failed: {}", peer, e.toString());
        } finally {
            if (t != null) {
                t.cancel(false);
            }
            decodes.release();
            decoding.remove(peer);
        }
    }

    private void accept(PeerId peer, SignedCapabilities signed) throws CapabilitiesRefusedException {
        long size = signed.record().contentIndex().encodedLength();
        CapabilitiesRefusedException[] refusal = {null};
        boolean[] changed = {false};
        table.compute(peer, (k, held) -> {
            if (held != null) {
                long heldSeq = held.record().seq();
                long seq = signed.record().seq();
                if (seq < heldSeq) {
                    refusal[0] = new CapabilitiesRefusedException(Rejection.STALE,
                            "sequence " + seq + " is older than " + heldSeq);
                    return held;
                }
                if (seq == heldSeq) {
                    if (!held.sameRecord(signed)) {
                        refusal[0] = new CapabilitiesRefusedException(Rejection.EQUIVOCATION,
                                "two different records with sequence " + seq);
                    }
                    return held; // the same record again (another connection, a retry): nothing to do
                }
            }
            long heldSize = held == null ? 0 : held.record().contentIndex().encodedLength();
            if (tableBytes.get() + size - heldSize > config.maxTableBytes()) {
                refusal[0] = new CapabilitiesRefusedException(Rejection.BUSY, "content index budget spent");
                return held;
            }
            tableBytes.addAndGet(size - heldSize);
            changed[0] = true;
            return signed;
        });
        if (refusal[0] != null) {
            throw refusal[0];
        }
        if (!changed[0]) {
            return;
        }
        if (!host.isConnected(peer)) {
            peerGone(peer); // it left while we decoded
            return;
        }
        if (silent.remove(peer)) {
            // it did not speak the protocol when we tried (its service started after the connection): now it does
            Connection c = host.connections(peer).stream().filter(Connection::isOpen).findFirst().orElse(null);
            if (c != null) {
                Thread.ofVirtual().name("capabilities-send " + peer).start(() -> sendTo(c, current()));
            }
        }
        log.debug("capabilities of {}: seq {}", peer, signed.record().seq());
        for (CapabilitiesListener l : listeners) {
            l.updated(peer, signed.record());
        }
    }

    private void refuse(Connection c, CapabilitiesRefusedException e) {
        Rejection reason = e.reason();
        rejections.incrementAndGet(reason.ordinal());
        PeerId peer = c.remotePeer();
        if (reason.closesConnection()) {
            log.warn("capabilities from {} refused, closing the connection: {}", peer, e.getMessage());
            Thread.ofVirtual().name("capabilities-close " + peer).start(c::close);
        } else if (reason == Rejection.STALE) {
            log.debug("capabilities from {} ignored: {}", peer, e.getMessage());
        } else {
            log.info("capabilities from {} refused: {}", peer, e.getMessage());
        }
        for (CapabilitiesListener l : listeners) {
            l.rejected(peer, reason, e.getMessage());
        }
    }

    private void peerGone(PeerId peer) {
        if (host.isConnected(peer)) {
            return;
        }
        silent.remove(peer);
        sendLocks.remove(peer);
        rateLimiter.forget(peer);
        SignedCapabilities gone = table.remove(peer);
        if (gone != null) {
            tableBytes.addAndGet(-gone.record().contentIndex().encodedLength());
            for (CapabilitiesListener l : listeners) {
                l.removed(peer);
            }
        }
    }

    private ScheduledFuture<?> arm(NegotiatedStream s) {
        try {
            return timer.schedule(() -> {
                Thread.ofVirtual().start(s::reset);
            }, config.exchangeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // closed
        }
    }

    // ---- queries

    /** The latest verified record of a connected peer. */
    public Optional<CapabilitiesRecord> peerCapabilities(PeerId peer) {
        return Optional.ofNullable(table.get(peer)).map(SignedCapabilities::record);
    }

    /** The latest verified record of a connected peer with its signed bytes. */
    public Optional<SignedCapabilities> peerSigned(PeerId peer) {
        return Optional.ofNullable(table.get(peer));
    }

    /** A snapshot of the table. */
    public Map<PeerId, CapabilitiesRecord> table() {
        Map<PeerId, CapabilitiesRecord> out = new LinkedHashMap<>();
        table.forEach((p, s) -> out.put(p, s.record()));
        return out;
    }

    /**
     * Connected peers whose index says they may serve {@code cid}, most trusted first (then by peer ID, for a
     * stable order).
     */
    public List<PeerId> peersThatMightServe(Cid cid) {
        List<Map.Entry<PeerId, SignedCapabilities>> hits = new ArrayList<>();
        for (Map.Entry<PeerId, SignedCapabilities> e : table.entrySet()) {
            if (e.getValue().record().mightServe(cid)) {
                hits.add(e);
            }
        }
        hits.sort(Comparator.<Map.Entry<PeerId, SignedCapabilities>>comparingInt(
                e -> -trust.levelOf(e.getValue().record().did())).thenComparing(e -> e.getKey().toString()));
        return hits.stream().map(Map.Entry::getKey).toList();
    }

    /** Messages refused so far, by reason. */
    public Map<Rejection, Long> rejections() {
        Map<Rejection, Long> out = new EnumMap<>(Rejection.class);
        for (Rejection r : Rejection.values()) {
            out.put(r, rejections.get(r.ordinal()));
        }
        return out;
    }

    public CapabilitiesConfig config() {
        return config;
    }

    public void addListener(CapabilitiesListener l) {
        listeners.add(Objects.requireNonNull(l));
    }

    public void removeListener(CapabilitiesListener l) {
        listeners.remove(l);
    }

    /** Unregisters the protocol and stops pushing; the table is cleared. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        pusher.interrupt();
        host.removeHandler(PROTOCOL_ID);
        host.removeListener(hostListener);
        timer.shutdownNow();
        table.clear();
        tableBytes.set(0);
    }
}
