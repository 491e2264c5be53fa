package dev.ferry.net.identify;

import dev.ferry.net.record.PeerRecord;
import dev.ferry.net.record.RecordFormatException;
import dev.ferry.net.record.SignedPeerRecord;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.Varint;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.PeerStore;
import dev.ferry.net.host.StreamDeadline;
import dev.ferry.net.identify.wire.IdentifyCodec;
import dev.ferry.net.identify.wire.IdentifyMessage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs identify on a {@link Host}: answers {@code /ipfs/id/1.0.0}, accepts {@code /ipfs/id/push/1.0.0}, identifies
 * every new connection and pushes when the host's handlers change. Thread-safe; all exchanges run on their own
 * virtual threads.
 */
public final class IdentifyService implements HostListener {
    public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";
    public static final String PUSH_PROTOCOL_ID = "/ipfs/id/push/1.0.0";
    public static final String PROTOCOL_VERSION = "ipfs/0.1.0";
    /** Cap per message and per stream (several messages are merged). */
    public static final int MAX_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(IdentifyService.class);

    private final Host host;
    private final String agentVersion;
    private final ConcurrentHashMap<PeerId, CompletableFuture<IdentifyMessage>> identified = new ConcurrentHashMap<>();
    private final ReentrantLock observedLock = new ReentrantLock();
    private final ReentrantLock updateLock = new ReentrantLock();
    private final java.util.concurrent.locks.Condition updated = updateLock.newCondition();
    private final LinkedHashSet<Multiaddr> observed = new LinkedHashSet<>();
    private final ReentrantLock recordLock = new ReentrantLock();
    private SignedPeerRecord ourRecord; // guarded by recordLock

    private IdentifyService(Host host, String agentVersion) {
        this.host = host;
        this.agentVersion = agentVersion;
    }

    /** {@code ferry/<version>}, the version from the jar manifest ("dev" when run from classes). */
    public static String defaultAgentVersion() {
        String v = IdentifyService.class.getPackage().getImplementationVersion();
        return "ferry/" + (v == null ? "dev" : v);
    }

    /** Installs identify on {@code host}: registers both handlers and listens for connections. */
    public static IdentifyService install(Host host, String agentVersion) {
        IdentifyService s = new IdentifyService(host, agentVersion);
        // initialise the generated protobuf classes here, not under load: class initialisation on a virtual thread
        // pins it to its carrier while other threads wait for the same class
        IdentifyCodec.decode(IdentifyCodec.encode(IdentifyMessage.of(null, List.of(), List.of(), null, null, null)));
        // identify runs on relayed connections too: the peer's key and protocols are known before any upgrade to direct
        host.allowOnLimitedConnections(PROTOCOL_ID);
        host.allowOnLimitedConnections(PUSH_PROTOCOL_ID);
        host.setHandler(PROTOCOL_ID, s::answer);
        host.setHandler(PUSH_PROTOCOL_ID, s::receivePush);
        host.addListener(s);
        return s;
    }

    public static IdentifyService install(Host host) {
        return install(host, defaultAgentVersion());
    }

    public String agentVersion() {
        return agentVersion;
    }

    /** Addresses peers told us they see us at (most recent last, at most 16). */
    public List<Multiaddr> observedAddresses() {
        observedLock.lock();
        try {
            return List.copyOf(observed);
        } finally {
            observedLock.unlock();
        }
    }

