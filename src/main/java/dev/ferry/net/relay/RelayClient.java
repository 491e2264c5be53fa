package dev.ferry.net.relay;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
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
import dev.ferry.net.transport.DuplexStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of Circuit Relay v2 on a {@link Host}: dials circuit addresses for it ({@code …/p2p/RELAY/p2p-circuit}
 * through the hop protocol), accepts circuits that relays open to it (the stop protocol), and reserves on relays. A
 * relay given to {@link #keep} is reserved on in the background, refreshed when three quarters of the reservation's
 * time have passed, and reserved on again (backing off up to a minute) when refused or when the connection to it
 * drops; while a reservation is held its circuit addresses are announced ({@link Host#setRelayAddresses}).
 */
public final class RelayClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayClient.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /** The longest an accepted circuit's handler sleeps between looks at its connection. */
    private static final long WATCH_MILLIS = 30_000;

    private final Host host;
    private final InstantSource clock;
    private final Map<PeerId, RelayReservation> held = new ConcurrentHashMap<>();
    private final Map<PeerId, Semaphore> wakers = new ConcurrentHashMap<>();
    private final List<Thread> keepers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.locks.ReentrantLock announcing = new java.util.concurrent.locks.ReentrantLock();
    private final HostListener disconnects;

    private RelayClient(Host host, InstantSource clock) {
        this.host = host;
        this.clock = clock;
        this.disconnects = new HostListener() {
            @Override
            public void disconnected(Connection c) {
                PeerId relay = c.remotePeer();
                if (held.containsKey(relay) && host.connections(relay).stream().noneMatch(x -> x.isOpen()
                        && !x.limited())) {
                    drop(relay); // the relay forgets a reservation whose peer left
                    Semaphore w = wakers.get(relay);
                    if (w != null) {
                        w.release();
                    }
                }
            }
        };
    }

    /** Installs the client on {@code host}: circuit addresses become dialable and relays may open circuits to it. */
    public static RelayClient install(Host host) {
        return install(host, InstantSource.system());
    }

    public static RelayClient install(Host host, InstantSource clock) {
        RelayClient c = new RelayClient(Objects.requireNonNull(host, "host"), clock);
        host.addListener(c.disconnects);
        host.setCircuitDialer(c::dial);
        host.setHandler(RelayService.STOP_PROTOCOL_ID, c::stop);
        return c;
    }

    /** The reservations held now. */
    public List<RelayReservation> reservations() {
        return List.copyOf(held.values());
    }

    /**
     * Reserves (or refreshes) a slot on the relay at {@code relayAddress} ({@code …/p2p/RELAY}) and announces its
     * circuit addresses.
     *
     * @throws RelayRefusedException the relay refused
     * @throws IOException           the relay could not be reached, or answered out of protocol
     */
    public RelayReservation reserve(Multiaddr relayAddress) throws IOException {
        return reserve(host.connect(relayAddress));
    }

    /** As {@link #reserve(Multiaddr)}, for a relay at its known addresses (or connected already). */
    public RelayReservation reserve(PeerId relay) throws IOException {
        return reserve(host.connect(relay));
    }

    private RelayReservation reserve(Connection c) throws IOException {
        PeerId relay = c.remotePeer();
        if (c.limited()) {
            throw new IOException("no reservation over a relayed connection to " + relay);
        }
        HopMessage answer;
        try (NegotiatedStream s = c.newStream(RelayService.HOP_PROTOCOL_ID);
                StreamDeadline d = StreamDeadline.start(host.config().dialTimeout(), s::reset)) {
            RelayCodec.write(s.out(), HopMessage.reserve());
            answer = RelayCodec.readHop(s.in());
            if (d.expired()) {
                throw new IOException("relay " + relay + " did not answer the reservation in time");
            }
        }
        if (answer == null) {
            throw new EOFException("relay " + relay + " closed the stream without answering");
        }
        if (answer.type() != HopMessage.Type.STATUS) {
            throw new RelayWireException("relay " + relay + " answered a reservation with " + answer.type());
        }
        if (answer.status() != Status.OK) {
            throw new RelayRefusedException("relay " + relay + " refused the reservation", answer.status());
        }
        Reservation r = answer.reservation();
        if (r == null) {
            throw new RelayWireException("relay " + relay + " accepted without a reservation");
        }
        Instant expiry = Instant.ofEpochSecond(r.expire());
        if (!expiry.isAfter(clock.instant())) {
            throw new RelayWireException("relay " + relay + " granted a reservation that has expired: " + expiry);
        }
        RelayReservation mine = new RelayReservation(relay, expiry, circuits(relay, r.addrs(), c),
                answer.limit() == null ? Limit.NONE : answer.limit(), voucher(relay, r));
        held.put(relay, mine);
        announce();
        return mine;
    }

    /** The circuit addresses of a reservation: the relay's addresses it sent, else the one we reached it at. */
    private static List<Multiaddr> circuits(PeerId relay, List<Multiaddr> addrs, Connection c) {
        LinkedHashSet<Multiaddr> out = new LinkedHashSet<>();
        for (Multiaddr a : addrs) {
            if (CircuitAddress.isCircuit(a)) {
                continue;
            }
            List<Multiaddr.Component> parts = a.components();
            if (!parts.isEmpty() && parts.getLast().protocol() == MultiaddrProtocol.P2P) {
                if (!parts.getLast().valueString().equals(relay.toString())) {
                    continue; // an address of someone else
                }
                a = Multiaddr.of(parts.subList(0, parts.size() - 1));
            }
            if (!a.isEmpty() && !a.has(MultiaddrProtocol.P2P)) {
                out.add(CircuitAddress.of(a, relay));
            }
        }
        if (out.isEmpty()) {
            c.remoteAddress().ifPresent(a -> out.add(CircuitAddress.of(a, relay)));
        }
        return List.copyOf(out);
    }

    private Voucher voucher(PeerId relay, Reservation r) {
        if (r.voucher() == null) {
            return null;
        }
        try {
            Voucher v = Voucher.open(r.voucher());
            if (v.relay().equals(relay) && v.peer().equals(host.peerId())) {
                return v;
            }
            log.debug("voucher of {} names another relay or peer", relay);
        } catch (RelayWireException e) {
            log.debug("voucher of {} refused: {}", relay, e.getMessage()); // advisory: the reservation stands
        }
        return null;
    }

    /** Keeps a reservation on the relay at {@code relayAddress} ({@code …/p2p/RELAY}) in the background. */
    public void keep(Multiaddr relayAddress) {
        List<Multiaddr.Component> parts = relayAddress.components();
        if (parts.isEmpty() || parts.getLast().protocol() != MultiaddrProtocol.P2P) {
            throw new IllegalArgumentException("a relay address ends in /p2p/<peer id>: " + relayAddress);
        }
        PeerId relay = PeerId.parse(parts.getLast().valueString());
        Semaphore wake = new Semaphore(0);
        if (wakers.putIfAbsent(relay, wake) != null) {
            return; // kept already
        }
        keepers.add(Thread.ofVirtual().name("relay-keeper " + relay).start(() -> keepLoop(relayAddress, wake)));
    }

    private void keepLoop(Multiaddr relayAddress, Semaphore wake) {
        int failures = 0;
        while (!closed.get() && !host.isClosed()) {
            Duration wait;
            try {
                RelayReservation r = reserve(relayAddress);
                failures = 0;
                Duration left = Duration.between(clock.instant(), r.expiry());
                wait = left.multipliedBy(3).dividedBy(4);
                if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
                    wait = Duration.ofSeconds(1);
                }
                log.debug("reserved on {} until {}", r.relay(), r.expiry());
            } catch (IOException | RuntimeException e) {
                log.debug("reservation on {} failed: {}", relayAddress, e.toString());
                wait = Duration.ofSeconds(1L << Math.min(failures, 6));
                wait = wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
                failures++;
            }
            try {
                wake.drainPermits();
                if (wake.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    Thread.sleep(200); // woken by a lost connection: a moment before dialling again
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Gives up the reservation on {@code relay} (it is no longer announced); the relay lets it expire. */
    public void release(PeerId relay) {
        drop(relay);
    }

    private void drop(PeerId relay) {
        if (held.remove(relay) != null) {
            announce();
        }
    }

    /** Tells the host the circuits of the reservations held; one caller at a time, so the last word is current. */
    private void announce() {
        announcing.lock();
        try {
            Instant now = clock.instant();
            List<Multiaddr> addrs = new ArrayList<>();
            for (RelayReservation r : held.values()) {
                if (r.expiry().isAfter(now)) {
                    addrs.addAll(r.circuits());
                }
            }
            host.setRelayAddresses(addrs);
        } finally {
            announcing.unlock();
        }
    }

    /** The host's {@link dev.ferry.net.host.CircuitDialer}: a hop CONNECT through the relay the address names. */
    DuplexStream dial(Multiaddr circuit, PeerId target, Duration timeout) throws IOException {
        CircuitAddress ca;
        try {
            ca = CircuitAddress.parse(circuit);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (ca.relay().equals(target) || ca.relay().equals(host.peerId())) {
            throw new IOException("a circuit through " + ca.relay() + " to " + target + " makes no sense");
        }
        Connection toRelay = ca.relayAddress().isEmpty() ? host.connect(ca.relay())
                : host.connect(ca.relayAddress().encapsulate("/p2p/" + ca.relay()));
        if (toRelay.limited()) {
            throw new IOException("no circuit over a relayed connection to " + ca.relay());
        }
        NegotiatedStream s = toRelay.newStream(RelayService.HOP_PROTOCOL_ID);
        boolean ok = false;
        try {
            HopMessage answer;
            try (StreamDeadline d = StreamDeadline.start(timeout, s::reset)) {
                RelayCodec.write(s.out(), HopMessage.connect(Peer.of(target)));
                answer = RelayCodec.readHop(s.in());
                if (d.expired()) {
                    throw new IOException("relay " + ca.relay() + " did not answer in time");
                }
            }
            if (answer == null) {
                throw new EOFException("relay " + ca.relay() + " closed the stream without answering");
            }
            if (answer.type() != HopMessage.Type.STATUS) {
                throw new RelayWireException("relay " + ca.relay() + " answered a CONNECT with " + answer.type());
            }
            if (answer.status() != Status.OK) {
                throw new RelayRefusedException("relay " + ca.relay() + " refused the circuit to " + target,
                        answer.status());
            }
            ok = true;
            return new RelayedStream(s, ca.toMultiaddr().encapsulate("/p2p/" + target).toString());
        } finally {
            if (!ok) {
                s.reset();
            }
        }
    }

    /** A relay opens a circuit to us: accept it, then hold the stream for as long as the connection lives. */
    private void stop(NegotiatedStream s) throws IOException, InterruptedException {
        StopMessage m;
        try (StreamDeadline d = StreamDeadline.start(host.config().streamIdleTimeout(), s::reset)) {
            try {
                m = RelayCodec.readStop(s.in());
            } catch (RelayWireException e) {
                log.debug("malformed stop message from {}: {}", s.remotePeer(), e.getMessage());
                RelayCodec.write(s.out(), StopMessage.status(Status.MALFORMED_MESSAGE));
                return;
            }
        }
        if (m == null) {
            return;
        }
        if (m.type() != StopMessage.Type.CONNECT) {
            RelayCodec.write(s.out(), StopMessage.status(Status.UNEXPECTED_MESSAGE));
            return;
        }
        if (s.connection().limited() || closed.get()) {
            RelayCodec.write(s.out(), StopMessage.status(Status.PERMISSION_DENIED));
            return;
        }
        RelayCodec.write(s.out(), StopMessage.status(Status.OK));
        Multiaddr circuit = CircuitAddress.of(s.connection().remoteAddress().orElse(Multiaddr.of(List.of())),
                s.remotePeer());
        RelayedStream raw = new RelayedStream(s, circuit.encapsulate("/p2p/" + m.peer().id()).toString());
        Connection c;
        // a silent initiator holds the stream no longer than a silent peer on any protocol served here
        try (StreamDeadline d = StreamDeadline.start(host.config().streamIdleTimeout(), raw::reset)) {
            c = host.acceptRelayed(raw, circuit);
        }
        if (!c.remotePeer().equals(m.peer().id())) {
            log.debug("relay {} announced {} but {} answered", s.remotePeer(), m.peer().id(), c.remotePeer());
            c.close();
            return;
        }
        while (!raw.awaitEnd(WATCH_MILLIS)) {
            if (!c.isOpen()) {
                return;
            }
        }
    }

    /** Stops keeping reservations, and announcing them; open relayed connections stay. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            keepers.forEach(Thread::interrupt);
            host.removeListener(disconnects);
            host.setCircuitDialer(null);
            host.removeHandler(RelayService.STOP_PROTOCOL_ID);
            held.clear();
            host.setRelayAddresses(List.of());
        }
    }
}
