package dev.ferry.net.autonat.v2;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.PublicIp;
import dev.ferry.net.autonat.Reachability;
import dev.ferry.net.autonat.v2.wire.AutonatV2Codec;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialDataRequest;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialDataResponse;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialRequest;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialResponse;
import dev.ferry.net.autonat.v2.wire.AutonatV2WireException;
import dev.ferry.net.autonat.v2.wire.DialBack;
import dev.ferry.net.autonat.v2.wire.DialBackResponse;
import dev.ferry.net.autonat.v2.wire.DialResponseStatus;
import dev.ferry.net.autonat.v2.wire.DialStatus;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.StreamDeadline;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AutoNAT v2 client: asks servers among the connected peers (those that announce
 * {@value AutonatV2Server#DIAL_REQUEST}) to dial this host at one of its addresses, and keeps a verdict per address
 * ({@link AddressOutcomes}' rule). It serves {@value AutonatV2Server#DIAL_BACK}, where a dial-back must bring the
 * nonce of a request in progress: a server that claims a dial without it is not believed, whatever peer id it dialled
 * from (servers use throwaway ones). Asked for dial data, it sends it when the index names an address of its request
 * and the count is at most {@link AutonatV2Config#maxDialData()}, in messages of {@value AutonatV2Codec#MAX_DIAL_DATA}
 * bytes; else it resets the stream.
 *
 * <p>The addresses it follows are the host's announced ones and its observed candidates ({@link
 * Host#addressCandidates()}: seen by two observer groups, announced or not) of the form {@code /ip4|ip6/…/tcp/N[/ws]},
 * public ones only unless {@link AutonatV2Config#allowPrivate()}. After each result and each round it hands the
 * verdicts to the host ({@link Host#setAddressVerdicts}), which announces an observed address found reachable and
 * withdraws one found unreachable. With {@link #startProbing()} it probes by itself: after the
 * boot delay, then each round asks servers (each at most once per {@link AutonatV2Config#serverInterval()}) about the
 * addresses that want a probe, those first, up to ten a request; rounds come every retry interval while some address
 * wants one, every refresh interval otherwise, and at once when a server or a candidate appears. Thread-safe.
 */
public final class AutonatV2Client implements HostListener, AutoCloseable {
    /** Addresses per request: the one being checked first, then others that want a probe too. */
    static final int MAX_REQUEST_ADDRESSES = 10;
    /** Addresses with results kept at most (go-libp2p's bound); the eldest not followed any more go first. */
    static final int MAX_TRACKED = 50;
    private static final Logger log = LoggerFactory.getLogger(AutonatV2Client.class);

    private final Host host;
    private final AutonatV2Config config;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Multiaddr, AddressOutcomes> outcomes = new LinkedHashMap<>(); // guarded by lock
    /** The verdicts last handed to the host (guarded by lock); none at the start, as the host holds none. */
    private Set<Multiaddr> publishedReachable = Set.of();
    private Set<Multiaddr> publishedUnreachable = Set.of();
    private final Map<PeerId, Long> recentServers = new HashMap<>(); // nanoTime of the last request, guarded by lock
    private long probes; // guarded by lock
    private Instant lastProbe; // guarded by lock
    private final LinkedBlockingQueue<Object> wakeups = new LinkedBlockingQueue<>(256); // new servers, candidates
    private volatile boolean closed;
    private volatile Thread loop;

    private AutonatV2Client(Host host, AutonatV2Config config) {
        this.host = host;
        this.config = config;
    }

    /** A client on {@code host}, serving dial-backs; it probes only when asked until {@link #startProbing()}. */
    public static AutonatV2Client create(Host host, AutonatV2Config config) {
        AutonatV2Client c = new AutonatV2Client(host, config);
        try {
            AutonatV2Codec.decode(AutonatV2Codec.encode(DialResponse.of(DialResponseStatus.OK)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        host.setHandler(AutonatV2Server.DIAL_BACK, c::serveDialBack);
        host.addListener(c);
        return c;
    }

    /** Starts probing in the background on a virtual thread; once. */
    public AutonatV2Client startProbing() {
        lock.lock();
        try {
            if (loop == null && !closed) {
                loop = Thread.ofVirtual().name("autonat-v2-client").start(this::run);
            }
        } finally {
            lock.unlock();
        }
        return this;
    }

    /** Connected peers that serve AutoNAT v2 and may be asked now (not within the per-server interval). */
    public List<PeerId> servers() {
        Set<PeerId> connected = new LinkedHashSet<>();
        for (Connection c : host.connectionManager().allConnections()) {
            if (c.isOpen()) {
                connected.add(c.remotePeer());
            }
        }
        List<PeerId> out = new ArrayList<>();
        lock.lock();
        try {
            long now = System.nanoTime();
            recentServers.values().removeIf(t -> now - t >= config.serverInterval().toNanos());
            for (PeerId p : connected) {
                if (!recentServers.containsKey(p)
                        && host.peerStore().protocols(p).contains(AutonatV2Server.DIAL_REQUEST)) {
                    out.add(p);
                }
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** The verdict on each address followed: the host's current ones, then any other asked about. */
    public List<AddressVerdict> verdicts() {
        List<Multiaddr> own = followed();
        lock.lock();
        try {
            long now = System.nanoTime();
            List<AddressVerdict> out = new ArrayList<>();
            for (Multiaddr a : own) {
                out.add(outcomes.computeIfAbsent(a, AddressOutcomes::new).verdict(now));
            }
            for (Map.Entry<Multiaddr, AddressOutcomes> e : outcomes.entrySet()) {
                if (!own.contains(e.getKey())) {
                    out.add(e.getValue().verdict(now));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The verdict on {@code address} (UNKNOWN with no results when never asked about). */
    public AddressVerdict verdict(Multiaddr address) {
        lock.lock();
        try {
            AddressOutcomes o = outcomes.get(address);
            return o != null ? o.verdict(System.nanoTime())
                    : new AddressVerdict(address, Reachability.UNKNOWN, 0, 0, 0, Optional.empty());
        } finally {
            lock.unlock();
        }
    }

    /** Requests made so far (answered or not). */
    public long probes() {
        lock.lock();
        try {
            return probes;
        } finally {
            lock.unlock();
        }
    }

    public Optional<Instant> lastProbe() {
        lock.lock();
        try {
            return Optional.ofNullable(lastProbe);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The host's addresses this client checks: announced or observed candidates, dialable by a server, public unless
     * allowed otherwise.
     */
    List<Multiaddr> followed() {
        List<Multiaddr> out = new ArrayList<>();
        List<Multiaddr> mine = new ArrayList<>(host.announceAddresses());
        mine.addAll(host.addressCandidates());
        for (Multiaddr a : mine) {
            Optional<Multiaddr> shaped = DialTarget.shape(a.bytes(), host.peerId());
            if (shaped.isPresent() && !out.contains(shaped.get()) && (config.allowPrivate()
                    || PublicIp.of(shaped.get()).filter(PublicIp::isPublic).isPresent())) {
                out.add(shaped.get());
            }
        }
        return out;
    }

    /** The followed addresses that want a probe now, in the host's order. */
    public List<Multiaddr> wantingProbe() {
        List<Multiaddr> own = followed();
        lock.lock();
        try {
            long now = System.nanoTime();
            return own.stream().filter(a -> outcomes.computeIfAbsent(a, AddressOutcomes::new).wantsProbe(now))
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks {@code server} to dial one of {@code addresses} (the first it will, in this order), checks the answer and
     * records it in the verdicts.
     *
     * @throws IOException the server could not be asked, broke the protocol, or claimed a dial-back that did not bring
     *                     our nonce (nothing is recorded)
     */
    public AddressProbeResult probe(PeerId server, List<Multiaddr> addresses) throws IOException {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no address to ask about");
        }
        List<Multiaddr> addrs = List.copyOf(addresses.subList(0, Math.min(addresses.size(),
                DialTarget.MAX_INSPECTED)));
        lock.lock();
        try {
            recentServers.put(server, System.nanoTime());
            probes++;
            lastProbe = Instant.now();
        } finally {
            lock.unlock();
        }
        AddressProbeResult r = request(server, addrs);
        List<Multiaddr> own = followed();
        lock.lock();
        try {
            long now = System.nanoTime();
            switch (r.observation()) {
                case PUBLIC, PRIVATE -> outcomes.computeIfAbsent(r.address().orElseThrow(), AddressOutcomes::new)
                        .add(r.observation() == Reachability.PUBLIC, now, Instant.now());
                case UNKNOWN -> {
                    if (r.status() == DialResponseStatus.E_DIAL_REFUSED) {
                        outcomes.computeIfAbsent(addrs.getFirst(), AddressOutcomes::new).refused(now);
                    }
                }
            }
            java.util.Iterator<Multiaddr> eldest = outcomes.keySet().iterator();
            for (int over = outcomes.size() - MAX_TRACKED; over > 0 && eldest.hasNext();) {
                if (!own.contains(eldest.next())) {
                    eldest.remove();
                    over--;
                }
            }
        } finally {
            lock.unlock();
        }
        publishVerdicts();
        return r;
    }

    /**
     * Hands the current verdicts to the host (Public and Private ones; the rest are unknown), which announces or
     * withdraws observed addresses by them. Results age out, so this runs each round too.
     */
    public void publishVerdicts() {
        List<Multiaddr> reachable = new ArrayList<>();
        List<Multiaddr> unreachable = new ArrayList<>();
        lock.lock();
        try {
            long now = System.nanoTime();
            for (AddressOutcomes o : outcomes.values()) {
                AddressVerdict v = o.verdict(now);
                switch (v.reachability()) {
                    case PUBLIC -> reachable.add(v.address());
                    case PRIVATE -> unreachable.add(v.address());
                    case UNKNOWN -> { }
                }
            }
            // the loop publishes after every wake-up: hand over only what changed since the last time
            Set<Multiaddr> r = Set.copyOf(reachable);
            Set<Multiaddr> u = Set.copyOf(unreachable);
            if (r.equals(publishedReachable) && u.equals(publishedUnreachable)) {
                return;
            }
            publishedReachable = r;
            publishedUnreachable = u;
        } finally {
            lock.unlock();
        }
        if (!closed) {
            host.setAddressVerdicts(reachable, unreachable);
        }
    }

    private AddressProbeResult request(PeerId server, List<Multiaddr> addrs) throws IOException {
        long nonce = random.nextLong();
        CompletableFuture<Void> back = new CompletableFuture<>();
        pending.put(nonce, back);
        try (NegotiatedStream s = host.newStream(server, AutonatV2Server.DIAL_REQUEST);
                StreamDeadline d = StreamDeadline.start(config.streamTimeout(), s::reset)) {
            AutonatV2Codec.write(s.out(), new DialRequest(addrs.stream().map(Multiaddr::bytes).toList(), nonce));
            AutonatV2Message m = AutonatV2Codec.read(s.in());
            long sent = 0;
            if (m instanceof DialDataRequest ask) {
                if (ask.addrIdx() >= addrs.size() || ask.numBytes() > config.maxDialData()) {
                    s.reset();
                    throw new AutonatV2WireException("refusing dial data request of " + ask.numBytes()
                            + " bytes for address " + ask.addrIdx() + " from " + server, null);
                }
                sent = sendDialData(s, ask.numBytes());
                m = AutonatV2Codec.read(s.in());
            }
            if (!(m instanceof DialResponse resp)) {
                s.reset();
                throw new AutonatV2WireException("expected a DialResponse from " + server + ", got "
                        + (m == null ? "the end of the stream" : m), null);
            }
            if (resp.status() != DialResponseStatus.OK) {
                return new AddressProbeResult(server, resp.status(), Optional.empty(), DialStatus.UNUSED,
                        Reachability.UNKNOWN, sent);
            }
            if (resp.dialStatus() == DialStatus.UNUSED || resp.addrIdx() >= addrs.size()) {
                throw new AutonatV2WireException("invalid DialResponse from " + server + ": " + resp, null);
            }
            Multiaddr dialled = addrs.get(resp.addrIdx());
            Reachability seen = switch (resp.dialStatus()) {
                case OK -> {
                    if (!await(back)) {
                        throw new AutonatV2WireException(server + " claims it dialled " + dialled
                                + " but no dial-back brought our nonce", null);
                    }
                    yield Reachability.PUBLIC;
                }
                // connected but the stream failed: our nonce (if it came) still proves the address reachable
                case E_DIAL_BACK_ERROR -> back.isDone() ? Reachability.PUBLIC : Reachability.UNKNOWN;
                case E_DIAL_ERROR -> Reachability.PRIVATE;
                case UNUSED -> throw new IllegalStateException("checked above");
            };
            return new AddressProbeResult(server, resp.status(), Optional.of(dialled), resp.dialStatus(), seen,
                    sent);
        } finally {
            pending.remove(nonce);
        }
    }

    /** Waits the dial-back stream's time for our nonce, when the response came before it. */
    private boolean await(CompletableFuture<Void> back) {
        try {
            back.get(config.dialBackStreamTimeout().toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long sendDialData(NegotiatedStream s, long numBytes) throws IOException {
        byte[] chunk = new byte[AutonatV2Codec.MAX_DIAL_DATA];
        long left = numBytes;
        while (left > 0) {
            int n = (int) Math.min(chunk.length, left);
            AutonatV2Codec.write(s.out(), new DialDataResponse(n == chunk.length ? chunk : new byte[n]));
            left -= n;
        }
        return numBytes;
    }

    /** A server's dial-back: it must bring the nonce of a request in progress, once. */
    private void serveDialBack(NegotiatedStream s) throws IOException {
        DialBack back;
        try (StreamDeadline d = StreamDeadline.start(config.dialBackStreamTimeout(), s::reset)) {
            back = AutonatV2Codec.readDialBack(s.in());
            CompletableFuture<Void> waiting = back == null ? null : pending.get(back.nonce());
            if (waiting == null || !waiting.complete(null)) {
                log.debug("AutoNAT v2 dial-back from {} without a nonce of ours", s.remotePeer());
                s.reset();
                return;
            }
            AutonatV2Codec.write(s.out(), new DialBackResponse());
            s.close();
        } catch (IOException e) {
            log.debug("bad AutoNAT v2 dial-back from {}: {}", s.remotePeer(), e.getMessage());
            s.reset();
        }
    }

    /**
     * One round: while some address wants a probe and a server may be asked (each once a round at most), asks a
     * random one about them; answers how many requests were made.
     */
    public int checkOnce() {
        int made = 0;
        Set<PeerId> asked = new java.util.HashSet<>();
        while (!closed) {
            List<Multiaddr> wanting = wantingProbe();
            List<PeerId> candidates = new ArrayList<>(servers());
            candidates.removeAll(asked);
            if (wanting.isEmpty() || candidates.isEmpty()) {
                return made;
            }
            Collections.shuffle(candidates, random);
            List<Multiaddr> ask = wanting.subList(0, Math.min(MAX_REQUEST_ADDRESSES, wanting.size()));
            asked.add(candidates.getFirst());
            try {
                probe(candidates.getFirst(), ask);
            } catch (IOException | RuntimeException e) {
                log.debug("AutoNAT v2 request to {} failed: {}", candidates.getFirst(), e.toString());
            }
            made++;
        }
        return made;
    }

    private void run() {
        long next = System.nanoTime() + config.bootDelay().toNanos();
        try {
            while (!closed) {
                Object fresh = wakeups.poll(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (closed) {
                    return;
                }
                if (fresh == null || System.nanoTime() - next >= 0 || !wantingProbe().isEmpty()) {
                    checkOnce();
                }
                publishVerdicts();
                wakeups.clear();
                long wait = wantingProbe().isEmpty() ? config.refreshInterval().toNanos()
                        : config.retryInterval().toNanos();
                if (fresh == null || System.nanoTime() - next >= 0) {
                    next = System.nanoTime() + wait;
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override
    public void peerProtocolsChanged(PeerId peer) {
        if (!closed && host.peerStore().protocols(peer).contains(AutonatV2Server.DIAL_REQUEST)) {
            wakeups.offer(peer); // dropped when full: the timer finds it anyway
        }
    }

    /** A new candidate wants its probe now rather than at the next refresh. */
    @Override
    public void addressCandidatesChanged() {
        if (!closed) {
            wakeups.offer(Boolean.TRUE);
        }
    }

    @Override
    public void close() {
        closed = true;
        host.removeListener(this);
        host.removeHandler(AutonatV2Server.DIAL_BACK);
        Thread t = loop;
        if (t != null) {
            t.interrupt();
        }
    }
}
