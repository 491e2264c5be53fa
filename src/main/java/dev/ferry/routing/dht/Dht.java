package dev.ferry.routing.dht;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.StreamDeadline;
import dev.ferry.routing.dht.wire.DhtCodec;
import dev.ferry.routing.dht.wire.DhtMessage;
import dev.ferry.routing.dht.wire.DhtMessageType;
import dev.ferry.routing.dht.wire.DhtPeer;
import dev.ferry.routing.dht.wire.DhtRecord;
import dev.ferry.routing.dht.wire.DhtWireException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libp2p Kademlia DHT over a {@link Host}: a server that answers FIND_NODE, GET_PROVIDERS, ADD_PROVIDER, PING,
 * and GET_VALUE/PUT_VALUE for the namespaces it has a {@link RecordValidator} for (others get closer peers only, and a
 * reset), and a client that finds the peers closest to a key, the providers of content and the best value of a key
 * by iterative lookups, announces this node as a provider, and puts values on the peers closest to their keys.
 * Peers enter the routing table when identify says they serve the DHT protocol or when they answer a request; a
 * peer that fails a request leaves it. See {@code package-info.java} for the wire format and limits.
 */
public final class Dht implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dht.class);

    private final Host host;
    private final DhtConfig config;
    private final RoutingTable table;
    private final ProviderStore providers;
    private final ValueStore values;
    private final Map<String, RecordValidator> validators;
    private final HostListener listener;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final Predicate<Multiaddr> shareable;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private Dht(Host host, DhtConfig config, LongSupplier nanoClock, Predicate<Multiaddr> shareable,
                Map<String, RecordValidator> validators) {
        this.host = host;
        this.config = config;
        this.table = new RoutingTable(host.peerId(), config.k());
        this.providers = new ProviderStore(nanoClock);
        this.values = new ValueStore(nanoClock);
        this.validators = Map.copyOf(validators);
        this.shareable = shareable;
        this.listener = new HostListener() {
            @Override
            public void peerProtocolsChanged(PeerId peer) {
                if (host.peerStore().protocols(peer).contains(config.protocol())) {
                    table.add(peer);
                }
            }
        };
    }

    /**
     * Starts the DHT on {@code host}; {@code shareable} decides which addresses go into answers and are taken from
     * them (the public DHT has no use for loopback or private addresses; a LAN or test DHT does).
     */
    public static Dht start(Host host, DhtConfig config, Predicate<Multiaddr> shareable) {
        return start(host, config, shareable, Map.of());
    }

    /**
     * As {@link #start(Host, DhtConfig, Predicate)}, keeping and fetching value records of the namespaces in
     * {@code validators} (by name: {@code "ipns"} for {@code /ipns/…} keys).
     */
    public static Dht start(Host host, DhtConfig config, Predicate<Multiaddr> shareable,
                            Map<String, RecordValidator> validators) {
        Dht d = new Dht(host, config, System::nanoTime, shareable, validators);
        if (config.server()) {
            host.setHandler(config.protocol(), d::serve);
        }
        host.addListener(d.listener);
        for (Connection c : host.connectionManager().allConnections()) {
            d.listener.peerProtocolsChanged(c.remotePeer());
        }
        return d;
    }

    public RoutingTable table() {
        return table;
    }

    public DhtConfig config() {
        return config;
    }

    /** The value records this node keeps for others. */
    public ValueStore values() {
        return values;
    }

    /** Requests answered, requests sent, and sent requests that failed, since start. */
    public long[] counters() {
        return new long[] {served.get(), sent.get(), failed.get()};
    }

    // ---- server

    private void serve(NegotiatedStream s) throws IOException {
        PeerId from = s.remotePeer();
        // a stream kept open between requests is reset once idle (go-libp2p-kad-dht does so after a minute)
        try (StreamDeadline idle = StreamDeadline.start(host.config().streamIdleTimeout(), s::reset)) {
            DhtMessage m;
            while ((m = DhtCodec.read(s.in())) != null) {
                idle.touch();
                DhtMessage reply = answer(from, m);
                served.incrementAndGet();
                if (reply != null) {
                    DhtCodec.write(s.out(), reply);
                } else if (m.type() == DhtMessageType.PUT_VALUE) {
                    s.reset(); // records are not kept here: no answer rather than a false one
                    return;
                }
            }
        } catch (DhtWireException e) {
            log.debug("closing a DHT stream from {}: {}", from, e.getMessage());
            s.reset();
        }
    }

    /** The answer to one request, or null when none is due. Package-private for tests. */
    DhtMessage answer(PeerId from, DhtMessage m) {
        byte[] key = m.key();
        return switch (m.type()) {
            case PING -> DhtMessage.request(DhtMessageType.PING, new byte[0]);
            case FIND_NODE -> new DhtMessage(m.type(), key, null, closer(key, from), List.of());
            case GET_VALUE -> new DhtMessage(m.type(), key, storedRecord(key).orElse(null), closer(key, from),
                    List.of());
            case GET_PROVIDERS -> {
                List<DhtPeer> out = new ArrayList<>();
                for (PeerId p : providers.get(key)) {
                    out.add(peer(p));
                }
                yield new DhtMessage(m.type(), key, null, closer(key, from), out);
            }
            case ADD_PROVIDER -> {
                for (DhtPeer p : m.providerPeers()) {
                    Optional<PeerId> id = peerId(p.id());
                    if (id.isPresent() && id.get().equals(from)) { // only a peer's word about itself counts
                        providers.add(key, from);
                        learn(from, p);
                    }
                }
                yield null; // go-libp2p-kad-dht sends no answer either
            }
            case PUT_VALUE -> acceptPut(from, m) ? m : null; // go and js echo an accepted put
        };
    }

    /** The record kept for {@code key}, when its namespace is known and it is still valid (else dropped). */
    private Optional<DhtRecord> storedRecord(byte[] key) {
        Optional<ValueStore.Stored> s = values.get(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            validate(key, s.get().value());
            return Optional.of(new DhtRecord(key, s.get().value(), s.get().timeReceived()));
        } catch (InvalidRecordException e) {
            values.remove(key); // expired since it came
            return Optional.empty();
        }
    }

    /** Keeps a PUT_VALUE's record when it is valid and not worse than the one kept for its key. */
    private boolean acceptPut(PeerId from, DhtMessage m) {
        DhtRecord r = m.record();
        if (r == null || !java.util.Arrays.equals(r.key(), m.key())) {
            log.debug("a PUT_VALUE from {} without a record for its key", from);
            return false;
        }
        try {
            validate(m.key(), r.value());
        } catch (InvalidRecordException e) {
            log.debug("refused a record from {}: {}", from, e.getMessage());
            return false;
        }
        synchronized (values) {
            Optional<DhtRecord> kept = storedRecord(m.key());
            if (kept.isPresent() && !java.util.Arrays.equals(kept.get().value(), r.value())
                    && select(m.key(), List.of(kept.get().value(), r.value())) == 0) {
                log.debug("refused an older record from {}", from);
                return false;
            }
            values.put(m.key(), r.value(), java.time.Instant.now().toString());
        }
        return true;
    }

    /** The namespace of a record key: {@code ipns} for {@code /ipns/…}, empty when the key has none. */
    static Optional<String> namespace(byte[] key) {
        if (key.length < 3 || key[0] != '/') {
            return Optional.empty();
        }
        for (int i = 1; i < key.length && i < 64; i++) {
            if (key[i] == '/') {
                return i == 1 ? Optional.empty()
                        : Optional.of(new String(key, 1, i - 1, java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        return Optional.empty();
    }

    private RecordValidator validator(byte[] key) throws InvalidRecordException {
        Optional<String> ns = namespace(key);
        RecordValidator v = ns.map(validators::get).orElse(null);
        if (v == null) {
            throw new InvalidRecordException("no validator for the namespace of this key"
                    + ns.map(n -> " (" + n + ")").orElse(""));
        }
        return v;
    }

    private void validate(byte[] key, byte[] value) throws InvalidRecordException {
        validator(key).validate(key, value);
    }

    private int select(byte[] key, List<byte[]> candidates) {
        try {
            int i = validator(key).select(key, candidates);
            return i >= 0 && i < candidates.size() ? i : 0;
        } catch (InvalidRecordException e) {
            return 0;
        }
    }

    private List<DhtPeer> closer(byte[] key, PeerId requester) {
        List<DhtPeer> out = new ArrayList<>();
        for (PeerId p : table.nearest(KadId.of(key), config.k() + 1)) {
            if (!p.equals(requester) && out.size() < config.k()) {
                out.add(peer(p));
            }
        }
        return out;
    }

    private DhtPeer peer(PeerId p) {
        List<byte[]> addrs = new ArrayList<>();
        List<Multiaddr> known = p.equals(host.peerId()) ? host.announceAddresses() : host.peerStore().addresses(p);
        for (Multiaddr a : known) {
            if (shareable.test(a) && addrs.size() < DhtCodec.MAX_ADDRS) {
                addrs.add(a.bytes());
            }
        }
        int connection = host.isConnected(p) ? 1 : addrs.isEmpty() ? 0 : 2;
        return new DhtPeer(p.bytes(), addrs, connection);
    }

    private static Optional<PeerId> peerId(byte[] bytes) {
        try {
            return Optional.of(PeerId.fromBytes(bytes));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Takes a peer's addresses from an answer into the peer store (the shareable ones). */
    private List<Multiaddr> learn(PeerId id, DhtPeer p) {
        List<Multiaddr> addrs = new ArrayList<>();
        for (byte[] b : p.addrs()) {
            try {
                Multiaddr a = Multiaddr.decode(b);
                if (shareable.test(a)) {
                    addrs.add(a.withoutPeerId());
                }
            } catch (IllegalArgumentException e) {
                // skip what does not parse
            }
        }
        if (!addrs.isEmpty() && !id.equals(host.peerId())) {
            host.peerStore().addAddresses(id, addrs);
        }
        return addrs;
    }

    // ---- client

    /** Sends one request to {@code peer} and reads its answer (none for ADD_PROVIDER). */
    private Optional<DhtMessage> request(PeerId peer, DhtMessage m) {
        return request(peer, m, () -> false);
    }

    /**
     * As {@link #request(PeerId, DhtMessage)}; when {@code abandoned} says the asker no longer waits (a lookup that
     * ended and cancelled it), a failure is not held against the peer.
     */
    private Optional<DhtMessage> request(PeerId peer, DhtMessage m, java.util.function.BooleanSupplier abandoned) {
        sent.incrementAndGet();
        NegotiatedStream s = null;
        try {
            s = host.newStream(peer, config.protocol());
            NegotiatedStream stream = s;
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(config.requestTimeout());
                    stream.reset(); // a silent peer does not hold the lookup
                } catch (InterruptedException | RuntimeException e) {
                    // answered in time
                }
            });
            try {
                DhtCodec.write(s.out(), m);
                if (m.type() == DhtMessageType.ADD_PROVIDER) {
                    s.closeWrite();
                    return Optional.of(m); // sent: no answer comes
                }
                DhtMessage reply = DhtCodec.read(s.in());
                if (reply == null) {
                    throw new IOException("no answer");
                }
                // it answered on the DHT protocol: a server; useful when the answer brought something
                table.answered(peer, !reply.closerPeers().isEmpty() || !reply.providerPeers().isEmpty()
                        || reply.record() != null);
                return Optional.of(reply);
            } finally {
                watchdog.interrupt();
            }
        } catch (IOException | DhtWireException | RuntimeException e) {
            if (s != null) {
                s.reset();
            }
            if (abandoned.getAsBoolean()) {
                return Optional.empty(); // cancelled by us, not failed by the peer
            }
            failed.incrementAndGet();
            if (m.type() != DhtMessageType.PUT_VALUE) { // a refused put is an answer (a reset), not a dead peer
                table.remove(peer);
            }
            log.debug("DHT request to {} failed: {}", peer, e.toString());
            return Optional.empty();
        } finally {
            if (s != null) {
                try {
                    s.close();
                } catch (RuntimeException | IOException e) {
                    // already reset
                }
            }
        }
    }

    /** What one lookup found: the closest peers, and the providers or valid values (by the peer that sent it). */
    private record Lookup(List<PeerId> closest, Map<PeerId, Provider> providers, Map<PeerId, byte[]> values) {}

    /**
     * Kademlia's iterative lookup: asks the {@code alpha} nearest unasked peers at a time, takes the closer peers
     * they name, and ends when the {@code k} nearest peers still standing have all answered, when {@code want}
     * providers (GET_PROVIDERS) or valid values (GET_VALUE) are known, or at the deadline.
     */
    private Lookup lookup(DhtMessageType type, byte[] key, int want, Duration timeout) {
        return lookup(type, key, want, timeout, e -> { });
    }

    /** As {@link #lookup(DhtMessageType, byte[], int, Duration)}, telling {@code events} (on this thread). */
    private Lookup lookup(DhtMessageType type, byte[] key, int want, Duration timeout,
                          java.util.function.Consumer<QueryEvent> events) {
        KadId target = KadId.of(key);
        Comparator<KadId> order = KadId.byDistanceTo(target);
        TreeMap<KadId, PeerId> known = new TreeMap<>(order);
        Set<PeerId> asked = new HashSet<>();
        Set<PeerId> answered = new HashSet<>();
        Map<PeerId, Provider> found = new LinkedHashMap<>();
        Map<PeerId, byte[]> valuesFound = new LinkedHashMap<>();
        for (PeerId p : table.nearest(target, config.k())) {
            known.put(KadId.of(p.bytes()), p);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletionService<Map.Entry<PeerId, Optional<DhtMessage>>> done = new ExecutorCompletionService<>(requests);
        List<Future<?>> running = new ArrayList<>();
        int inFlight = 0;
        DhtMessage request = DhtMessage.request(type, key);
        java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            while (true) {
                if (found.size() >= want || valuesFound.size() >= want) {
                    break;
                }
                // the k nearest not known to have failed (failed ones leave known)
                List<PeerId> nearest = new ArrayList<>();
                for (PeerId p : known.values()) {
                    if (nearest.size() >= config.k()) {
                        break;
                    }
                    nearest.add(p);
                }
                for (PeerId p : nearest) {
                    if (inFlight >= config.alpha()) {
                        break;
                    }
                    if (asked.add(p)) {
                        events.accept(new QueryEvent.Querying(p));
                        inFlight++;
                        running.add(done.submit(() -> Map.entry(p, request(p, request, over::get))));
                    }
                }
                if (inFlight == 0) {
                    break; // the k nearest have all answered (or nobody is left to ask)
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Future<Map.Entry<PeerId, Optional<DhtMessage>>> f = done.poll(left, TimeUnit.NANOSECONDS);
                if (f == null) {
                    break;
                }
                inFlight--;
                Map.Entry<PeerId, Optional<DhtMessage>> r = f.get();
                if (r.getValue().isEmpty()) {
                    known.values().remove(r.getKey());
                    continue;
                }
                answered.add(r.getKey());
                DhtMessage reply = r.getValue().get();
                List<QueryEvent.Named> named = new ArrayList<>();
                for (DhtPeer c : reply.closerPeers()) {
                    Optional<PeerId> id = peerId(c.id());
                    if (id.isPresent() && !id.get().equals(host.peerId())) {
                        named.add(new QueryEvent.Named(id.get(), learn(id.get(), c)));
                        known.putIfAbsent(KadId.of(id.get().bytes()), id.get());
                    }
                }
                events.accept(new QueryEvent.Answered(r.getKey(), named));
                if (type == DhtMessageType.GET_VALUE && reply.record() != null) {
                    try {
                        if (!java.util.Arrays.equals(reply.record().key(), key)) {
                            throw new InvalidRecordException("a record for another key");
                        }
                        validate(key, reply.record().value());
                        valuesFound.put(r.getKey(), reply.record().value());
                    } catch (InvalidRecordException e) {
                        log.debug("an invalid record from {}: {}", r.getKey(), e.getMessage());
                    }
                }
                if (type == DhtMessageType.GET_PROVIDERS) {
                    for (DhtPeer c : reply.providerPeers()) {
                        Optional<PeerId> id = peerId(c.id());
                        if (id.isPresent() && !found.containsKey(id.get())) {
                            found.put(id.get(), new Provider(id.get(), learn(id.get(), c)));
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.debug("a DHT lookup step failed", e.getCause());
        } finally {
            over.set(true);
            running.forEach(f -> f.cancel(true));
        }
        List<PeerId> closest = new ArrayList<>();
        for (PeerId p : known.values()) {
            if (answered.contains(p) && closest.size() < config.k()) {
                closest.add(p);
            }
        }
        return new Lookup(closest, found, valuesFound);
    }

    /** The (up to k) peers nearest to {@code key} that answered, nearest first. */
    public List<PeerId> closestPeers(byte[] key, Duration timeout) {
        return closestPeers(key, timeout, e -> { });
    }

    /**
     * As {@link #closestPeers(byte[], Duration)}, telling {@code events} each peer asked and each answer as the lookup
     * goes (on the calling thread; an exception {@code events} throws ends the lookup and comes out of this call).
     */
    public List<PeerId> closestPeers(byte[] key, Duration timeout, java.util.function.Consumer<QueryEvent> events) {
        return lookup(DhtMessageType.FIND_NODE, key, Integer.MAX_VALUE, timeout, events).closest();
    }

    /**
     * Providers of the content whose multihash is {@code key}: this node's own records first, then the network's,
     * until {@code count} are known or the lookup ends.
     */
    public List<Provider> findProviders(byte[] key, int count, Duration timeout) {
        Map<PeerId, Provider> out = new LinkedHashMap<>();
        for (PeerId p : providers.get(key)) {
            out.put(p, new Provider(p, host.peerStore().addresses(p)));
        }
        if (out.size() < count) {
            lookup(DhtMessageType.GET_PROVIDERS, key, count - out.size(), timeout).providers()
                    .forEach(out::putIfAbsent);
        }
        return new ArrayList<>(out.values()).subList(0, Math.min(count, out.size()));
    }

    /**
     * Announces this node as a provider of {@code key} (a multihash) to the k peers nearest to it, and records it
     * here too. Returns how many peers were told.
     */
    public int provide(byte[] key, Duration timeout) {
        providers.add(key, host.peerId());
        List<PeerId> closest = closestPeers(key, timeout);
        DhtMessage m = new DhtMessage(DhtMessageType.ADD_PROVIDER, key, null, List.of(),
                List.of(peer(host.peerId())));
        List<Future<Optional<DhtMessage>>> calls = new ArrayList<>();
        for (PeerId p : closest) {
            calls.add(requests.submit(() -> request(p, m)));
        }
        int told = 0;
        for (Future<Optional<DhtMessage>> f : calls) {
            try {
                if (f.get(config.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS).isPresent()) {
                    told++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                f.cancel(true);
            }
        }
        return told;
    }

    /**
     * Puts a value record on the k peers nearest to {@code key}, and keeps it here too (for this node's own lookups,
     * and as a server). Returns how many peers took it.
     *
     * @throws InvalidRecordException if the record is not valid for its key (nothing is sent)
     */
    public int putValue(byte[] key, byte[] value, Duration timeout) throws InvalidRecordException {
        return putValueTo(key, value, timeout).size();
    }

    /** As {@link #putValue}, naming the peers that took the record. */
    public List<PeerId> putValueTo(byte[] key, byte[] value, Duration timeout) throws InvalidRecordException {
        validate(key, value);
        values.put(key, value, java.time.Instant.now().toString());
        List<PeerId> closest = closestPeers(key, timeout);
        DhtMessage m = new DhtMessage(DhtMessageType.PUT_VALUE, key,
                new DhtRecord(key, value, ""), List.of(), List.of());
        List<Future<Optional<DhtMessage>>> calls = new ArrayList<>();
        for (PeerId p : closest) {
            calls.add(requests.submit(() -> request(p, m)));
        }
        List<PeerId> took = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            Future<Optional<DhtMessage>> f = calls.get(i);
            try {
                Optional<DhtMessage> reply = f.get(config.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
                if (reply.isPresent() && reply.get().record() != null
                        && java.util.Arrays.equals(reply.get().record().value(), value)) {
                    took.add(closest.get(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                f.cancel(true);
            }
        }
        return took;
    }

    /**
     * The best valid value of {@code key}: this node's own record and those of the peers a lookup reaches, until
     * {@code quorum} valid values are known or the lookup ends. Peers that sent an older value are sent the best one
     * (in the background), as go-libp2p-kad-dht and js-libp2p do.
     *
     * @throws InvalidRecordException if the key's namespace has no validator here
     */
    public Optional<byte[]> getValue(byte[] key, int quorum, Duration timeout) throws InvalidRecordException {
        validator(key);
        Map<PeerId, byte[]> found = new LinkedHashMap<>();
        storedRecord(key).ifPresent(r -> found.put(host.peerId(), r.value()));
        if (found.size() < quorum) {
            found.putAll(lookup(DhtMessageType.GET_VALUE, key, quorum - found.size(), timeout).values());
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<Map.Entry<PeerId, byte[]>> all = new ArrayList<>(found.entrySet());
        List<byte[]> candidates = new ArrayList<>();
        all.forEach(e -> candidates.add(e.getValue()));
        byte[] best = candidates.get(select(key, candidates));
        DhtMessage correction = new DhtMessage(DhtMessageType.PUT_VALUE, key, new DhtRecord(key, best, ""),
                List.of(), List.of());
        for (Map.Entry<PeerId, byte[]> e : all) {
            if (java.util.Arrays.equals(e.getValue(), best)) {
                continue;
            }
            if (e.getKey().equals(host.peerId())) {
                values.put(key, best, java.time.Instant.now().toString());
            } else {
                requests.submit(() -> request(e.getKey(), correction));
            }
        }
        return Optional.of(best);
    }

    /**
     * The addresses of {@code peer}: those known when connected, else what a lookup of its ID hears from the peers
     * nearest to it (empty when nobody knows it).
     */
    public List<Multiaddr> findPeer(PeerId peer, Duration timeout) {
        if (!host.isConnected(peer)) {
            closestPeers(peer.bytes(), timeout); // the answers' addresses go into the peer store
        }
        // what the DHT brought was filtered on its way in; what identify told of a connected peer is its own word
        return host.peerStore().addresses(peer);
    }

    /** Fills the routing table: a lookup of this node's own ID through the peers it knows. */
    public int bootstrap(Duration timeout) {
        closestPeers(host.peerId().bytes(), timeout);
        return table.size();
    }

    @Override
    public void close() {
        host.removeListener(listener);
        if (config.server()) {
            host.removeHandler(config.protocol());
        }
        requests.shutdownNow();
    }
}
