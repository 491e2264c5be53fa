package dev.ferry.net.dcutr;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import dev.ferry.net.dcutr.wire.DcutrWireException;
import dev.ferry.net.dcutr.wire.HolePunch;
import dev.ferry.net.dcutr.wire.HolePunchCodec;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Direction;
import dev.ferry.net.host.HandshakeRole;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import dev.ferry.net.host.LimitedConnectionException;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.ObservedAddresses;
import dev.ferry.net.host.StreamDeadline;
import dev.ferry.net.multistream.ProtocolNotSupportedException;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DCUtR ({@code /libp2p/dcutr}, libp2p/specs {@code relay/DCUtR.md}) on a {@link Host}: turns a relayed connection
 * into a direct one. The side that accepted the relayed connection initiates: it sends CONNECT with its addresses
 * (those peers observe it at first, see {@link #ownAddresses()}),
 * times the peer's CONNECT (the round trip), sends SYNC, and dials the peer's addresses half a round trip later; the
 * other side answers CONNECT and dials at once on SYNC, so both dials meet in the middle. Up to
 * {@link HolePunchConfig#attempts()} tries per relayed connection. Once a direct connection is open, new streams take
 * it (the host prefers direct connections) and the initiator closes the relayed one after
 * {@link HolePunchConfig#relayedGrace()}.
 *
 * <p>The protocol runs only over relayed connections (a stream on a direct one is reset); at most
 * {@link #MAX_DIALS} of the peer's addresses are dialled, circuit ones never.
 */
public final class HolePunchService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HolePunchService.class);
    public static final String PROTOCOL_ID = "/libp2p/dcutr";
    /** The most addresses of a peer one hole punch dials: a peer cannot make us dial a long list of strangers. */
    public static final int MAX_DIALS = 8;

    private final Host host;
    private final HolePunchConfig config;
    private final Set<PeerId> punching = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong initiated = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong synced = new AtomicLong();
    private final HostListener relayedConnections;

    private HolePunchService(Host host, HolePunchConfig config) {
        this.host = host;
        this.config = config;
        this.relayedConnections = new HostListener() {
            @Override
            public void connected(Connection c) {
                // the side a relay brought the connection to initiates, as the spec says
                if (c.limited() && c.direction() == Direction.INBOUND && !closed.get()) {
                    Thread.ofVirtual().name("dcutr " + c.remotePeer()).start(() -> upgrade(c));
                }
            }
        };
    }

    /** Installs DCUtR: answers it over relayed connections and initiates it on each relayed connection accepted. */
    public static HolePunchService install(Host host, HolePunchConfig config) {
        HolePunchService s = new HolePunchService(Objects.requireNonNull(host, "host"),
                Objects.requireNonNull(config, "config"));
        host.allowOnLimitedConnections(PROTOCOL_ID);
        host.setHandler(PROTOCOL_ID, s::respond);
        host.addListener(s.relayedConnections);
        return s;
    }

    public HolePunchStats stats() {
        return new HolePunchStats(initiated.get(), succeeded.get(), attempts.get(), answered.get(), synced.get());
    }

    /**
     * Tries to get a direct connection to the peer of {@code relayed} by hole punching over it, up to
     * {@link HolePunchConfig#attempts()} times; blocking. One upgrade per peer at a time (another caller gets false).
     *
     * @return whether a direct connection to the peer is open
     */
    public boolean upgrade(Connection relayed) {
        PeerId peer = relayed.remotePeer();
        if (!relayed.limited() || !punching.add(peer)) {
            return direct(peer);
        }
        initiated.incrementAndGet();
        try {
            for (int i = 0; i < config.attempts(); i++) {
                if (direct(peer)) {
                    break;
                }
                if (closed.get() || host.isClosed() || !relayed.isOpen()) {
                    return false;
                }
                attempts.incrementAndGet();
                try {
                    punch(relayed);
                } catch (ProtocolNotSupportedException | LimitedConnectionException e) {
                    log.debug("{} does not hole punch: {}", peer, e.getMessage());
                    return false;
                } catch (IOException e) {
                    log.debug("hole punch {} to {} failed: {}", i + 1, peer, e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (!direct(peer)) {
                return false;
            }
            succeeded.incrementAndGet();
            closeLater(relayed);
            return true;
        } finally {
            punching.remove(peer);
        }
    }

    /** One hole punch as initiator: CONNECT, CONNECT, SYNC, then the dial half a round trip later. */
    private void punch(Connection relayed) throws IOException, InterruptedException {
        PeerId peer = relayed.remotePeer();
        List<Multiaddr> own = ownAddresses();
        if (own.isEmpty()) {
            throw new IOException("no address of ours to tell " + peer);
        }
        List<Multiaddr> theirs;
        long rtt;
        try (NegotiatedStream s = relayed.newStream(PROTOCOL_ID);
                StreamDeadline d = StreamDeadline.start(config.streamTimeout(), s::reset)) {
            long start = System.nanoTime();
            HolePunchCodec.write(s.out(), HolePunch.connect(own));
            HolePunch answer = HolePunchCodec.read(s.in());
            rtt = System.nanoTime() - start;
            if (answer == null) {
                throw new EOFException(peer + " closed the hole punch without answering");
            }
            if (answer.type() != HolePunch.Type.CONNECT) {
                throw new DcutrWireException(peer + " answered CONNECT with " + answer.type());
            }
            theirs = dialable(peer, answer.obsAddrs());
            if (theirs.isEmpty()) {
                throw new IOException(peer + " told no address to dial");
            }
            HolePunchCodec.write(s.out(), HolePunch.sync());
            if (d.expired()) {
                throw new IOException("hole punch with " + peer + " timed out");
            }
        }
        Thread.sleep(Duration.ofNanos(rtt / 2));
        // the initiator of the hole punch is the handshake's initiator, even on a connection the peer's dial opened too
        host.connectDirect(peer, theirs, HandshakeRole.INITIATOR);
    }

    /** The other side: answer CONNECT with our addresses, and dial on SYNC. */
    private void respond(NegotiatedStream s) throws IOException {
        Connection c = s.connection();
        PeerId peer = s.remotePeer();
        if (!c.limited()) {
            s.reset(); // only a relayed connection has anything to upgrade
            return;
        }
        List<Multiaddr> theirs;
        try (StreamDeadline d = StreamDeadline.start(config.streamTimeout(), s::reset)) {
            HolePunch m = HolePunchCodec.read(s.in());
            if (m == null) {
                return;
            }
            if (m.type() != HolePunch.Type.CONNECT) {
                throw new DcutrWireException(peer + " began a hole punch with " + m.type());
            }
            theirs = dialable(peer, m.obsAddrs());
            List<Multiaddr> own = ownAddresses();
            if (theirs.isEmpty() || own.isEmpty() || direct(peer)) {
                s.reset(); // nothing to dial, nothing to tell, or nothing to do
                return;
            }
            HolePunchCodec.write(s.out(), HolePunch.connect(own));
            answered.incrementAndGet();
            HolePunch sync = HolePunchCodec.read(s.in());
            if (sync == null) {
                return; // the initiator gave up
            }
            if (sync.type() != HolePunch.Type.SYNC) {
                throw new DcutrWireException(peer + " sent " + sync.type() + " where SYNC was due");
            }
            if (d.expired()) {
                return;
            }
        }
        synced.incrementAndGet();
        s.close();
        try {
            host.connectDirect(peer, theirs, HandshakeRole.RESPONDER);
        } catch (IOException e) {
            log.debug("hole punch dial to {} failed: {}", peer, e.toString()); // the initiator's may have made it
        }
    }

    /**
     * The addresses to tell the peer: first those peers observe us at (the confirmed ones, then the recent unconfirmed
     * ones: behind a NAT the port a peer saw is the best guess of where the peer's dial will land), then the announced
     * ones, less circuit ones (a relay is what we are leaving) and those {@code Addresses.NoAnnounce} hides; as many as
     * a CONNECT carries ({@link HolePunchCodec#MAX_ADDRS}, {@link HolePunchCodec#MAX_MESSAGE} bytes).
     */
    List<Multiaddr> ownAddresses() {
        LinkedHashSet<Multiaddr> all = new LinkedHashSet<>();
        for (ObservedAddresses.Observation o : host.observedAddresses().observations(host.listenAddresses())) {
            if (!host.noAnnounce().hides(o.address())) {
                all.add(o.address());
            }
        }
        all.addAll(host.announceAddresses());
        List<Multiaddr> out = new ArrayList<>();
        int bytes = 16; // the type field and some slack
        for (Multiaddr a : all) {
            if (a.has(MultiaddrProtocol.P2P_CIRCUIT)) {
                continue;
            }
            int size = a.bytes().length + 3; // field tag and length
            if (out.size() == HolePunchCodec.MAX_ADDRS || bytes + size > HolePunchCodec.MAX_MESSAGE) {
                break;
            }
            bytes += size;
            out.add(a);
        }
        return out;
    }

    /** The peer's addresses worth dialling: no circuits, no other peer's, without /p2p, at most {@link #MAX_DIALS}. */
    static List<Multiaddr> dialable(PeerId peer, List<Multiaddr> addrs) {
        LinkedHashSet<Multiaddr> out = new LinkedHashSet<>();
        for (Multiaddr a : addrs) {
            if (out.size() == MAX_DIALS) {
                break;
            }
            if (a.has(MultiaddrProtocol.P2P_CIRCUIT)) {
                continue;
            }
            if (a.has(MultiaddrProtocol.P2P)) {
                List<Multiaddr.Component> parts = a.components();
                if (parts.getLast().protocol() != MultiaddrProtocol.P2P
                        || !parts.getLast().valueString().equals(peer.toString())) {
                    continue;
                }
                a = a.decapsulate("p2p");
                if (a.has(MultiaddrProtocol.P2P)) {
                    continue;
                }
            }
            if (!a.isEmpty()) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    private boolean direct(PeerId peer) {
        return host.connections(peer).stream().anyMatch(c -> c.isOpen() && !c.limited());
    }

    /** Closes the relayed connection once the grace has passed, if the direct one is still there. */
    private void closeLater(Connection relayed) {
        if (config.relayedGrace().isZero()) {
            return;
        }
        Thread.ofVirtual().name("dcutr-grace " + relayed.remotePeer()).start(() -> {
            try {
                Thread.sleep(config.relayedGrace());
            } catch (InterruptedException e) {
                return;
            }
            if (direct(relayed.remotePeer()) && !host.isClosed()) {
                relayed.close();
            }
        });
    }

    /** Stops answering and initiating; connections stay. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            host.removeListener(relayedConnections);
            host.removeHandler(PROTOCOL_ID);
        }
    }
}