    /** Waits until {@code peer} has been identified at least once on some connection. */
    public IdentifyMessage awaitIdentified(PeerId peer, Duration timeout) throws IOException {
        try {
            return future(peer).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("peer " + peer + " not identified within " + timeout);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("identify failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Waits until the peer store entry of {@code peer} satisfies {@code condition}, re-checking after every identify
     * or push received.
     */
    public boolean awaitPeer(PeerId peer, java.util.function.Predicate<dev.ferry.net.host.PeerInfo> condition,
            Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        updateLock.lock();
        try {
            while (!host.peerStore().get(peer).map(condition::test).orElse(false)) {
                if (left <= 0) {
                    return false;
                }
                left = updated.awaitNanos(left);
            }
            return true;
        } finally {
            updateLock.unlock();
        }
    }

    private CompletableFuture<IdentifyMessage> future(PeerId peer) {
        return identified.computeIfAbsent(peer, k -> new CompletableFuture<>());
    }

    @Override
    public void connected(Connection connection) {
        Thread.ofVirtual().name("identify " + connection.remotePeer()).start(() -> {
            try {
                identify(connection);
            } catch (IOException | RuntimeException e) {
                log.debug("identify of {} failed: {}", connection.remotePeer(), e.toString());
            }
        });
    }

    @Override
    public void disconnected(Connection connection) {
        if (!host.isConnected(connection.remotePeer())) {
            CompletableFuture<IdentifyMessage> f = identified.get(connection.remotePeer());
            if (f != null && f.isDone()) {
                identified.remove(connection.remotePeer(), f);
            }
        }
    }

    @Override
    public void addressesChanged() {
        protocolsChanged(); // the same push: our whole message
    }

    @Override
    public void protocolsChanged() {
        for (PeerId peer : connectedPeers()) {
            Thread.ofVirtual().name("identify-push " + peer).start(() -> {
                try {
                    push(peer);
                } catch (IOException | RuntimeException e) {
                    log.debug("identify push to {} failed: {}", peer, e.toString());
                }
            });
        }
    }

    private Set<PeerId> connectedPeers() {
        Set<PeerId> peers = new LinkedHashSet<>();
        for (Connection c : host.connectionManager().allConnections()) {
            peers.add(c.remotePeer());
        }
        return peers;
    }

    /** Asks the peer on {@code connection} and records the answer. */
    public IdentifyMessage identify(Connection connection) throws IOException {
        try (NegotiatedStream s = connection.newStream(PROTOCOL_ID)) {
            s.closeWrite();
            IdentifyMessage m = readAll(s.in());
            apply(connection, m, false);
            future(connection.remotePeer()).complete(m);
            return m;
        }
    }

    /** Sends our current message to {@code peer} as a push. */
    public void push(PeerId peer) throws IOException {
        Optional<Connection> c = host.connections(peer).stream().filter(Connection::isOpen).findFirst();
        if (c.isEmpty()) {
            return;
        }
        try (NegotiatedStream s = c.get().newStream(PUSH_PROTOCOL_ID)) {
            write(s.out(), ourMessage(c.get()));
            s.closeWrite();
            s.in().read(); // wait for the peer's close so the push is not cut short
        }
    }

    private void answer(NegotiatedStream s) throws IOException {
        write(s.out(), ourMessage(s.connection()));
        s.closeWrite();
    }

    private void receivePush(NegotiatedStream s) throws IOException {
        IdentifyMessage m;
        // a push that never ends (a truncated message, no half-close) would hold its stream for the connection's life
        try (StreamDeadline d = StreamDeadline.start(host.config().streamIdleTimeout(), s::reset)) {
            m = readAll(s.in());
        }
        apply(s.connection(), m, true);
    }

    IdentifyMessage ourMessage(Connection c) {
        List<byte[]> addrs = new ArrayList<>();
        List<Multiaddr> announced = host.announceAddresses();
        for (Multiaddr a : announced) {
            addrs.add(a.bytes());
        }
        // a relayed connection shows the relay's address, not where the peer is seen from
        byte[] observedBytes = c.limited() ? null : c.remoteAddress().map(Multiaddr::bytes).orElse(null);
        IdentifyMessage m = IdentifyMessage.of(host.identity().publicKey().marshal(), addrs,
                List.copyOf(host.protocols()), observedBytes, PROTOCOL_VERSION, agentVersion);
        return m.withSignedPeerRecord(ourRecord(announced).bytes());
    }

    /** Our signed peer record for {@code addresses}: made again only when they change, with a larger sequence. */
    private SignedPeerRecord ourRecord(List<Multiaddr> addresses) {
        recordLock.lock();
        try {
            if (ourRecord == null || !ourRecord.record().addresses().equals(addresses)) {
                // microseconds since the epoch: larger than any earlier record's, across restarts too
                long seq = Math.max(System.currentTimeMillis() * 1000, ourRecord == null ? 0
                        : ourRecord.record().seq() + 1);
                ourRecord = SignedPeerRecord.create(host.identity(), seq,
                        addresses.size() > PeerRecord.MAX_ADDRESSES
                                ? addresses.subList(0, PeerRecord.MAX_ADDRESSES) : addresses);
            }
            return ourRecord;
        } finally {
            recordLock.unlock();
        }
    }

    private static void write(OutputStream out, IdentifyMessage m) throws IOException {
        byte[] body = IdentifyCodec.encode(m);
        Varint.write(body.length, out);
        out.write(body);
        out.flush();
    }

    /** Reads length-prefixed messages until EOF and merges them; at most {@link #MAX_BYTES} in total. */
    static IdentifyMessage readAll(InputStream in) throws IOException {
        IdentifyMessage merged = null;
        int total = 0;
        while (true) {
            long len;
            try {
                len = Varint.read(in);
            } catch (EOFException e) {
                break;
            } catch (IllegalArgumentException e) {
                throw new IOException("bad identify length prefix: " + e.getMessage(), e);
            }
            total += Varint.size(len);
            if (len > MAX_BYTES - total) {
                throw new IOException("identify message of " + len + " bytes exceeds the 64 KiB cap");
            }
            total += (int) len;
            byte[] body = in.readNBytes((int) len);
            if (body.length != len) {
                throw new EOFException("identify message truncated");
            }
            IdentifyMessage m;
            try {
                m = IdentifyCodec.decode(body);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
            merged = merged == null ? m : merged.merge(m);
        }
        if (merged == null) {
            throw new EOFException("no identify message before EOF");
        }
        return merged;
    }

    private void apply(Connection c, IdentifyMessage m, boolean push) {
        updateLock.lock();
        try {
            applyLocked(c, m, push);
            updated.signalAll();
        } finally {
            updateLock.unlock();
        }
    }

    private void applyLocked(Connection c, IdentifyMessage m, boolean push) {
        PeerId peer = c.remotePeer();
        PeerStore store = host.peerStore();
        if (m.publicKey() != null) {
            try {
                PublicKey key = PublicKey.unmarshal(m.publicKey());
                store.setPublicKey(peer, key); // ignored unless it matches the peer id
            } catch (RuntimeException e) {
                log.debug("identify from {} carried an unreadable key", peer);
            }
        }
        if (!push || m.hasProtocols()) {
            store.setProtocols(peer, m.protocols());
        }
        List<Multiaddr> addrs = new ArrayList<>();
        for (byte[] a : m.listenAddrs()) {
            try {
                addrs.add(Multiaddr.decode(a));
            } catch (IllegalArgumentException e) {
                // skip what we cannot parse
            }
        }
        if (!addrs.isEmpty()) {
            store.addAddresses(peer, addrs);
        }
        if (m.agentVersion() != null || m.protocolVersion() != null) {
            store.setAgent(peer, m.agentVersion(), m.protocolVersion());
        }
        if (m.signedPeerRecord() != null) {
            try {
                SignedPeerRecord r = SignedPeerRecord.open(m.signedPeerRecord());
                if (r.peerId().equals(peer)) {
                    store.setSignedRecord(r); // kept when its sequence is the newest
                } else {
                    log.debug("identify from {} carried the record of {}", peer, r.peerId());
                }
            } catch (RecordFormatException e) {
                log.debug("identify from {} carried a bad peer record: {}", peer, e.getMessage());
            }
        }
        if (m.observedAddr() != null) {
            try {
                Multiaddr o = Multiaddr.decode(m.observedAddr());
                observedLock.lock();
                try {
                    observed.remove(o);
                    observed.add(o);
                    if (observed.size() > 16) {
                        observed.remove(observed.iterator().next());
                    }
                } finally {
                    observedLock.unlock();
                }
                host.recordObservedAddress(c, o);
            } catch (IllegalArgumentException e) {
                // skip
            }
        }
    }
}
