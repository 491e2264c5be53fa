package dev.ferry.net.host;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.bandwidth.BandwidthCounter;
import dev.ferry.net.bandwidth.BandwidthMeter;
import dev.ferry.net.bandwidth.BandwidthPolicy;
import dev.ferry.net.bandwidth.MeteredStream;
import dev.ferry.net.bandwidth.RateLimiter;
import dev.ferry.net.multistream.Multistream;
import dev.ferry.net.security.PeerMismatch;
import dev.ferry.net.security.SecurityProtocol;
import dev.ferry.net.security.noise.NoiseSecurity;
import dev.ferry.net.security.tls.TlsSecurity;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A libp2p host: listens and dials over TCP, secures connections with Noise or TLS, multiplexes them with Yamux, and
 * routes inbound streams to protocol handlers.
 *
 * <h2>Threading contract</h2>
 * <ul>
 *   <li>Every public method is thread-safe and blocking; call it from a virtual thread.
 *   <li>The transport accepts on one virtual thread per listen address; each accepted connection is upgraded on its
 *       own virtual thread; then one virtual thread per connection accepts its inbound streams until it closes.
 *   <li>Each inbound stream is negotiated and handed to its {@link StreamHandler} on its own virtual thread.
 *   <li>Timeouts are armed on one small scheduler thread that never does I/O itself: expiry starts a virtual thread.
 *   <li>No lock is held across I/O; locks are {@link java.util.concurrent.locks.ReentrantLock}s (no pinning).
 * </ul>
 *
 * <p>The host owns its {@link Identity}, its Noise static key and its TLS certificate (one each per host). Limits come
 * from {@link HostConfig}.
 */
