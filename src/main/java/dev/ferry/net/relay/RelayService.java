package dev.ferry.net.relay;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.StreamDeadline;
import dev.ferry.net.relay.wire.HopMessage;
import dev.ferry.net.relay.wire.Limit;
import dev.ferry.net.relay.wire.Peer;
import dev.ferry.net.relay.wire.RelayCodec;
import dev.ferry.net.relay.wire.RelayWireException;
import dev.ferry.net.relay.wire.Reservation;
import dev.ferry.net.relay.wire.Status;
import dev.ferry.net.relay.wire.StopMessage;
import dev.ferry.net.relay.wire.Voucher;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay side of Circuit Relay v2: serves {@link #HOP_PROTOCOL_ID}. A RESERVE gets (or refreshes) a reservation
 * with its expiry, this host's addresses and a signed voucher; a CONNECT to a peer holding one opens
 * {@link #STOP_PROTOCOL_ID} to it over its existing connection and splices the two streams. A reservation lasts until
 * its expiry while the peer stays connected. Requests over relayed connections are refused (no circuit of circuits).
 * Thread-safe; the counters are guarded by one lock, never held across I/O.
 */
public final class RelayService implements AutoCloseable {
    public static final String HOP_PROTOCOL_ID = "/libp2p/circuit/relay/0.2.0/hop";
    public static final String STOP_PROTOCOL_ID = "/libp2p/circuit/relay/0.2.0/stop";
    private static final Logger log = LoggerFactory.getLogger(RelayService.class);

    private final Host host;
    private final RelayLimits limits;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<PeerId, Held> reservations = new HashMap<>(); // guarded by lock
    private final Map<PeerId, Integer> circuits = new HashMap<>(); // guarded by lock; entries only while > 0
    private final HostListener disconnects;

    /** A reservation held here: until when, and the IP it was made from (for the per-IP limit), or null. */
    private record Held(Instant expiry, String ip) {}

    private RelayService(Host host, RelayLimits limits, InstantSource clock) {
        this.host = host;
        this.limits = limits;
        this.clock = clock;
        this.disconnects = new HostListener() {
            @Override
            public void disconnected(Connection c) {
                if (host.connections(c.remotePeer()).stream().noneMatch(x -> x.isOpen() && !x.limited())) {
                    withLock(() -> reservations.remove(c.remotePeer()));
                }
            }
        };
    }

    /** Serves the hop protocol on {@code host} with {@code limits}. */
    public static RelayService install(Host host, RelayLimits limits) {
        return install(host, limits, InstantSource.system());
    }

    public static RelayService install(Host host, RelayLimits limits, InstantSource clock) {
        RelayService s = new RelayService(Objects.requireNonNull(host, "host"), Objects.requireNonNull(limits),
                clock);
        host.addListener(s.disconnects);
        host.setHandler(HOP_PROTOCOL_ID, s::serve);
        return s;
    }

    public RelayLimits limits() {
        return limits;
    }

    /** Reservations held now (expired ones are dropped first). */
    public int reservationCount() {
        lock.lock();
        try {
            dropExpired();
            return reservations.size();
        } finally {
            lock.unlock();
        }
    }

    /** Circuits open now. */
    public int circuitCount() {
        lock.lock();
        try {
            return circuits.values().stream().mapToInt(Integer::intValue).sum() / 2;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code peer} holds an unexpired reservation here. */
    public boolean hasReservation(PeerId peer) {
        lock.lock();
        try {
            dropExpired();
            return reservations.containsKey(peer);
        } finally {
            lock.unlock();
        }
    }

    private void serve(NegotiatedStream s) throws IOException {
        HopMessage request;
        try (StreamDeadline d = StreamDeadline.start(host.config().streamIdleTimeout(), s::reset)) {
            try {
                request = RelayCodec.readHop(s.in());
            } catch (RelayWireException e) {
                log.debug("malformed hop message from {}: {}", s.remotePeer(), e.getMessage());
                RelayCodec.write(s.out(), HopMessage.status(Status.MALFORMED_MESSAGE));
                return;
            }
            if (request == null) {
                return;
            }
            switch (request.type()) {
                case RESERVE -> reserve(s);
                case CONNECT -> {
                    Optional<Circuit> circuit = connect(s, request.peer(), d);
                    if (circuit.isPresent()) {
                        d.close(); // the circuit has limits of its own
                        circuit.get().run();
                    }
                }
                case STATUS -> RelayCodec.write(s.out(), HopMessage.status(Status.UNEXPECTED_MESSAGE));
            }
        }
    }

    private void reserve(NegotiatedStream s) throws IOException {
        PeerId peer = s.remotePeer();
        if (s.connection().limited()) {
            RelayCodec.write(s.out(), HopMessage.status(Status.PERMISSION_DENIED));
            return;
        }
        String ip = s.connection().remoteAddress().flatMap(a -> a.valueOf("ip4").or(() -> a.valueOf("ip6")))
                .orElse(null);
        Instant expiry = clock.instant().plus(limits.reservationTtl());
        Status refused = withLock(() -> {
            dropExpired();
            if (!reservations.containsKey(peer)) { // a refresh always passes: it holds no more than before
                if (limits.maxReservationsPerPeer() == 0 || reservations.size() >= limits.maxReservations()) {
                    return Status.RESERVATION_REFUSED;
                }
                if (ip != null && reservations.values().stream().filter(h -> ip.equals(h.ip())).count()
                        >= limits.maxReservationsPerIp()) {
                    return Status.RESERVATION_REFUSED;
                }
            }
            reservations.put(peer, new Held(expiry, ip));
            return null;
        });
        if (refused != null) {
            RelayCodec.write(s.out(), HopMessage.status(refused));
            return;
        }
        long expire = expiry.getEpochSecond();
        Voucher voucher = new Voucher(host.peerId(), peer, expire);
        Reservation r = new Reservation(expire, ownAddresses(), voucher.seal(host.identity()));
        Limit limit = limits.circuitLimit();
        RelayCodec.write(s.out(), HopMessage.status(Status.OK, r, limit.isNone() ? null : limit));
        log.debug("reservation for {} until {}", peer, expiry);
    }

    /** This host's addresses with its /p2p, less circuit ones: where the reserving peer's circuits start. */
    private List<Multiaddr> ownAddresses() {
        return host.announceAddresses().stream().filter(a -> !CircuitAddress.isCircuit(a))
                .map(a -> a.encapsulate("/p2p/" + host.peerId())).limit(RelayCodec.MAX_ADDRS).toList();
    }

    /** A circuit ready to run, holding its places in the per-peer counts until it ends. */
    private final class Circuit {
        private final NegotiatedStream hop;
        private final NegotiatedStream stop;
        private final PeerId src;
        private final PeerId dst;

        Circuit(NegotiatedStream hop, NegotiatedStream stop, PeerId src, PeerId dst) {
            this.hop = hop;
            this.stop = stop;
            this.src = src;
            this.dst = dst;
        }

        void run() {
            try {
                new CircuitSplice(hop, stop, limits.circuitLimit(), limits.bufferSize()).run();
            } finally {
                release(src, dst);
            }
        }
    }

    /** Checks the request, opens the stop stream and answers; the circuit to run when both ends said OK. */
    private Optional<Circuit> connect(NegotiatedStream s, Peer target, StreamDeadline d) throws IOException {
        PeerId src = s.remotePeer();
        PeerId dst = target.id();
        if (s.connection().limited()) {
            RelayCodec.write(s.out(), HopMessage.status(Status.PERMISSION_DENIED));
            return Optional.empty();
        }
        Status refused = withLock(() -> {
            dropExpired();
            if (!reservations.containsKey(dst)) {
                return Status.NO_RESERVATION;
            }
            if (circuits.getOrDefault(src, 0) >= limits.maxCircuits()
                    || circuits.getOrDefault(dst, 0) >= limits.maxCircuits()) {
                return Status.RESOURCE_LIMIT_EXCEEDED;
            }
            circuits.merge(src, 1, Integer::sum);
            circuits.merge(dst, 1, Integer::sum);
            return null;
        });
        if (refused != null) {
            RelayCodec.write(s.out(), HopMessage.status(refused));
            return Optional.empty();
        }
        NegotiatedStream stop = null;
        boolean ok = false;
        try {
            Optional<Connection> toDst = host.connections(dst).stream().filter(c -> c.isOpen() && !c.limited())
                    .findFirst();
            if (toDst.isEmpty()) {
                withLock(() -> reservations.remove(dst));
                RelayCodec.write(s.out(), HopMessage.status(Status.NO_RESERVATION));
                return Optional.empty();
            }
            Limit limit = limits.circuitLimit();
            StopMessage answer;
            try {
                stop = toDst.get().newStream(STOP_PROTOCOL_ID);
                NegotiatedStream toTarget = stop;
                // a silent target is cut as a silent initiator is
                try (StreamDeadline sd = StreamDeadline.start(host.config().streamIdleTimeout(), toTarget::reset)) {
                    RelayCodec.write(stop.out(), StopMessage.connect(Peer.of(src), limit.isNone() ? null : limit));
                    d.touch();
                    answer = RelayCodec.readStop(stop.in());
                }
            } catch (IOException e) {
                log.debug("stop to {} failed: {}", dst, e.toString());
                answer = null;
            }
            if (answer == null || answer.type() != StopMessage.Type.STATUS || answer.status() != Status.OK) {
                RelayCodec.write(s.out(), HopMessage.status(Status.CONNECTION_FAILED));
                return Optional.empty();
            }
            RelayCodec.write(s.out(), HopMessage.status(Status.OK, null, limit.isNone() ? null : limit));
            ok = true;
            return Optional.of(new Circuit(s, stop, src, dst));
        } finally {
            if (!ok) {
                if (stop != null) {
                    stop.reset();
                }
                release(src, dst);
            }
        }
    }

    private void release(PeerId src, PeerId dst) {
        withLock(() -> {
            circuits.computeIfPresent(src, (k, n) -> n > 1 ? n - 1 : null);
            circuits.computeIfPresent(dst, (k, n) -> n > 1 ? n - 1 : null);
            return null;
        });
    }

    private void dropExpired() {
        Instant now = clock.instant();
        reservations.values().removeIf(h -> !h.expiry().isAfter(now));
    }

    private <T> T withLock(java.util.function.Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /** Stops serving: new requests are refused; open circuits run to their end. */
    @Override
    public void close() {
        host.removeHandler(HOP_PROTOCOL_ID);
        host.removeListener(disconnects);
        withLock(() -> {
            reservations.clear();
            return null;
        });
    }
}
