package dev.ferry.net.autonat;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.wire.AutonatCodec;
import dev.ferry.net.autonat.wire.AutonatMessage;
import dev.ferry.net.autonat.wire.AutonatMessage.Dial;
import dev.ferry.net.autonat.wire.AutonatMessage.DialResponse;
import dev.ferry.net.autonat.wire.AutonatMessage.PeerInfo;
import dev.ferry.net.autonat.wire.AutonatWireException;
import dev.ferry.net.autonat.wire.ResponseStatus;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Direction;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.StreamDeadline;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AutoNAT v1 client: asks connected peers that serve {@code /libp2p/autonat/1.0.0} (identify told us) to dial this
 * host back at its announced addresses, and derives its {@link Reachability} from their answers as go-libp2p does. A
 * successful dial-back makes it PUBLIC at once; a failed one lowers the confidence in any other verdict first and
 * makes it PRIVATE only at zero; any other answer (but a refusal, which says nothing) lowers the confidence, and at
 * zero the verdict falls back to UNKNOWN. Confidence grows with each agreeing answer up to {@link #MAX_CONFIDENCE}.
 *
 * <p>With {@link #startProbing()} it probes by itself: after the boot delay, then every retry interval while unsure
 * and every refresh interval once confident, each time through a random server not asked within the per-server
 * interval; a peer newly found to serve AutoNAT is asked at once while the verdict is UNKNOWN. Thread-safe.
 */
public final class AutonatClient implements HostListener, AutoCloseable {
    public static final int MAX_CONFIDENCE = 3;
    /** Addresses sent per request, to stay well inside the 4 KiB message cap. */
    static final int MAX_SENT_ADDRESSES = 32;
    private static final Logger log = LoggerFactory.getLogger(AutonatClient.class);

    private final Host host;
    private final AutonatConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private Reachability reachability = Reachability.UNKNOWN; // guarded by lock
    private int confidence; // guarded by lock
    private Multiaddr publicAddress; // guarded by lock
    private Instant lastProbeAt; // guarded by lock
    private long probes; // guarded by lock
    private final Map<PeerId, Long> recentProbes = new HashMap<>(); // nanoTime of the last probe, guarded by lock
    private final CopyOnWriteArrayList<Consumer<Reachability>> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<PeerId> newServers = new LinkedBlockingQueue<>(256);
    private volatile long lastInbound; // nanoTime of the last inbound connection from a public IP, 0: none
    private volatile long lastProbe; // nanoTime, 0: none
    private volatile long lastProbeTry; // nanoTime, 0: none
    private volatile boolean closed;
    private volatile Thread loop;

    private AutonatClient(Host host, AutonatConfig config) {
        this.host = host;
        this.config = config;
    }

    /** A client on {@code host}; it probes only when asked until {@link #startProbing()}. */
    public static AutonatClient create(Host host, AutonatConfig config) {
        AutonatClient c = new AutonatClient(host, config);
        host.addListener(c);
        return c;
    }

    /** Starts probing in the background on a virtual thread; once. */
    public AutonatClient startProbing() {
        lock.lock();
        try {
            if (loop == null && !closed) {
                loop = Thread.ofVirtual().name("autonat-client").start(this::run);
            }
        } finally {
            lock.unlock();
        }
        return this;
    }

    /** Calls {@code l} with the new verdict each time it changes, on the thread that changed it. */
    public void onReachabilityChanged(Consumer<Reachability> l) {
        listeners.add(l);
    }

    public ReachabilityStatus status() {
        lock.lock();
        try {
            return new ReachabilityStatus(reachability, confidence, Optional.ofNullable(publicAddress),
                    Optional.ofNullable(lastProbeAt), probes);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Connected peers that serve AutoNAT and may be asked now: not asked within the per-server interval, and (unless
     * private addresses are allowed) with a public address that is not one of ours.
     */
    public List<PeerId> servers() {
        Set<InetAddress> ours = ownPublicIps();
        List<PeerId> out = new ArrayList<>();
        for (PeerId p : connectedPeers()) {
            if (host.peerStore().protocols(p).contains(AutonatServer.PROTOCOL_ID) && !recentlyProbed(p)
                    && !skipPeer(p, ours)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Asks up to {@code max} of the {@link #servers()}, one after another; answers those that answered. */
    public List<ProbeResult> check(int max) {
        List<PeerId> candidates = new ArrayList<>(servers());
        Collections.shuffle(candidates);
        List<ProbeResult> out = new ArrayList<>();
        for (PeerId p : candidates.subList(0, Math.min(max, candidates.size()))) {
            try {
                out.add(probe(p));
            } catch (IOException e) {
                log.debug("AutoNAT probe through {} failed: {}", p, e.toString());
            }
        }
        return out;
    }

    /**
     * Asks {@code server} to dial this host back at its announced addresses and records the answer.
     *
     * @throws IOException the server could not be asked, or answered with something else than a DIAL_RESPONSE (this
     *                     counts as an UNKNOWN answer)
     */
    public ProbeResult probe(PeerId server) throws IOException {
        long now = System.nanoTime();
        lastProbeTry = now;
        lastProbe = now;
        lock.lock();
        try {
            recentProbes.put(server, now);
            lastProbeAt = Instant.now();
            probes++;
        } finally {
            lock.unlock();
        }
        ProbeResult r;
        try {
            r = request(server);
        } catch (IOException e) {
            record(Reachability.UNKNOWN, null);
            throw e;
        }
        if (r.status() != ResponseStatus.E_DIAL_REFUSED) {
            record(r.observation(), r.address().orElse(null));
        }
        return r;
    }

    private ProbeResult request(PeerId server) throws IOException {
        List<byte[]> addrs = new ArrayList<>();
        for (Multiaddr a : host.announceAddresses()) {
            if (addrs.size() < MAX_SENT_ADDRESSES) {
                addrs.add(a.bytes());
            }
        }
        try (NegotiatedStream s = host.newStream(server, AutonatServer.PROTOCOL_ID);
                StreamDeadline d = StreamDeadline.start(config.requestTimeout(), s::reset)) {
            AutonatCodec.write(s.out(), new Dial(new PeerInfo(host.peerId().bytes(), addrs)));
            AutonatMessage m = AutonatCodec.read(s.in());
            if (!(m instanceof DialResponse resp)) {
                s.reset();
                throw new AutonatWireException("expected a DIAL_RESPONSE from " + server + ", got "
                        + (m == null ? "the end of the stream" : "a DIAL"), null);
            }
            Optional<Multiaddr> reached = Optional.empty();
            if (resp.addr() != null) {
                try {
                    reached = Optional.of(Multiaddr.decode(resp.addr()));
                } catch (IllegalArgumentException e) {
                    // the answer stands without the address
                }
            }
            return new ProbeResult(server, resp.status(), resp.statusText(), reached);
        }
    }

    /** Folds one answer into the verdict and its confidence (go-libp2p's rules); tells listeners of a change. */
    void record(Reachability observation, Multiaddr reached) {
        Reachability changedTo = null;
        lock.lock();
        try {
            Reachability current = reachability;
            switch (observation) {
                case PUBLIC -> {
                    if (current != Reachability.PUBLIC) {
                        confidence = 0; // flipping: aggressively, whatever the confidence was
                        reachability = Reachability.PUBLIC;
                        changedTo = Reachability.PUBLIC;
                    } else if (confidence < MAX_CONFIDENCE) {
                        confidence++;
                    }
                    if (reached != null) {
                        publicAddress = reached;
                    }
                }
                case PRIVATE -> {
                    if (current != Reachability.PRIVATE) {
                        if (confidence > 0) {
                            confidence--;
                        } else {
                            reachability = Reachability.PRIVATE;
                            publicAddress = null;
                            changedTo = Reachability.PRIVATE;
                        }
                    } else if (confidence < MAX_CONFIDENCE) {
                        confidence++;
                    }
                }
                case UNKNOWN -> {
                    if (confidence > 0) {
                        confidence--;
                    } else if (current != Reachability.UNKNOWN) {
                        reachability = Reachability.UNKNOWN;
                        changedTo = Reachability.UNKNOWN;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        if (changedTo != null) {
            log.info("reachability is now {}", changedTo.label());
            for (Consumer<Reachability> l : listeners) {
                try {
                    l.accept(changedTo);
                } catch (RuntimeException e) {
                    log.warn("a reachability listener failed", e);
                }
            }
        }
    }

    private void run() {
        long next = System.nanoTime() + config.bootDelay().toNanos();
        try {
            while (!closed) {
                PeerId fresh = newServers.poll(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (closed) {
                    return;
                }
                boolean refused = false;
                if (fresh != null) {
                    if (status().reachability() == Reachability.UNKNOWN && servers().contains(fresh)) {
                        refused = probeQuietly(fresh);
                    }
                } else {
                    lastProbeTry = System.nanoTime();
                    List<PeerId> candidates = servers();
                    if (!candidates.isEmpty()) {
                        refused = probeQuietly(candidates.get(
                                java.util.concurrent.ThreadLocalRandom.current().nextInt(candidates.size())));
                    }
                }
                next = System.nanoTime() + untilNextProbe(refused);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Probes, logging failures; answers whether the server refused (a retry comes sooner then). */
    private boolean probeQuietly(PeerId server) {
        try {
            return probe(server).status() == ResponseStatus.E_DIAL_REFUSED;
        } catch (IOException | RuntimeException e) {
            log.debug("AutoNAT probe through {} failed: {}", server, e.toString());
            return false;
        }
    }

    /**
     * Nanoseconds until the next probe: the refresh interval once confident, the retry interval while unsure or
     * refused; twice as long while public and dialled from outside since, a fifth while not public and dialled from
     * outside since (go-libp2p's schedule); never sooner than a second after the last try.
     */
    long untilNextProbe(boolean refused) {
        long now = System.nanoTime();
        long next = now;
        if (lastProbeTry != 0) {
            next = Math.max(next, lastProbeTry + TimeUnit.SECONDS.toNanos(1));
        }
        if (lastProbe != 0) {
            ReachabilityStatus s = status();
            long wait = config.refreshInterval().toNanos();
            boolean inboundSince = lastInbound != 0 && lastInbound - lastProbe > 0;
            if (refused || s.reachability() == Reachability.UNKNOWN || s.confidence() < MAX_CONFIDENCE) {
                wait = config.retryInterval().toNanos();
            } else if (s.reachability() == Reachability.PUBLIC && inboundSince) {
                wait *= 2;
            } else if (s.reachability() != Reachability.PUBLIC && inboundSince) {
                wait /= 5;
            }
            next = Math.max(next, lastProbe + wait);
        }
        return next - now;
    }

    private boolean recentlyProbed(PeerId p) {
        lock.lock();
        try {
            long now = System.nanoTime();
            recentProbes.values().removeIf(t -> now - t >= config.peerProbeInterval().toNanos());
            return recentProbes.containsKey(p);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A peer not worth asking: one with a public IP of ours (it would dial itself), or (unless private addresses are
     * allowed) one without any public address (it cannot dial us from outside).
     */
    private boolean skipPeer(PeerId p, Set<InetAddress> ours) {
        boolean goodPublic = false;
        for (Multiaddr a : peerAddresses(p)) {
            Optional<InetAddress> ip = PublicIp.of(a);
            if (ip.isPresent() && PublicIp.isPublic(ip.get())) {
                if (ours.contains(ip.get())) {
                    return true;
                }
                goodPublic = true;
            }
        }
        return !config.allowPrivate() && !goodPublic;
    }

    private List<Multiaddr> peerAddresses(PeerId p) {
        LinkedHashSet<Multiaddr> out = new LinkedHashSet<>(host.peerStore().addresses(p));
        for (Connection c : host.connections(p)) {
            c.remoteAddress().ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    private Set<InetAddress> ownPublicIps() {
        Set<InetAddress> out = new HashSet<>();
        for (Multiaddr a : host.announceAddresses()) {
            PublicIp.of(a).filter(PublicIp::isPublic).ifPresent(out::add);
        }
        return out;
    }

    private Set<PeerId> connectedPeers() {
        Set<PeerId> out = new LinkedHashSet<>();
        for (Connection c : host.connectionManager().allConnections()) {
            if (c.isOpen()) {
                out.add(c.remotePeer());
            }
        }
        return out;
    }

    @Override
    public void peerProtocolsChanged(PeerId peer) {
        if (!closed && host.peerStore().protocols(peer).contains(AutonatServer.PROTOCOL_ID)) {
            newServers.offer(peer); // dropped when full: the timer finds it anyway
        }
    }

    @Override
    public void connected(Connection c) {
        if (c.direction() == Direction.INBOUND) {
            Optional<InetAddress> ip = c.remoteAddress().flatMap(PublicIp::of);
            if (ip.isPresent() && PublicIp.isPublic(ip.get()) && !ownPublicIps().contains(ip.get())) {
                lastInbound = System.nanoTime();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        host.removeListener(this);
        Thread t = loop;
        if (t != null) {
            t.interrupt();
        }
    }
}