public final class Host implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Host.class);

    private final Identity identity;
    private final HostConfig config;
    private final InstantSource clock;
    private final HostTransport transport;
    private final Upgrader upgrader;
    private volatile Upgrader probeUpgrader; // dial-backs, under a throwaway identity of their own; made at the first
    private final SecureRandom random;
    private final StreamMuxer muxer;
    private final PeerStore peerStore;
    private final ConnectionManager connections;
    private final ResourceManager resources;
    private final ConcurrentHashMap<String, StreamHandler> handlers = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<HostListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<PeerId, CompletableFuture<Connection>> dialing = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<HostTransport.Listener> bound = new CopyOnWriteArrayList<>();
    private volatile List<Multiaddr> announce = List.of();
    private volatile List<Multiaddr> appendAnnounce = List.of();
    private volatile AnnounceFilter noAnnounce = AnnounceFilter.NONE;
    private final AddrFilters addrFilters = new AddrFilters();
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final BandwidthCounter bandwidth = new BandwidthCounter();
    private volatile BandwidthPolicy bandwidthPolicy = BandwidthPolicy.unlimited();
    private volatile CircuitDialer circuitDialer; // null: circuit addresses are not dialled
    private volatile List<Multiaddr> relayAddresses = List.of();
    private final Set<String> limitedProtocols = ConcurrentHashMap.newKeySet();
    private final ObservedAddresses observed;

    public Host(Identity identity, HostConfig config) {
        this(identity, config, new SecureRandom(), InstantSource.system());
    }

    public Host(Identity identity, HostConfig config, SecureRandom random, InstantSource clock) {
        this(identity, config, random, clock, new SwarmTransports(config.transports(), config.tcpPortReuse()),
                new YamuxAdapter(config.yamux()));
    }

    Host(Identity identity, HostConfig config, SecureRandom random, InstantSource clock, HostTransport transport,
            StreamMuxer muxer) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transport = transport;
        this.upgrader = new Upgrader(this, security(identity, config, muxer, random, clock), muxer, clock, random);
        this.random = random;
        this.muxer = muxer;
        this.peerStore = new PeerStore(config.maxPeers(), config.maxAddressesPerPeer(), clock);
        this.connections = new ConnectionManager(config, clock);
        this.resources = new ResourceManager(config.resources());
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("host-timer").factory());
        long every = BandwidthMeter.SAMPLE_INTERVAL.toNanos();
        timer.scheduleAtFixedRate(bandwidth::sample, every, every, TimeUnit.NANOSECONDS);
        this.observed = new ObservedAddresses(clock);
        timer.scheduleAtFixedRate(() -> {
            boolean announced = observed.expire();
            boolean candidates = observed.candidatesChanged();
            if (announced || candidates) {
                Thread.ofVirtual().name("observed-addresses").start(() -> {
                    if (announced) {
                        addressesChanged();
                    }
                    if (candidates) {
                        listeners.forEach(HostListener::addressCandidatesChanged);
                    }
                });
            }
        }, 1, 1, TimeUnit.MINUTES);
        peerStore.onProtocolsChanged(peer -> {
            refreshBandwidthPolicy(peer);
            listeners.forEach(l -> l.peerProtocolsChanged(peer));
        });
    }

    public PeerId peerId() {
        return identity.peerId();
    }

    public Identity identity() {
        return identity;
    }

    public HostConfig config() {
        return config;
    }

    public PeerStore peerStore() {
        return peerStore;
    }

    public ConnectionManager connectionManager() {
        return connections;
    }

    /** The limits per scope (system, transient, protocol, peer) and what each holds now. */
    public ResourceManager resourceManager() {
        return resources;
    }

    /** Bytes in and out with current rates: in total, per connected peer, per connection. */
    public BandwidthCounter bandwidth() {
        return bandwidth;
    }

    public BandwidthPolicy bandwidthPolicy() {
        return bandwidthPolicy;
    }

    /**
     * Installs the policy that chooses each connection's {@link RateLimiter} and applies it at once to every open
     * connection; new connections get theirs when the peer is known, and again when identify replaces the peer's
     * protocols.
     */
    public void setBandwidthPolicy(BandwidthPolicy policy) {
        this.bandwidthPolicy = Objects.requireNonNull(policy, "policy");
        for (Connection c : connections.allConnections()) {
            applyBandwidthPolicy(c);
        }
    }

    /** Asks the policy again for the connections of {@code peer} (e.g. after learning it is a ferry peer). */
    public void refreshBandwidthPolicy(PeerId peer) {
        for (Connection c : connections.connections(peer)) {
            applyBandwidthPolicy(c);
        }
    }

    private void applyBandwidthPolicy(Connection c) {
        RateLimiter l;
        try {
            l = bandwidthPolicy.limiterFor(c.remotePeer(), peerStore.protocols(c.remotePeer()));
        } catch (RuntimeException e) {
            log.warn("bandwidth policy failed for {}; leaving its limiter unchanged", c.remotePeer(), e);
            return;
        }
        c.wire().setLimiter(l == null ? RateLimiter.unlimited() : l);
    }

    /**
     * Binds each address (TCP {@code /ip4|ip6/…/tcp/port}, WebSockets {@code …/tcp/port/ws}; port 0 picks a free
     * one) and starts accepting.
     */
    public void start(List<Multiaddr> listen) throws IOException {
        checkOpen();
        for (Multiaddr addr : listen) {
            bound.add(transport.listen(addr, this::accepted));
        }
    }

    /** The bound addresses, without /p2p. */
    public List<Multiaddr> listenAddresses() {
        List<Multiaddr> out = new ArrayList<>();
        for (HostTransport.Listener l : bound) {
            out.add(l.address());
        }
        return out;
    }

    /**
     * The addresses peers are told (identify and the layers above): the configured ones when
     * {@link #setAnnounceAddresses} set some (Kubo's {@code Addresses.Announce}), else the bound ones with each
     * unspecified address ({@code 0.0.0.0}, {@code ::}) standing for the interfaces' addresses, followed by the
     * announced {@link #observedAddresses() observed addresses} (confirmed by observers or found reachable, and not
     * found unreachable: {@link #setAddressVerdicts}); then those
     * {@link #setAppendAnnounce} adds (Kubo's {@code Addresses.AppendAnnounce}); less those the
     * {@link #setNoAnnounce announce filter} hides (Kubo's {@code Addresses.NoAnnounce}).
     */
    public List<Multiaddr> announceAddresses() {
        List<Multiaddr> configured = announce;
        List<Multiaddr> appended = appendAnnounce;
        List<Multiaddr> base = configured;
        List<Multiaddr> seen = List.of();
        if (configured.isEmpty()) {
            List<Multiaddr> listen = listenAddresses();
            base = AnnouncedAddresses.expand(listen);
            seen = observed.confirmed(listen);
        }
        List<Multiaddr> relayed = relayAddresses;
        if (!seen.isEmpty() || !appended.isEmpty() || !relayed.isEmpty()) {
            java.util.LinkedHashSet<Multiaddr> all = new java.util.LinkedHashSet<>(base);
            all.addAll(seen);
            all.addAll(appended);
            all.addAll(relayed);
            base = List.copyOf(all);
        }
        return noAnnounce.apply(base);
    }

    /** The addresses peers report seeing this host at, with their observers (identify feeds them). */
    public ObservedAddresses observedAddresses() {
        return observed;
    }

    /**
     * Records that the peer on {@code c} sees this host at {@code address} (identify's observed address); listeners
     * hear {@code addressesChanged} when that confirms an address or retires one, and {@code addressCandidatesChanged}
     * when it makes or retires a candidate for AutoNAT v2. Ignored on relayed connections (the peer sees the relay
     * there).
     */
    public void recordObservedAddress(Connection c, Multiaddr address) {
        Optional<Multiaddr> local = c.localAddress();
        Optional<Multiaddr> remote = c.remoteAddress();
        if (!c.limited() && local.isPresent() && remote.isPresent()) {
            recordObservedAddress(local.get(), remote.get(), address);
        }
    }

    /** Records an observation made on a connection from {@code local} to {@code observer}. */
    void recordObservedAddress(Multiaddr local, Multiaddr observer, Multiaddr address) {
        if (observed.observe(local, observer, address, listenAddresses())) {
            addressesChanged();
        }
        if (observed.candidatesChanged()) {
            listeners.forEach(HostListener::addressCandidatesChanged);
        }
    }

    /**
     * The observed addresses worth an AutoNAT v2 check ({@link ObservedAddresses#candidates}); none while
     * {@link #setAnnounceAddresses} sets what is announced (observed addresses are not announced then).
     */
    public List<Multiaddr> addressCandidates() {
        return announce.isEmpty() ? observed.candidates(listenAddresses()) : List.of();
    }

    /**
     * Hands AutoNAT v2's verdicts to the observed addresses ({@link ObservedAddresses#setVerdicts}): an observed
     * address found unreachable is no longer announced, a candidate found reachable is announced at once. Configured
     * and listen addresses are announced whatever their verdict. Listeners hear {@code addressesChanged} (identify
     * pushes) when the announced addresses change.
     */
    public void setAddressVerdicts(Collection<Multiaddr> reachable, Collection<Multiaddr> unreachable) {
        if (observed.setVerdicts(reachable, unreachable)) {
            addressesChanged();
        }
    }

    private void addressesChanged() {
        listeners.forEach(HostListener::addressesChanged);
    }

    /**
     * The circuit addresses ({@code …/p2p/RELAY/p2p-circuit}) of the relays this host holds a reservation on, added
     * to {@link #announceAddresses()}; listeners hear {@code addressesChanged}.
     */
    public void setRelayAddresses(List<Multiaddr> addresses) {
        List<Multiaddr> next = List.copyOf(addresses);
        if (!next.equals(relayAddresses)) {
            relayAddresses = next;
            listeners.forEach(HostListener::addressesChanged);
        }
    }

    /** Installs what dials circuit addresses (null: such addresses fail to dial). */
    public void setCircuitDialer(CircuitDialer dialer) {
        circuitDialer = dialer;
    }

    /**
     * Lets {@code protocolId} run over limited (relayed) connections, both ways: the others are refused there (an
     * inbound stream is reset, an outbound one fails with {@link LimitedConnectionException}), as go-libp2p does for
     * the protocols that do not opt in.
     */
    public void allowOnLimitedConnections(String protocolId) {
        limitedProtocols.add(protocolId);
    }

    /** Whether {@code protocolId} may run over limited connections. */
    public boolean allowedOnLimitedConnections(String protocolId) {
        return limitedProtocols.contains(protocolId);
    }

    /** Addresses told besides the announced or bound ones (Kubo's {@code Addresses.AppendAnnounce}); without /p2p. */
    public void setAppendAnnounce(List<Multiaddr> addresses) {
        appendAnnounce = List.copyOf(addresses);
    }

    /** The filter {@link #announceAddresses()} applies. */
    public AnnounceFilter noAnnounce() {
        return noAnnounce;
    }

    /** Replaces the filter {@link #announceAddresses()} applies ({@link AnnounceFilter#NONE}: hide nothing). */
    public void setNoAnnounce(AnnounceFilter filter) {
        noAnnounce = Objects.requireNonNull(filter, "filter");
    }

    /**
     * The prefixes this host neither dials nor accepts connections from (Kubo's {@code Swarm.AddrFilters}); changes
     * apply to the next dial and accept.
     */
    public AddrFilters addrFilters() {
        return addrFilters;
    }

    /** Replaces what {@link #announceAddresses()} answers (empty: the bound addresses again); without /p2p. */
    public void setAnnounceAddresses(List<Multiaddr> addresses) {
        announce = List.copyOf(addresses);
    }

    /** Registers (or replaces) the handler of {@code protocolId}; listeners hear {@code protocolsChanged}. */
    public void setHandler(String protocolId, StreamHandler handler) {
        Multistream.checkProtocolId(protocolId);
        handlers.put(protocolId, Objects.requireNonNull(handler, "handler"));
        listeners.forEach(HostListener::protocolsChanged);
    }

    public void removeHandler(String protocolId) {
        if (handlers.remove(protocolId) != null) {
            listeners.forEach(HostListener::protocolsChanged);
        }
    }

    /** The protocols with a handler, sorted. */
    public Set<String> protocols() {
        return Set.copyOf(new TreeSet<>(handlers.keySet()));
    }

    public void addListener(HostListener l) {
        listeners.add(l);
    }

    public void removeListener(HostListener l) {
        listeners.remove(l);
    }

    /** Open connections to {@code peer}. */
    public List<Connection> connections(PeerId peer) {
        return connections.connections(peer);
    }

    public boolean isConnected(PeerId peer) {
        return connections.connections(peer).stream().anyMatch(Connection::isOpen);
    }

    /**
     * Connects to {@code address}, which must end in {@code /p2p/<peer id>}; returns an existing connection to that
     * peer if there is one. Concurrent dials to the same peer share one attempt.
     *
     * @throws dev.ferry.net.security.PeerMismatch (an IOException) the peer there is someone else
     * @throws ConnectionLimitException the connection limit is reached
     * @throws AddressFilteredException the address lies inside one of the {@link #addrFilters()} (and the peer is not
     *                                  connected already)
     */
    public Connection connect(Multiaddr address) throws IOException {
        // the last /p2p names the peer: a circuit address names its relay first
        List<Multiaddr.Component> parts = address.components();
        if (parts.isEmpty() || parts.getLast().protocol() != dev.ferry.multiformats.MultiaddrProtocol.P2P) {
            throw new IllegalArgumentException("address does not end in a /p2p component: " + address);
        }
        PeerId peer = PeerId.parse(parts.getLast().valueString());
        if (peer.equals(peerId())) {
            throw new IllegalArgumentException("cannot dial self");
        }
        Multiaddr bare = address.decapsulate("p2p");
        peerStore.addAddresses(peer, List.of(bare));
        return connect(peer, List.of(bare));
    }

    /**
     * A direct (not relayed) connection to {@code peer}: an open one if there is one, else one dialled now at the
     * first of {@code addresses} that answers (circuit addresses skipped), even while a relayed connection to the peer
     * is open. DCUtR's dial.
     */
    public Connection connectDirect(PeerId peer, List<Multiaddr> addresses) throws IOException {
        return connectDirect(peer, addresses, HandshakeRole.INITIATOR);
    }

    /**
     * {@link #connectDirect(PeerId, List)} taking {@code role} in the upgrade of the connection dialled (a hole punch's
     * simultaneous open). A responder's dial that lands in a listener of the peer's meets another responder and waits:
     * it gives up as soon as a direct connection to the peer is admitted (the other side's dial made it), else at the
     * upgrade timeout.
     */
    public Connection connectDirect(PeerId peer, List<Multiaddr> addresses, HandshakeRole role) throws IOException {
        checkOpen();
        for (Connection c : connections.connections(peer)) {
            if (c.isOpen() && !c.limited()) {
                return c;
            }
        }
        return dial(peer, addresses.stream()
                .filter(a -> !a.has(dev.ferry.multiformats.MultiaddrProtocol.P2P_CIRCUIT)).toList(), role);
    }

    /** Returns an open connection to {@code peer}, dialling its known addresses in order if there is none. */
    public Connection connect(PeerId peer) throws IOException {
        return connect(peer, peerStore.addresses(peer));
    }

    private Connection connect(PeerId peer, List<Multiaddr> addresses) throws IOException {
        checkOpen();
        Optional<Connection> existing = liveConnection(peer);
        if (existing.isPresent()) {
            return existing.get();
        }
        CompletableFuture<Connection> mine = new CompletableFuture<>();
        CompletableFuture<Connection> running = dialing.putIfAbsent(peer, mine);
        if (running != null) {
            return await(running);
        }
        try {
            Connection c = dial(peer, addresses);
            mine.complete(c);
            return c;
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            dialing.remove(peer, mine);
        }
    }

    private Connection await(CompletableFuture<Connection> f) throws IOException {
        try {
            return f.get(config.dialTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("dial failed", e.getCause());
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("joined dial did not finish");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private Connection dial(PeerId peer, List<Multiaddr> known) throws IOException {
        return dial(peer, known, HandshakeRole.INITIATOR);
    }

    /** Every dial goes through here: filtered addresses are never tried, whoever asked for them. */
    private Connection dial(PeerId peer, List<Multiaddr> known, HandshakeRole role) throws IOException {
        if (known.isEmpty()) {
            throw new IOException("no known address for " + peer);
        }
        List<Multiaddr> addresses = known.stream().filter(a -> !addrFilters.blocks(a)).toList();
        if (addresses.isEmpty()) {
            throw new AddressFilteredException(known.getFirst());
        }
        if (connections.atTotalLimit()) {
            throw new ConnectionLimitException("connection limit " + config.maxConnections() + " reached");
        }
        IOException last = null;
        for (Multiaddr addr : addresses) {
            ConnectionReservation reservation = resources.openConnection(Direction.OUTBOUND, addr);
            Connection c = null;
            try {
                MeteredStream raw = bandwidth.open(dialRaw(addr, peer));
                c = role == HandshakeRole.RESPONDER ? upgradeAsResponder(raw, peer, addr, reservation)
                        : upgrader.upgrade(raw, Direction.OUTBOUND, role, peer, addr, reservation);
                register(c);
                return c;
            } catch (ConnectionLimitException e) {
                throw e; // we may not connect at all: other addresses won't help
            } catch (IOException e) {
                if (e instanceof PeerMismatch) {
                    throw e; // someone else answers there: other addresses won't help
                }
                if (role == HandshakeRole.RESPONDER) {
                    Optional<Connection> made = connections.connections(peer).stream()
                            .filter(o -> o.isOpen() && !o.limited()).findFirst();
                    if (made.isPresent()) {
                        return made.get(); // given up for the peer's dial, which made it
                    }
                }
                last = e;
            } finally {
                if (c == null) {
                    reservation.release(); // once made, the connection gives it back when it closes
                }
            }
        }
        throw last;
    }

    /**
     * Upgrades a dialled connection as the responder, giving up (the raw stream reset) as soon as another direct
     * connection to {@code peer} is admitted: the peer's own dial made it, and this one may be waiting on a listener
     * of the peer's that answers as a responder too.
     */
    private Connection upgradeAsResponder(MeteredStream raw, PeerId peer, Multiaddr addr,
            ConnectionReservation reservation) throws IOException {
        AtomicBoolean settled = new AtomicBoolean(); // upgraded, or given up: whichever comes first
        HostListener giveUp = new HostListener() {
            @Override
            public void connected(Connection other) {
                if (other.remotePeer().equals(peer) && !other.limited() && settled.compareAndSet(false, true)) {
                    raw.reset();
                }
            }
        };
        listeners.add(giveUp);
        try {
            if (connections.connections(peer).stream().anyMatch(o -> o.isOpen() && !o.limited())
                    && settled.compareAndSet(false, true)) {
                raw.reset();
            }
            Connection c = upgrader.upgrade(raw, Direction.OUTBOUND, HandshakeRole.RESPONDER, peer, addr,
                    reservation);
            if (!settled.compareAndSet(false, true)) {
                c.closeUnregistered(); // reset meanwhile: the other direct connection stands
                throw new IOException("given up for another direct connection to " + peer);
            }
            return c;
        } finally {
            listeners.remove(giveUp);
        }
    }

    private DuplexStream dialRaw(Multiaddr addr, PeerId peer) throws IOException {
        if (!addr.has(dev.ferry.multiformats.MultiaddrProtocol.P2P_CIRCUIT)) {
            return transport.dial(addr, config.dialTimeout(), addrFilters::blocks);
        }
        CircuitDialer d = circuitDialer;
        if (d == null) {
            throw new IOException("cannot dial " + addr + ": no relay client (circuit addresses are not dialled)");
        }
        return d.dial(addr, peer, config.dialTimeout());
    }

    /**
     * Admits the raw stream of an incoming relayed connection (the stop protocol's stream, once accepted): upgraded
     * as any accepted connection, then a limited {@link Connection} whose remote address is {@code circuit}. Runs on
     * the caller's thread; on failure the stream is reset.
     */
    public Connection acceptRelayed(DuplexStream stream, Multiaddr circuit) throws IOException {
        if (closed.get() || !connections.tryBeginInbound()) {
            stream.reset();
            throw new ConnectionLimitException("too many inbound upgrades in flight");
        }
        ConnectionReservation reservation;
        try {
            reservation = resources.openConnection(Direction.INBOUND, circuit);
        } catch (ResourceLimitException e) {
            connections.endInbound();
            stream.reset();
            throw e;
        }
        Connection c = null;
        try {
            c = upgrader.upgrade(bandwidth.open(stream), Direction.INBOUND, null, circuit, reservation);
        } finally {
            connections.endInbound();
            if (c == null) {
                reservation.release();
            }
        }
        register(c);
        return c;
    }

    /**
     * Checks that {@code peer} answers at one of {@code addresses}, in order: each is dialled on a fresh connection
     * (never an existing one), secured (which proves the peer's identity) and multiplexed, then closed at once without
     * being admitted (no listener hears of it, no protocol runs on it). AutoNAT's dial-back. The connection is made
     * under a throwaway peer id of this host's, as go-libp2p's dial-backs are: the peer, which admits it, would
     * otherwise take it for one more connection to us and might open its next stream on it as it closes. Filtered
     * addresses are skipped, as for every dial.
     *
     * @param timeout the time for all the addresses together (each upgrade has its own limit too)
     * @return the address that answered
     * @throws AddressFilteredException every address lies inside one of the {@link #addrFilters()}
     * @throws IOException no address answered as {@code peer} in time
     */
    public Multiaddr dialProbe(PeerId peer, List<Multiaddr> addresses, Duration timeout) throws IOException {
        return dialProbe(peer, addresses, timeout, c -> {});
    }

    /**
     * {@link #dialProbe(PeerId, List, Duration)}, running {@code session} on the fresh connection before it is closed
     * (AutoNAT v2 opens its dial-back stream there). The session handles its own failures: they are not the dial's.
     */
    public Multiaddr dialProbe(PeerId peer, List<Multiaddr> addresses, Duration timeout,
            java.util.function.Consumer<Connection> session) throws IOException {
        checkOpen();
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no address to dial");
        }
        List<Multiaddr> allowed = addresses.stream().filter(a -> !addrFilters.blocks(a)).toList();
        if (allowed.isEmpty()) {
            throw new AddressFilteredException(addresses.getFirst());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = new SocketTimeoutException("no time left to dial " + peer);
        for (Multiaddr addr : allowed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            ConnectionReservation reservation = resources.openConnection(Direction.OUTBOUND, addr);
            Connection c = null;
            try {
                MeteredStream raw = bandwidth.open(transport.dial(addr, Duration.ofNanos(left), addrFilters::blocks));
                c = probeUpgrader().upgrade(raw, Direction.OUTBOUND, peer, addr, reservation);
                session.accept(c);
                return addr;
            } catch (IOException e) {
                last = e;
            } finally {
                if (c != null) {
                    c.closeUnregistered();
                } else {
                    reservation.release();
                }
            }
        }
        throw last;
    }

    /** The dial-backs' upgrader, made at the first (a host that never probes makes no second key). */
    private Upgrader probeUpgrader() {
        Upgrader u = probeUpgrader;
        if (u == null) {
            synchronized (this) {
                u = probeUpgrader;
                if (u == null) {
                    u = new Upgrader(this, security(Identity.generate(random), config, muxer, random, clock), muxer,
                            clock, random);
                    probeUpgrader = u;
                }
            }
        }
        return u;
    }

    /** The security protocols of {@link EnabledTransports#security()}, in its order, for {@code id}. */
    private static List<SecurityProtocol> security(Identity id, HostConfig config, StreamMuxer muxer,
            SecureRandom random, InstantSource clock) {
        return config.transports().security().order().stream().map(t -> (SecurityProtocol) switch (t) {
            // Noise's payload extensions carry the muxer, as TLS's ALPN does: no multistream round for it
            case NOISE -> new NoiseSecurity(id, config.noise().withStreamMuxers(List.of(muxer.protocolId())),
                    random);
            case TLS -> new TlsSecurity(id, List.of(muxer.protocolId()), config.upgradeTimeout(), random, clock);
        }).toList();
    }

    /**
     * Opens a stream to {@code peer} (connecting first if needed) and negotiates the first of {@code protocols} it
     * accepts.
     *
     * @throws dev.ferry.net.multistream.ProtocolNotSupportedException the peer serves none of them
     */
    public NegotiatedStream newStream(PeerId peer, String... protocols) throws IOException {
        if (protocols.length == 0) {
            throw new IllegalArgumentException("no protocol given");
        }
        return connect(peer).newStream(protocols);
    }

    /**
     * As {@link #newStream}, proposing one protocol lazily ({@link Connection#newStreamLazily}): the caller's first
     * message goes out right behind the proposal, a round trip earlier; the peer's answer is checked by the first
     * read. For a protocol the peer is known to serve (it announced it).
     */
    public NegotiatedStream newStreamLazily(PeerId peer, String protocol) throws IOException {
        return connect(peer).newStreamLazily(protocol);
    }

    /** The newest open connection to {@code peer}, a direct one before a limited (relayed) one. */
    private Optional<Connection> liveConnection(PeerId peer) {
        List<Connection> list = connections.connections(peer);
        Connection limited = null;
        for (int i = list.size() - 1; i >= 0; i--) {
            Connection c = list.get(i);
            if (c.isOpen()) {
                if (!c.limited()) {
                    return Optional.of(c);
                }
                limited = limited == null ? c : limited;
            }
        }
        return Optional.ofNullable(limited);
    }

    /** An accepted raw connection, on its own virtual thread: refuse, shed, or upgrade and admit. */
    private void accepted(DuplexStream raw) {
        Multiaddr from = parse(raw.remoteAddress());
        if (from != null && addrFilters.blocks(from)) {
            log.debug("inbound connection from filtered address {} refused", from);
            raw.reset(); // before any crypto: a filtered range gets nothing from this host
            return;
        }
        if (closed.get() || !connections.tryBeginInbound()) {
            raw.reset(); // too many handshakes in flight: shed load before spending any crypto
            return;
        }
        ConnectionReservation reservation;
        try {
            reservation = resources.openConnection(Direction.INBOUND, from);
        } catch (ResourceLimitException e) {
            connections.endInbound();
            log.debug("inbound connection from {} refused: {}", from, e.getMessage());
            raw.reset(); // before any crypto, as above
            return;
        }
        Connection c = null;
        try {
            c = upgrader.upgrade(bandwidth.open(raw), Direction.INBOUND, null, from, reservation);
        } catch (IOException | RuntimeException e) {
            log.debug("inbound upgrade from {} failed: {}", raw.remoteAddress(), e.toString());
            return;
        } finally {
            connections.endInbound();
            if (c == null) {
                reservation.release();
            }
        }
        try {
            register(c);
        } catch (IOException e) {
            log.debug("inbound connection refused: {}", e.getMessage());
        }
    }

    /** Admits a fresh connection, records the peer, tells listeners, starts its accept loop, and trims. */
    private void register(Connection c) throws IOException {
        try {
            c.reservation().setPeer(c.remotePeer());
            connections.admit(c);
        } catch (ConnectionLimitException e) {
            c.closeUnregistered();
            throw e;
        }
        c.wire().bindPeer(c.remotePeer());
        applyBandwidthPolicy(c);
        if (closed.get()) {
            c.close();
            throw new IOException("host closed");
        }
        peerStore.setPublicKey(c.remotePeer(), c.remotePublicKey());
        if (c.direction() == Direction.OUTBOUND) {
            c.remoteAddress().ifPresent(a -> peerStore.addAddresses(c.remotePeer(), List.of(a)));
        }
        Thread.ofVirtual().name("conn " + c.remotePeer()).start(c::acceptLoop);
        for (HostListener l : listeners) {
            l.connected(c);
        }
        for (Connection victim : connections.selectForTrim()) {
            log.debug("trimming {}", victim);
            victim.close();
        }
    }

    /** Called by {@link Connection#close()}. */
    void connectionClosed(Connection c) {
        connections.remove(c);
        c.wire().release();
        for (HostListener l : listeners) {
            l.disconnected(c);
        }
    }

    void touch(Connection c) {
        connections.touch(c.remotePeer());
    }

    /** Negotiates an inbound stream and runs its handler; on the stream's own virtual thread. */
    void serveInbound(Connection c, DuplexStream stream, StreamReservation reservation) {
        NegotiatedStream ns = null;
        try {
            String protocol;
            try (Timeout t = arm(config.negotiationTimeout(), stream::reset)) {
                protocol = Multistream.handle(stream, handlers::containsKey, handlers::keySet);
                if (t.expired()) {
                    throw new SocketTimeoutException("negotiation timed out");
                }
            }
            StreamHandler h = handlers.get(protocol);
            if (c.limited() && !limitedProtocols.contains(protocol)) {
                throw new LimitedConnectionException(protocol + " does not run over a limited connection");
            }
            reservation.setProtocol(protocol); // over the protocol's limit: reset below
            ns = new NegotiatedStream(stream, protocol, c, reservation);
            if (h == null) {
                ns.reset(); // removed while negotiating
                return;
            }
            touch(c);
            h.handle(ns);
            ns.close();
        } catch (Exception e) {
            log.debug("inbound stream from {} failed: {}", c.remotePeer(), e.toString());
            if (ns != null) {
                ns.reset();
            } else {
                stream.reset();
            }
        } finally {
            if (ns == null) {
                c.streamClosed();
                reservation.release();
            }
        }
    }

    /** Arms a timeout whose expiry runs {@code onExpiry} on a new virtual thread. Close to disarm. */
    Timeout arm(Duration after, Runnable onExpiry) {
        Timeout t = new Timeout();
        try {
            t.future = timer.schedule(() -> {
                t.expired.set(true);
                Thread.ofVirtual().name("host-timeout").start(onExpiry);
            }, after.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            t.expired.set(true); // host closed
            Thread.ofVirtual().start(onExpiry);
        }
        return t;
    }

    /** A disarmable timeout. */
    static final class Timeout implements AutoCloseable {
        private final AtomicBoolean expired = new AtomicBoolean();
        private volatile ScheduledFuture<?> future;

        boolean expired() {
            return expired.get();
        }

        @Override
        public void close() {
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    private static Multiaddr parse(String address) {
        try {
            return address == null ? null : Multiaddr.parse(address);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    private void checkOpen() throws IOException {
        if (closed.get()) {
            throw new IOException("host is closed");
        }
    }

    /** Stops listening, closes every connection, stops the timer. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (HostTransport.Listener l : bound) {
            l.close();
        }
        // each close may wait briefly for its GoAway to leave: close them side by side
        List<Thread> closers = new ArrayList<>();
        for (Connection c : connections.allConnections()) {
            closers.add(Thread.ofVirtual().name("close " + c.remotePeer()).start(c::close));
        }
        for (Thread t : closers) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        timer.shutdownNow();
    }

    @Override
    public String toString() {
        return "Host " + peerId() + " " + listenAddresses();
    }
}
