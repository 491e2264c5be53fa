package dev.ferry.pubsub;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Direction;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.pubsub.wire.PubsubCodec;
import dev.ferry.pubsub.wire.MessageId;
import dev.ferry.pubsub.wire.PubsubWireException;
import dev.ferry.pubsub.wire.Rpc;
import dev.ferry.pubsub.wire.WireMessage;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish/subscribe over a {@link Host}: gossipsub v1.2 ({@code /meshsub/1.2.0}, and 1.1.0, 1.0.0) with
 * floodsub ({@code /floodsub/1.0.0}) for peers that speak only that, or floodsub alone
 * ({@link PubsubRouter#FLOODSUB}).
 *
 * <h2>How it works</h2>
 * Each connected peer that speaks pubsub gets one long-lived outbound stream from us ({@link PeerOutbox}) and opens
 * one to us; both start with the sender's subscriptions. Messages are checked against the {@link SignaturePolicy}
 * before anything else happens to them, delivered once to local subscriptions, remembered ({@link SeenCache}) so
 * that duplicates stop here, and forwarded: to the topic's mesh (about D gossipsub peers, kept between D_low and
 * D_high by the heartbeat with GRAFT and PRUNE), to every floodsub peer of the topic, and, for our own messages, to
 * every subscribed peer (flood publishing). Each heartbeat also announces recent message IDs (IHAVE) to a few peers
 * outside the mesh, which ask for what they missed (IWANT), so a message lost on one path still arrives. With v1.2
 * peers, large messages are announced to the mesh with IDONTWANT, and what a peer does not want is not sent to it.
 *
 * <h2>Threading</h2>
 * All public methods are thread-safe. Router state is guarded by one lock, never held across I/O: each inbound
 * stream is read on its own virtual thread, each outbound stream written by its own, signatures are verified
 * outside the lock, and one virtual thread runs the heartbeat.
 *
 * <h2>Threats</h2>
 * RPC frames are capped before allocation and decoded under counts ({@link PubsubCodec}); a malformed RPC ends that
 * stream. Unsigned, badly signed or misattributed messages are dropped and never forwarded. What a peer can make us
 * keep is bounded: its topics ({@link PubsubConfig#maxTopicsPerPeer()}), the IHAVEs we follow per heartbeat, IWANT
 * retransmissions per message, the seen cache and the message cache. GRAFTs during a PRUNE backoff are refused (and
 * penalized), GRAFTs for topics we do not subscribe to ignored. A slow
 * peer's queue drops RPCs rather than stalling the router. A peer that sends {@link #MAX_INVALID} invalid messages
 * (malformed RPCs weigh more) is ignored for ten minutes. With peer scoring ({@link PeerScore}, on by default) every
 * peer has a score made of its time in our meshes, the messages it delivered first, the invalid ones it sent, the
 * application's own score ({@link #setAppScore}: the node gives a peer's trust level), how many peers share its IP
 * address and its broken IWANT promises ({@link GossipPromises}) and GRAFTs during a backoff: peers below 0 leave the
 * meshes and are not grafted, below the gossip threshold they get no gossip and theirs is ignored, below the publish
 * threshold our own messages skip them, below the graylist threshold all their RPCs are ignored. A mesh pruned down to
 * D keeps its best-scoring peers and at least D_out peers we dialled, so that peers connecting to us cannot take
 * it over; a mesh whose median score is low grafts better peers. Peer exchange ({@link PeerExchange}): a PRUNE for
 * a full mesh, or when we leave a topic, names up to 16 other peers of the topic with their signed peer records;
 * the peers a PRUNE names are dialled only when its sender scores at least the accept threshold, and only by their
 * own signed records. Messages a topic validator refuses do not count
 * against the peer that relayed them (it may not run that validator): they are the spec's "ignored", not
 * "rejected"; a failed signature, which every peer checks, is what counts as invalid.
 */
public final class Pubsub implements AutoCloseable {
    public static final String FLOODSUB_ID = "/floodsub/1.0.0";
    public static final String MESHSUB_10_ID = "/meshsub/1.0.0";
    public static final String MESHSUB_11_ID = "/meshsub/1.1.0";
    public static final String MESHSUB_12_ID = "/meshsub/1.2.0";
    /** IHAVE messages from one peer followed per heartbeat (v1.1's max_ihave_messages). */
    static final int MAX_IHAVE_PER_HEARTBEAT = 10;
    /** Message IDs asked of one peer per heartbeat (v1.1's max_ihave_length). */
    static final int MAX_IWANT_IDS_PER_HEARTBEAT = PubsubCodec.MAX_CONTROL_IDS;
    /** Times one message is sent again to the same peer on IWANT (go's GossipSubGossipRetransmission). */
    static final int MAX_RETRANSMISSIONS = 3;
    /** Payload bytes the message cache holds for IWANT at most. */
    static final long MESSAGE_CACHE_BYTES = 64L << 20;
    /** Payload bytes queued for one peer at most; past them new RPCs to it are dropped. */
    static final long PEER_QUEUE_BYTES = 16L << 20;
    /** Invalid messages (a malformed RPC counts as a quarter of these) after which a peer is ignored. */
    static final int MAX_INVALID = 20;
    /** Messages of at least this many bytes make us send IDONTWANT to our mesh (go-libp2p-pubsub's default). */
    static final int IDONTWANT_THRESHOLD = 1024;
    /** IDONTWANT message IDs taken from one peer per heartbeat. */
    static final int MAX_IDONTWANT_PER_HEARTBEAT = 1000;
    /** Heartbeats an IDONTWANT is honoured. */
    static final int IDONTWANT_HEARTBEATS = 3;
    /** How long an ignored peer stays ignored. */
    static final long GRAYLIST_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);

    private static final Logger log = LoggerFactory.getLogger(Pubsub.class);

    private final Host host;
    private final Identity identity;
    private final PubsubConfig config;
    private final LongSupplier nanoClock;
    private final Random random;
    private final List<String> protocols;
    private final HostListener hostListener;
    private final AtomicLong seqno;

    private final ReentrantLock lock = new ReentrantLock();
    // everything below is guarded by lock
    private final Map<PeerId, PeerState> peers = new HashMap<>();
    private final Map<String, List<Subscription>> subscriptions = new LinkedHashMap<>();
    private final Map<String, Set<PeerId>> mesh = new HashMap<>();
    private final Map<String, Set<PeerId>> fanout = new HashMap<>();
    private final Map<String, Long> lastPublished = new HashMap<>();
    private final Map<String, Map<PeerId, Long>> backoff = new HashMap<>();
    private final Map<MessageId, Map<PeerId, Integer>> retransmissions = new HashMap<>();
    private final Map<PeerId, Long> graylist = new HashMap<>(); // peers ignored until then (nanoClock)
    private final Map<String, TopicValidator> validators = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<PeerId> direct = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final PeerScore score; // null when scoring is off
    private final GossipPromises promises = new GossipPromises();
    private final PeerExchange px; // null when scoring or peer exchange is off
    private long heartbeats;
    private volatile ToDoubleFunction<PeerId> appScore = p -> 0;
    private final SeenCache seen;
    private final MessageCache cache;
    private boolean closed;

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong wireErrors = new AtomicLong();
    private final AtomicLong graylistedRpcs = new AtomicLong();
    private final CopyOnWriteArrayList<Thread> threads = new CopyOnWriteArrayList<>();

    /** What we know of one pubsub peer. */
    private static final class PeerState {
        final PeerId id;
        final PeerOutbox outbox;
        final Set<String> topics = new HashSet<>();
        String protocol; // null until a stream says it
        boolean outbound; // we dialled it (D_out)
        int ihavesThisHeartbeat;
        int idsAskedThisHeartbeat;
        int invalid;
        int dontWantsThisHeartbeat;
        final Map<MessageId, Long> dontWant = new HashMap<>(); // IDONTWANT IDs, until (nanoClock)

        PeerState(PeerId id, PeerOutbox outbox) {
            this.id = id;
            this.outbox = outbox;
        }

        boolean gossips() {
            return protocol != null && protocol.startsWith("/meshsub/");
        }

        boolean speaksIDontWant() {
            return MESHSUB_12_ID.equals(protocol);
        }

        boolean floods() {
            return FLOODSUB_ID.equals(protocol);
        }
    }

    private Pubsub(Host host, Identity identity, PubsubConfig config, LongSupplier nanoClock, Random random) {
        this.host = Objects.requireNonNull(host, "host");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.config = Objects.requireNonNull(config, "config");
        this.nanoClock = nanoClock;
        this.random = random;
        if (!identity.peerId().equals(host.peerId())) {
            throw new IllegalArgumentException("the identity is not the host's");
        }
        this.protocols = config.router() == PubsubRouter.GOSSIPSUB
                ? List.of(MESHSUB_12_ID, MESHSUB_11_ID, MESHSUB_10_ID, FLOODSUB_ID)
                : List.of(FLOODSUB_ID);
        this.seen = new SeenCache(config.seenTtl().toNanos(), config.maxSeen());
        this.score = config.scoring() == null ? null : new PeerScore(config.scoring(), nanoClock.getAsLong());
        this.px = score != null && config.scoring().peerExchange() ? new PeerExchange(host) : null;
        this.cache = new MessageCache(config.historyLength(), config.historyGossip(), MESSAGE_CACHE_BYTES);
        // go and Kubo start sequence numbers at the current time in nanoseconds: unique across restarts
        this.seqno = new AtomicLong(System.currentTimeMillis() * 1_000_000L);
        this.hostListener = new HostListener() {
            @Override
            public void connected(Connection c) {
                peerConnected(c.remotePeer());
            }

            @Override
            public void disconnected(Connection c) {
                if (!host.isConnected(c.remotePeer())) {
                    peerGone(c.remotePeer());
                }
            }
        };
    }

    /** Starts pubsub on {@code host} with the spec's defaults. */
    public static Pubsub start(Host host, Identity identity) {
        return start(host, identity, PubsubConfig.defaults());
    }

    /** Starts pubsub on {@code host}: registers the protocols and greets the peers connected now and later. */
    public static Pubsub start(Host host, Identity identity, PubsubConfig config) {
        return start(host, identity, config, System::nanoTime);
    }

    /** As {@link #start(Host, Identity, PubsubConfig)} on another clock (tests of scores and backoffs). */
    static Pubsub start(Host host, Identity identity, PubsubConfig config, LongSupplier nanoClock) {
        Pubsub p = new Pubsub(host, identity, config, nanoClock, new SecureRandom());
        for (String id : p.protocols) {
            host.setHandler(id, p::serve);
        }
        host.addListener(p.hostListener);
        for (Connection c : host.connectionManager().allConnections()) {
            p.peerConnected(c.remotePeer());
        }
        Thread hb = Thread.ofVirtual().name("pubsub-heartbeat").start(p::heartbeatLoop);
        p.threads.add(hb);
        return p;
    }

    public PubsubConfig config() {
        return config;
    }

    // ---- the public API

    /**
     * Subscribes to {@code topic}. The first subscription to a topic joins it: peers are told, and gossipsub builds its
     * mesh from the fanout or from subscribed peers.
     *
     * @throws IllegalArgumentException the topic is empty or longer than {@link PubsubCodec#MAX_TOPIC_BYTES}
     * @throws IllegalStateException    pubsub is closed
     */
    public Subscription subscribe(String topic) {
        checkTopic(topic);
        Subscription s = new Subscription(topic, config.subscriptionQueue(), config.subscriptionBytes(),
                this::unsubscribed);
        Map<PeerId, OutgoingRpc> out = new HashMap<>();
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("pubsub is closed");
            }
            List<Subscription> list = subscriptions.computeIfAbsent(topic, t -> new ArrayList<>());
            list.add(s);
            if (list.size() == 1) {
                announce(topic, true, out);
                join(topic, out);
            }
        } finally {
            lock.unlock();
        }
        flush(out);
        return s;
    }

    /**
     * Publishes {@code data} on {@code topic}, signed as the signature policy says, and delivers it to our own
     * subscriptions of the topic too (as Kubo does).
     *
     * @return the number of peers it was sent to (0 when no connected peer subscribes to the topic)
     * @throws IllegalArgumentException the topic is invalid, or the message would not fit in an RPC frame
     */
    public int publish(String topic, byte[] data) {
        checkTopic(topic);
        WireMessage m = config.signaturePolicy() == SignaturePolicy.STRICT_SIGN
                ? MessageSigning.signed(identity, topic, data, seqno.incrementAndGet())
                : MessageSigning.anonymous(topic, data);
        if (m.encodedSize() + 64 > config.maxFrameBytes()) {
            throw new IllegalArgumentException("a message of " + data.length + " bytes does not fit in an RPC of "
                    + config.maxFrameBytes() + " bytes");
        }
        MessageId id = MessageSigning.messageId(m);
        published.incrementAndGet();
        Map<PeerId, OutgoingRpc> out = new HashMap<>();
        int sentTo;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("pubsub is closed");
            }
            seen.add(id, nanoClock.getAsLong());
            cache.put(id, m);
            deliver(m, topic, config.signaturePolicy() == SignaturePolicy.STRICT_SIGN
                    ? Optional.of(identity.peerId()) : Optional.empty(), identity.peerId());
            Set<PeerId> targets = targets(topic, true);
            sentTo = targets.size();
            for (PeerId p : targets) {
                rpc(out, p).publish.add(m);
            }
        } finally {
            lock.unlock();
        }
        forwarded.addAndGet(sentTo);
        flush(out);
        return sentTo;
    }

    /**
     * Sets the validator of {@code topic}'s received messages (replacing any). Messages it refuses are dropped without
     * counting against the peer that relayed them: a peer without the validator forwards them in good faith.
     */
    public void setValidator(String topic, TopicValidator validator) {
        validators.put(Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(validator, "validator"));
    }

    public void removeValidator(String topic) {
        validators.remove(topic);
    }

    /**
     * Direct peers (go-libp2p-pubsub's, fed from Kubo's {@code Peering.Peers}): every message of a topic they
     * subscribe to goes to them, outside any mesh; they are never grafted, and their GRAFTs are pruned. Replaces the
     * set.
     */
    public void setDirectPeers(java.util.Collection<PeerId> peers) {
        direct.clear();
        direct.addAll(peers);
    }

    /** The topics we subscribe to. */
    public Set<String> topics() {
        lock.lock();
        try {
            return new TreeSet<>(subscriptions.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** Connected pubsub peers subscribed to {@code topic}; all connected pubsub peers when it is null. */
    public List<PeerId> peers(String topic) {
        lock.lock();
        try {
            List<PeerId> list = new ArrayList<>();
            for (PeerState p : peers.values()) {
                if (p.protocol != null && (topic == null || p.topics.contains(topic))) {
                    list.add(p.id);
                }
            }
            list.sort((a, b) -> a.toString().compareTo(b.toString()));
            return list;
        } finally {
            lock.unlock();
        }
    }

    /** The gossipsub mesh of {@code topic} (empty when we do not subscribe to it). */
    public Set<PeerId> meshPeers(String topic) {
        lock.lock();
        try {
            return Set.copyOf(mesh.getOrDefault(topic, Set.of()));
        } finally {
            lock.unlock();
        }
    }

    /** The protocol a peer speaks pubsub with, when known. */
    public Optional<String> protocolOf(PeerId peer) {
        lock.lock();
        try {
            PeerState p = peers.get(peer);
            return Optional.ofNullable(p == null ? null : p.protocol);
        } finally {
            lock.unlock();
        }
    }

    public PubsubStats stats() {
        return new PubsubStats(published.get(), received.get(), delivered.get(), duplicates.get(), invalid.get(),
                rejected.get(), ignored.get(), forwarded.get(), dropped.get(), wireErrors.get(),
                graylistedRpcs.get());
    }

    /**
     * Sets the application-specific part of peer scores (P5, times its weight), asked for each peer at every heartbeat
     * outside the router's lock. The node gives the peer's trust level.
     */
    public void setAppScore(ToDoubleFunction<PeerId> f) {
        appScore = Objects.requireNonNull(f, "f");
    }

    /** The peer's score now; empty when scoring is off. */
    public OptionalDouble score(PeerId peer) {
        lock.lock();
        try {
            return score == null ? OptionalDouble.empty()
                    : OptionalDouble.of(score.score(peer, nanoClock.getAsLong()));
        } finally {
            lock.unlock();
        }
    }

    /** The scores of every connected pubsub peer and of the disconnected ones still remembered; empty when off. */
    public Map<PeerId, Double> scores() {
        lock.lock();
        try {
            return score == null ? Map.of() : score.scores(nanoClock.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        List<PeerState> all;
        List<Subscription> subs = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            subscriptions.values().forEach(subs::addAll);
            subscriptions.clear();
            all = new ArrayList<>(peers.values());
            peers.clear();
            mesh.clear();
            fanout.clear();
        } finally {
            lock.unlock();
        }
        host.removeListener(hostListener);
        for (String id : protocols) {
            host.removeHandler(id);
        }
        for (PeerState p : all) {
            p.outbox.close();
        }
        subs.forEach(Subscription::close); // readers see the end
        threads.forEach(Thread::interrupt);
        if (px != null) {
            px.close();
        }
    }

    // ---- peers

    private void peerConnected(PeerId peer) {
        lock.lock();
        try {
            if (!closed) {
                ensurePeer(peer);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The peer's state, created (with its outbox started) when new; null for an ignored peer. Under lock. */
    private PeerState ensurePeer(PeerId peer) {
        if (graylisted(peer)) {
            return null;
        }
        PeerState p = peers.get(peer);
        if (p == null) {
            PeerOutbox outbox = new PeerOutbox(host, peer, protocols, config.peerQueue(), PEER_QUEUE_BYTES, this::hello,
                    new PeerOutbox.Events() {
                        @Override
                        public void opened(PeerId who, String protocol) {
                            protocolKnown(who, protocol);
                        }

                        @Override
                        public void gone(PeerId who, boolean notPubsub) {
                            outboxStopped(who);
                        }
                    });
            p = new PeerState(peer, outbox);
            String ip = null;
            for (Connection c : host.connections(peer)) {
                p.outbound |= c.direction() == Direction.OUTBOUND;
                if (ip == null) {
                    ip = c.remoteAddress().map(Pubsub::colocationKey).orElse(null);
                }
            }
            if (score != null) {
                score.addPeer(peer, ip);
            }
            peers.put(peer, p);
            outbox.start();
        }
        return p;
    }

    private void protocolKnown(PeerId peer, String protocol) {
        lock.lock();
        try {
            PeerState p = peers.get(peer);
            if (p != null && p.protocol == null) {
                p.protocol = protocol;
            }
        } finally {
            lock.unlock();
        }
    }

    private void outboxStopped(PeerId peer) {
        lock.lock();
        try {
            PeerState p = peers.get(peer);
            if (p != null && p.outbox.isStopped()) {
                removePeer(p);
            }
        } finally {
            lock.unlock();
        }
    }

    private void peerGone(PeerId peer) {
        lock.lock();
        try {
            PeerState p = peers.get(peer);
            if (p != null) {
                removePeer(p);
                p.outbox.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The IP address that counts for colocation (P6): none for loopback, where every local test and tool shares one
     * address.
     */
    static String colocationKey(Multiaddr a) {
        Optional<String> v4 = a.valueOf("ip4");
        if (v4.isPresent()) {
            return v4.get().startsWith("127.") ? null : v4.get();
        }
        Optional<String> v6 = a.valueOf("ip6");
        if (v6.isPresent()) {
            try {
                java.net.InetAddress ia = java.net.InetAddress.getByName(v6.get()); // a literal: no lookup
                return ia.isLoopbackAddress() ? null : ia.getHostAddress();
            } catch (java.net.UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    /** Under lock. */
    private void removePeer(PeerState p) {
        peers.remove(p.id);
        long now = nanoClock.getAsLong();
        for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
            if (e.getValue().remove(p.id) && score != null) {
                score.prune(p.id, e.getKey(), now);
            }
        }
        if (score != null) {
            score.removePeer(p.id, now);
        }
        for (Set<PeerId> s : fanout.values()) {
            s.remove(p.id);
        }
    }

    /** Our subscriptions, the first RPC on every stream we open. */
    private Rpc hello() {
        OutgoingRpc b = new OutgoingRpc();
        lock.lock();
        try {
            for (String t : subscriptions.keySet()) {
                b.subscriptions.add(new Rpc.SubscriptionChange(true, t));
            }
        } finally {
            lock.unlock();
        }
        return b.build();
    }

    // ---- inbound

    /** Reads one peer's inbound stream until it ends. */
    private void serve(NegotiatedStream stream) throws IOException {
        PeerId from = stream.remotePeer();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            PeerState p = ensurePeer(from);
            if (p == null) {
                stream.reset(); // an ignored peer
                return;
            }
            if (p.protocol == null) {
                p.protocol = stream.protocol();
            }
        } finally {
            lock.unlock();
        }
        InputStream in = stream.in();
        while (true) {
            byte[] body;
            Rpc rpc;
            try {
                body = PubsubCodec.readFrame(in, config.maxFrameBytes());
                if (body == null) {
                    return;
                }
                rpc = PubsubCodec.decode(body);
            } catch (PubsubWireException e) {
                wireErrors.incrementAndGet();
                log.info("closing the pubsub stream from {}: {}", from, e.getMessage());
                misbehaved(from, MAX_INVALID / 4);
                stream.reset();
                return;
            }
            handle(from, rpc);
            if (isGraylisted(from)) {
                stream.reset();
                return;
            }
        }
    }

    /** Handles one RPC from {@code from}. Package-private for tests that feed crafted RPCs. */
    void handle(PeerId from, Rpc rpc) {
        Map<PeerId, OutgoingRpc> out = new HashMap<>();
        List<WireMessage> fresh = new ArrayList<>();
        List<Rpc.PxPeer> offered = new ArrayList<>();
        lock.lock();
        try {
            PeerState p = peers.get(from);
            if (p == null || closed) {
                return;
            }
            long now = nanoClock.getAsLong();
            if (score != null && !direct.contains(from)
                    && score.score(from, now) < score.params().thresholds().graylist()) {
                graylistedRpcs.incrementAndGet();
                return;
            }
            for (Rpc.SubscriptionChange s : rpc.subscriptions()) {
                String topic = s.topic();
                if (s.subscribe()) {
                    if (p.topics.size() < config.maxTopicsPerPeer()) {
                        p.topics.add(topic);
                    }
                } else {
                    p.topics.remove(topic);
                    Set<PeerId> m = mesh.get(topic);
                    if (m != null && m.remove(from) && score != null) {
                        score.prune(from, topic, now);
                    }
                    Set<PeerId> f = fanout.get(topic);
                    if (f != null) {
                        f.remove(from);
                    }
                }
            }
            for (WireMessage m : rpc.publish()) {
                received.incrementAndGet();
                MessageId id = MessageSigning.messageId(m);
                if (seen.contains(id)) {
                    duplicates.incrementAndGet();
                    if (score != null) {
                        score.duplicate(from, id, now);
                    }
                } else if (m.topic() != null && !subscriptions.containsKey(m.topic())) {
                    // not ours: neither checked, nor delivered, nor relayed (as go-libp2p-pubsub without relaying)
                    ignored.incrementAndGet();
                } else {
                    fresh.add(m);
                    dontWant(m, id, from, out);
                }
            }
            if (!rpc.control().isEmpty() && p.gossips()) {
                control(p, rpc.control(), now, out, offered);
            }
        } finally {
            lock.unlock();
        }
        for (WireMessage m : fresh) {
            accept(from, m, out);
        }
        flush(out);
        if (!offered.isEmpty() && px != null) {
            px.offer(offered);
        }
    }

    /** Checks one new message outside the lock, then delivers and forwards it. */
    private void accept(PeerId from, WireMessage m, Map<PeerId, OutgoingRpc> out) {
        Optional<PeerId> author;
        try {
            author = MessageSigning.check(m, config.signaturePolicy());
        } catch (InvalidMessageException e) {
            invalid.incrementAndGet();
            log.debug("dropped a message from {}: {}", from, e.getMessage());
            if (score != null) {
                lock.lock();
                try {
                    score.invalid(from, m.topic());
                } finally {
                    lock.unlock();
                }
            }
            misbehaved(from, 1);
            return;
        }
        MessageId id = MessageSigning.messageId(m);
        TopicValidator validator = validators.get(m.topic());
        if (validator != null) {
            try {
                byte[] data = m.data();
                validator.validate(author, data == null ? new byte[0] : data);
            } catch (InvalidMessageException e) {
                rejected.incrementAndGet();
                log.debug("topic {} refused a message from {}: {}", m.topic(), from, e.getMessage());
                lock.lock();
                try {
                    seen.add(id, nanoClock.getAsLong()); // its copies stop here too
                    promises.delivered(id); // it came: whoever announced it kept its word
                } finally {
                    lock.unlock();
                }
                return;
            } catch (RuntimeException e) {
                rejected.incrementAndGet();
                log.warn("the validator of topic {} failed", m.topic(), e);
                return;
            }
        }
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            if (closed || !seen.add(id, now)) {
                duplicates.incrementAndGet(); // a copy checked at the same time got here first
                if (score != null && !closed) {
                    score.duplicate(from, id, now);
                }
                return;
            }
            if (score != null) {
                score.firstDelivery(from, m.topic(), id, now);
            }
            promises.delivered(id);
            cache.put(id, m);
            deliver(m, m.topic(), author, from);
            Set<PeerId> targets = targets(m.topic(), false);
            targets.remove(from);
            author.ifPresent(targets::remove);
            targets.removeIf(q -> {
                PeerState s = peers.get(q);
                return s != null && s.dontWant.containsKey(id); // it told us it has it (v1.2)
            });
            for (PeerId p : targets) {
                rpc(out, p).publish.add(m);
            }
            forwarded.addAndGet(targets.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts {@code weight} against a peer that sent invalid messages or malformed RPCs; past {@link #MAX_INVALID} it
     * is ignored for ten minutes: dropped from meshes, its streams reset, nothing sent to it. Honest peers check
     * messages before forwarding them, so only a broken or hostile peer gets there.
     */
    private void misbehaved(PeerId peer, int weight) {
        PeerState p;
        lock.lock();
        try {
            p = peers.get(peer);
            if (p == null || (p.invalid += weight) < MAX_INVALID) {
                return;
            }
            graylist.put(peer, nanoClock.getAsLong() + GRAYLIST_NANOS);
            removePeer(p);
        } finally {
            lock.unlock();
        }
        p.outbox.close();
        log.info("ignoring pubsub peer {} for 10 minutes: {} invalid messages", peer, p.invalid);
    }

    /** Under lock. */
    private boolean graylisted(PeerId peer) {
        Long until = graylist.get(peer);
        return until != null && until - nanoClock.getAsLong() > 0;
    }

    private boolean isGraylisted(PeerId peer) {
        lock.lock();
        try {
            return graylisted(peer);
        } finally {
            lock.unlock();
        }
    }

    /** Peers ignored for misbehaviour now. */
    public Set<PeerId> ignoredPeers() {
        lock.lock();
        try {
            Set<PeerId> out = new HashSet<>();
            for (PeerId p : graylist.keySet()) {
                if (graylisted(p)) {
                    out.add(p);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Hands a message to our subscriptions of its topic. Under lock. */
    private void deliver(WireMessage m, String topic, Optional<PeerId> author, PeerId from) {
        List<Subscription> subs = subscriptions.get(topic);
        if (subs == null) {
            return;
        }
        byte[] seqno = m.seqno();
        OptionalLong seq = seqno != null ? OptionalLong.of(MessageSigning.seqnoValue(seqno)) : OptionalLong.empty();
        byte[] data = m.data();
        PubsubMessage msg = new PubsubMessage(author, seq, topic, data == null ? new byte[0] : data, from);
        for (Subscription s : subs) {
            if (s.offer(msg)) {
                delivered.incrementAndGet();
            }
        }
    }

    /**
     * Where a message of {@code topic} goes: floodsub peers of the topic, and the mesh (the fanout when we do not
     * subscribe); for our own messages with flood publishing, every peer of the topic. Under lock.
     */
    private Set<PeerId> targets(String topic, boolean own) {
        Set<PeerId> targets = new LinkedHashSet<>();
        boolean flood = config.router() == PubsubRouter.FLOODSUB || (own && config.floodPublish());
        long now = nanoClock.getAsLong();
        for (PeerState p : peers.values()) {
            if (p.topics.contains(topic) && (p.floods() || (flood && p.gossips()) || direct.contains(p.id))
                    && (!own || direct.contains(p.id) || above(p.id, publishThreshold(), now))) {
                targets.add(p.id);
            }
        }
        if (config.router() == PubsubRouter.GOSSIPSUB && !flood) {
            Set<PeerId> m = mesh.get(topic);
            if (m != null) {
                targets.addAll(m);
            } else {
                Set<PeerId> f = fanout.get(topic);
                if (f == null || f.isEmpty()) {
                    List<PeerId> c = candidates(topic, Set.of());
                    c.removeIf(q -> !above(q, publishThreshold(), now));
                    f = new HashSet<>(pick(c, config.d()));
                    fanout.put(topic, f);
                }
                targets.addAll(f);
                lastPublished.put(topic, nanoClock.getAsLong());
            }
        }
        if (own && config.router() == PubsubRouter.GOSSIPSUB && !subscriptions.containsKey(topic)) {
            lastPublished.put(topic, nanoClock.getAsLong()); // keeps the fanout alive while we publish
        }
        return targets;
    }

    // ---- gossipsub control

    /**
     * Tells our mesh peers of the message's topic that speak v1.2 that we have a large message, so that they do not
     * send it too. Under lock.
     */
    private void dontWant(WireMessage m, MessageId id, PeerId from, Map<PeerId, OutgoingRpc> out) {
        if (m.dataLength() < IDONTWANT_THRESHOLD || m.topic() == null) {
            return;
        }
        Set<PeerId> m2 = mesh.get(m.topic());
        if (m2 == null) {
            return;
        }
        for (PeerId q : m2) {
            PeerState s = peers.get(q);
            if (!q.equals(from) && s != null && s.speaksIDontWant()) {
                rpc(out, q).idontwant.add(new Rpc.IDontWant(List.of(id)));
            }
        }
    }

    /** Under lock. */
    private void control(PeerState p, Rpc.Control c, long now, Map<PeerId, OutgoingRpc> out,
            List<Rpc.PxPeer> offered) {
        List<MessageId> want = new ArrayList<>();
        boolean listen = above(p.id, gossipThreshold(), now); // gossip from peers below it is ignored
        for (Rpc.IHave ihave : listen ? c.ihave() : List.<Rpc.IHave>of()) {
            if (!mesh.containsKey(ihave.topic()) || ++p.ihavesThisHeartbeat > MAX_IHAVE_PER_HEARTBEAT) {
                continue;
            }
            for (MessageId id : ihave.ids()) {
                if (p.idsAskedThisHeartbeat >= MAX_IWANT_IDS_PER_HEARTBEAT) {
                    break;
                }
                if (!seen.contains(id) && !want.contains(id)) {
                    want.add(id);
                    p.idsAskedThisHeartbeat++;
                }
            }
        }
        if (!want.isEmpty()) {
            Collections.shuffle(want, random);
            rpc(out, p.id).iwant.add(new Rpc.IWant(want));
            if (score != null) {
                promises.asked(p.id, want, now + score.params().iwantFollowup().toNanos(), random);
            }
        }
        for (Rpc.IWant iwant : listen ? c.iwant() : List.<Rpc.IWant>of()) {
            for (MessageId id : iwant.ids()) {
                WireMessage m = cache.get(id);
                if (m == null) {
                    continue;
                }
                Map<PeerId, Integer> counts = retransmissions.computeIfAbsent(id, k -> new HashMap<>());
                if (counts.merge(p.id, 1, Integer::sum) <= MAX_RETRANSMISSIONS) {
                    rpc(out, p.id).publish.add(m);
                    forwarded.incrementAndGet();
                }
            }
        }
        for (String topic : c.graft()) {
            Set<PeerId> m = mesh.get(topic);
            if (m == null) {
                continue; // v1.1's spam hardening: a GRAFT for a topic we do not subscribe to gets no answer
            } else if (!m.contains(p.id)) {
                boolean backoff = inBackoff(topic, p.id, now);
                if (backoff && score != null) {
                    score.penalize(p.id, 1); // it was told to wait
                }
                // at D_high only peers we dialled get in (D_out: inbound peers cannot take the mesh over)
                boolean full = m.size() >= config.dHigh() && (score == null || !p.outbound || dOut() == 0);
                if (backoff || full || !p.topics.contains(topic) || direct.contains(p.id)
                        || !above(p.id, 0, now)) {
                    // other peers of the topic are offered only to a peer refused for a full mesh
                    prune(out, p.id, topic, full && !backoff && above(p.id, 0, now));
                } else {
                    graft(m, p.id, topic, now);
                }
            }
        }
        long honouredUntil = now + IDONTWANT_HEARTBEATS * config.heartbeat().toNanos();
        for (Rpc.IDontWant d : c.idontwant()) {
            for (MessageId id : d.ids()) {
                if (p.dontWantsThisHeartbeat++ < MAX_IDONTWANT_PER_HEARTBEAT) {
                    p.dontWant.put(id, honouredUntil);
                }
            }
        }
        for (Rpc.Prune pr : c.prune()) {
            String topic = pr.topic();
            Set<PeerId> m = mesh.get(topic);
            if (m != null && m.remove(p.id) && score != null) {
                score.prune(p.id, topic, now);
            }
            long seconds = pr.backoffSeconds() >= 0 ? Math.min(pr.backoffSeconds(), 3600)
                    : config.pruneBackoff().toSeconds();
            setBackoff(topic, p.id, now + Math.max(seconds * 1_000_000_000L, 0));
            if (px != null && !pr.peers().isEmpty()
                    && above(p.id, score.params().thresholds().acceptPeerExchange(), now)) {
                offered.addAll(pr.peers()); // dialled outside the lock, records checked there
            }
        }
    }

    /** Joins a topic's mesh: the fanout's peers first, then others, up to D; grafts them. Under lock. */
    private void join(String topic, Map<PeerId, OutgoingRpc> out) {
        if (config.router() != PubsubRouter.GOSSIPSUB) {
            return;
        }
        Set<PeerId> m = new HashSet<>();
        Set<PeerId> f = fanout.remove(topic);
        lastPublished.remove(topic);
        long now = nanoClock.getAsLong();
        if (f != null) {
            for (PeerId p : f) {
                PeerState s = peers.get(p);
                if (m.size() < config.d() && s != null && s.gossips() && s.topics.contains(topic)
                        && above(p, 0, now)) {
                    m.add(p);
                }
            }
        }
        if (m.size() < config.d()) {
            List<PeerId> more = candidates(topic, m);
            more.removeIf(p -> inBackoff(topic, p, now) || !above(p, 0, now));
            m.addAll(pick(more, config.d() - m.size()));
        }
        mesh.put(topic, m);
        for (PeerId p : m) {
            if (score != null) {
                score.graft(p, topic, now);
            }
            rpc(out, p).graft.add(topic);
        }
    }

    private void unsubscribed(Subscription s) {
        Map<PeerId, OutgoingRpc> out = new HashMap<>();
        lock.lock();
        try {
            List<Subscription> list = subscriptions.get(s.topic());
            if (list == null || !list.remove(s) || !list.isEmpty() || closed) {
                return;
            }
            subscriptions.remove(s.topic());
            announce(s.topic(), false, out);
            Set<PeerId> m = mesh.remove(s.topic());
            if (m != null) {
                for (PeerId p : m) {
                    prune(out, p, s.topic(), true);
                }
            }
        } finally {
            lock.unlock();
        }
        flush(out);
    }

    /** Tells every pubsub peer about a subscription change. Under lock. */
    private void announce(String topic, boolean subscribe, Map<PeerId, OutgoingRpc> out) {
        for (PeerState p : peers.values()) {
            rpc(out, p.id).subscriptions.add(new Rpc.SubscriptionChange(subscribe, topic));
        }
    }

    // ---- heartbeat

    private void heartbeatLoop() {
        long period = config.heartbeat().toMillis();
        try {
            Thread.sleep(Math.min(100, period));
            while (true) {
                try {
                    heartbeat();
                } catch (RuntimeException e) {
                    log.warn("pubsub heartbeat failed", e);
                }
                Thread.sleep(period);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** One round of mesh maintenance, fanout expiry and gossip. Package-private for tests. */
    void heartbeat() {
        refreshAppScores();
        Map<PeerId, OutgoingRpc> out = new HashMap<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long now = nanoClock.getAsLong();
            heartbeats++;
            if (score != null) {
                score.decay(now);
                promises.broken(now).forEach(score::penalize);
            }
            for (PeerState p : peers.values()) {
                p.ihavesThisHeartbeat = 0;
                p.idsAskedThisHeartbeat = 0;
                p.dontWantsThisHeartbeat = 0;
                p.dontWant.values().removeIf(until -> until - now < 0);
            }
            backoff.values().forEach(b -> b.values().removeIf(until -> until < now));
            backoff.values().removeIf(Map::isEmpty);
            graylist.values().removeIf(until -> until - now < 0);
            if (config.router() == PubsubRouter.GOSSIPSUB) {
                maintainMeshes(now, out);
                maintainFanout(now);
                gossip(out);
            }
            cache.shift();
            retransmissions.keySet().removeIf(id -> cache.get(id) == null);
            seen.expire(now);
        } finally {
            lock.unlock();
        }
        flush(out);
    }

    /** Asks the application for each peer's own score, outside the lock (it may read files). */
    private void refreshAppScores() {
        if (score == null) {
            return;
        }
        List<PeerId> ids;
        lock.lock();
        try {
            ids = new ArrayList<>(peers.keySet());
        } finally {
            lock.unlock();
        }
        ToDoubleFunction<PeerId> f = appScore;
        Map<PeerId, Double> values = new HashMap<>();
        for (PeerId id : ids) {
            try {
                double v = f.applyAsDouble(id);
                if (Double.isFinite(v)) {
                    values.put(id, v);
                }
            } catch (RuntimeException e) {
                log.debug("no application score for {}: {}", id, e.toString());
            }
        }
        lock.lock();
        try {
            values.forEach(score::setAppScore);
        } finally {
            lock.unlock();
        }
    }

    /** Under lock. */
    private void maintainMeshes(long now, Map<PeerId, OutgoingRpc> out) {
        Map<PeerId, Double> scores = new HashMap<>(); // this heartbeat's, computed once per peer
        ToDoubleFunction<PeerId> scoreOf = q -> score == null ? 0
                : scores.computeIfAbsent(q, k -> score.score(k, now));
        for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
            String topic = e.getKey();
            Set<PeerId> m = e.getValue();
            m.removeIf(p -> {
                PeerState s = peers.get(p);
                boolean leaves = s == null || !s.topics.contains(topic) || direct.contains(p);
                if (leaves && score != null) {
                    score.prune(p, topic, now);
                }
                return leaves;
            });
            if (score != null) {
                for (PeerId p : new ArrayList<>(m)) {
                    if (scoreOf.applyAsDouble(p) < 0) {
                        m.remove(p);
                        prune(out, p, topic);
                    }
                }
            }
            if (m.size() < config.dLow()) {
                List<PeerId> more = new ArrayList<>(candidates(topic, m));
                more.removeIf(p -> inBackoff(topic, p, now) || scoreOf.applyAsDouble(p) < 0);
                for (PeerId p : pick(more, config.d() - m.size())) {
                    graft(m, p, topic, now);
                    rpc(out, p).graft.add(topic);
                }
            } else if (m.size() > config.dHigh()) {
                for (PeerId p : surplus(m, scoreOf)) {
                    m.remove(p);
                    prune(out, p, topic, true);
                }
            }
            if (score != null) {
                graftOutbound(topic, m, now, scoreOf, out);
                if (heartbeats % score.params().opportunisticGraftEvery() == 0) {
                    graftOpportunistically(topic, m, now, scoreOf, out);
                }
            }
        }
    }

    /**
     * The peers to prune from a mesh above D_high: it keeps D, the D_score best-scoring first and the rest at random,
     * with at least D_out peers we dialled when there are that many. Under lock.
     */
    private List<PeerId> surplus(Set<PeerId> m, ToDoubleFunction<PeerId> scoreOf) {
        List<PeerId> list = new ArrayList<>(m);
        Collections.shuffle(list, random); // ties of score fall at random
        if (score == null) {
            return list.subList(config.d(), list.size());
        }
        list.sort((a, b) -> Double.compare(scoreOf.applyAsDouble(b), scoreOf.applyAsDouble(a)));
        int byScore = Math.min(score.params().dScore(), config.d());
        List<PeerId> keep = new ArrayList<>(list.subList(0, byScore));
        List<PeerId> rest = new ArrayList<>(list.subList(byScore, list.size()));
        Collections.shuffle(rest, random);
        keep.addAll(rest.subList(0, config.d() - byScore));
        rest = new ArrayList<>(rest.subList(config.d() - byScore, rest.size()));
        int outbound = (int) keep.stream().filter(this::isOutbound).count();
        for (PeerId q : new ArrayList<>(rest)) {
            if (outbound >= dOut()) {
                break;
            }
            if (!isOutbound(q)) {
                continue;
            }
            int i = keep.size() - 1;
            while (i >= 0 && isOutbound(keep.get(i))) {
                i--;
            }
            if (i < 0) {
                break;
            }
            rest.add(keep.set(i, q));
            rest.remove(q);
            outbound++;
        }
        return rest;
    }

    /** Grafts peers we dialled into a mesh that has D_low peers or more but fewer than D_out dialled ones. */
    private void graftOutbound(String topic, Set<PeerId> m, long now,
            ToDoubleFunction<PeerId> scoreOf, Map<PeerId, OutgoingRpc> out) {
        int outbound = (int) m.stream().filter(this::isOutbound).count();
        if (m.size() < config.dLow() || outbound >= dOut()) {
            return;
        }
        List<PeerId> more = candidates(topic, m);
        more.removeIf(p -> !isOutbound(p) || inBackoff(topic, p, now) || scoreOf.applyAsDouble(p) < 0);
        for (PeerId p : pick(more, dOut() - outbound)) {
            graft(m, p, topic, now);
            rpc(out, p).graft.add(topic);
        }
    }

    /** When a mesh's median score is below the threshold, grafts a few peers scoring above that median. */
    private void graftOpportunistically(String topic, Set<PeerId> m, long now,
            ToDoubleFunction<PeerId> scoreOf, Map<PeerId, OutgoingRpc> out) {
        if (m.size() < 2) {
            return;
        }
        double[] values = m.stream().mapToDouble(scoreOf).sorted().toArray();
        double median = values[values.length / 2];
        if (median >= score.params().thresholds().opportunisticGraft()) {
            return;
        }
        List<PeerId> better = candidates(topic, m);
        better.removeIf(p -> inBackoff(topic, p, now) || scoreOf.applyAsDouble(p) <= median);
        for (PeerId p : pick(better, score.params().opportunisticGraftPeers())) {
            graft(m, p, topic, now);
            rpc(out, p).graft.add(topic);
        }
    }

    /** D_out as used: below D_low and at most D/2, as the spec requires. */
    private int dOut() {
        return Math.max(0, Math.min(score.params().dOut(), Math.min(config.dLow() - 1, config.d() / 2)));
    }

    private boolean isOutbound(PeerId p) {
        PeerState s = peers.get(p);
        return s != null && s.outbound;
    }

    /** Under lock. */
    private void maintainFanout(long now) {
        long ttl = config.fanoutTtl().toNanos();
        lastPublished.entrySet().removeIf(e -> {
            if (now - e.getValue() > ttl) {
                fanout.remove(e.getKey());
                return true;
            }
            return false;
        });
        for (Map.Entry<String, Set<PeerId>> e : fanout.entrySet()) {
            String topic = e.getKey();
            Set<PeerId> f = e.getValue();
            f.removeIf(p -> {
                PeerState s = peers.get(p);
                return s == null || !s.topics.contains(topic);
            });
            if (f.size() < config.d()) {
                f.addAll(pick(candidates(topic, f), config.d() - f.size()));
            }
        }
    }

    /** Announces the recent messages of each topic to a few peers outside its mesh. Under lock. */
    private void gossip(Map<PeerId, OutgoingRpc> out) {
        Map<String, Set<PeerId>> topics = new HashMap<>(mesh);
        topics.putAll(fanout);
        for (Map.Entry<String, Set<PeerId>> e : topics.entrySet()) {
            List<MessageId> ids = cache.gossipIds(e.getKey());
            if (ids.isEmpty()) {
                continue;
            }
            List<PeerId> others = candidates(e.getKey(), e.getValue());
            long now = nanoClock.getAsLong();
            others.removeIf(p -> !above(p, gossipThreshold(), now)); // no gossip to peers below it
            int n = Math.max(config.dLazy(), (int) (config.gossipFactor() * others.size()));
            for (PeerId p : pick(others, n)) {
                List<MessageId> sample = ids;
                if (ids.size() > PubsubCodec.MAX_CONTROL_IDS) {
                    sample = new ArrayList<>(ids);
                    Collections.shuffle(sample, random);
                    sample = sample.subList(0, PubsubCodec.MAX_CONTROL_IDS);
                }
                rpc(out, p).ihave.add(new Rpc.IHave(e.getKey(), sample));
            }
        }
    }

    // ---- helpers, under lock

    /** Gossipsub peers of {@code topic} not in {@code exclude}. */
    private List<PeerId> candidates(String topic, Set<PeerId> exclude) {
        List<PeerId> list = new ArrayList<>();
        for (PeerState p : peers.values()) {
            if (p.gossips() && p.topics.contains(topic) && !exclude.contains(p.id) && !direct.contains(p.id)) {
                list.add(p.id);
            }
        }
        return list;
    }

    private List<PeerId> pick(List<PeerId> from, int n) {
        if (n <= 0) {
            return List.of();
        }
        List<PeerId> copy = new ArrayList<>(from);
        Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(n, copy.size()));
    }

    private boolean inBackoff(String topic, PeerId peer, long now) {
        Map<PeerId, Long> b = backoff.get(topic);
        Long until = b == null ? null : b.get(peer);
        return until != null && until > now;
    }

    private void setBackoff(String topic, PeerId peer, long until) {
        backoff.computeIfAbsent(topic, t -> new HashMap<>()).merge(peer, until, Math::max);
    }

    /** Adds a peer to a mesh, and starts its time in it. */
    private void graft(Set<PeerId> m, PeerId peer, String topic, long now) {
        m.add(peer);
        if (score != null) {
            score.graft(peer, topic, now);
        }
    }

    /** Whether the peer's score is at least {@code threshold}; always with scoring off, and for direct peers. */
    private boolean above(PeerId peer, double threshold, long now) {
        return score == null || direct.contains(peer) || score.score(peer, now) >= threshold;
    }

    private double gossipThreshold() {
        return score == null ? 0 : score.params().thresholds().gossip();
    }

    private double publishThreshold() {
        return score == null ? 0 : score.params().thresholds().publish();
    }

    private void prune(Map<PeerId, OutgoingRpc> out, PeerId peer, String topic) {
        prune(out, peer, topic, false);
    }

    /** Prunes {@code peer} from {@code topic}; with {@code offer}, names other peers of the topic (PX) in it. */
    private void prune(Map<PeerId, OutgoingRpc> out, PeerId peer, String topic, boolean offer) {
        long seconds = config.pruneBackoff().toSeconds();
        long now = nanoClock.getAsLong();
        if (score != null) {
            score.prune(peer, topic, now); // nothing when it was not in the mesh
        }
        setBackoff(topic, peer, now + config.pruneBackoff().toNanos());
        List<Rpc.PxPeer> peers = offer && px != null ? offers(topic, peer, now) : List.of();
        rpc(out, peer).prune.add(new Rpc.Prune(topic, seconds, peers));
    }

    /**
     * Up to {@link PeerExchange#MAX_PER_PRUNE} other peers of the topic with a score of 0 or more, each with the signed
     * peer record identify brought us (a peer without one is not offered: its addresses would be our word, not its).
     */
    private List<Rpc.PxPeer> offers(String topic, PeerId pruned, long now) {
        List<PeerId> others = candidates(topic, Set.of(pruned));
        others.removeIf(q -> !above(q, 0, now));
        Collections.shuffle(others, random);
        List<Rpc.PxPeer> out = new ArrayList<>();
        for (PeerId q : others) {
            if (out.size() >= PeerExchange.MAX_PER_PRUNE) {
                break;
            }
            host.peerStore().signedRecord(q).ifPresent(r -> out.add(new Rpc.PxPeer(q.bytes(), r.bytes())));
        }
        return out;
    }

    private static OutgoingRpc rpc(Map<PeerId, OutgoingRpc> out, PeerId peer) {
        return out.computeIfAbsent(peer, p -> new OutgoingRpc());
    }

    /** Queues the built RPCs on their peers' outboxes (outside the lock: offering never blocks, but stays cheap). */
    private void flush(Map<PeerId, OutgoingRpc> out) {
        if (out.isEmpty()) {
            return;
        }
        Map<PeerId, PeerOutbox> boxes = new HashMap<>();
        lock.lock();
        try {
            for (PeerId p : out.keySet()) {
                PeerState s = peers.get(p);
                if (s != null) {
                    boxes.put(p, s.outbox);
                }
            }
        } finally {
            lock.unlock();
        }
        for (Map.Entry<PeerId, OutgoingRpc> e : out.entrySet()) {
            PeerOutbox box = boxes.get(e.getKey());
            if (box == null) {
                continue;
            }
            for (Rpc r : split(e.getValue().build())) {
                if (!box.offer(r)) {
                    dropped.incrementAndGet();
                }
            }
        }
    }

    /** Splits an RPC whose messages together exceed the frame cap into several (each message fits alone). */
    private List<Rpc> split(Rpc rpc) {
        if (PubsubCodec.encodedSize(rpc) + 16 <= config.maxFrameBytes()) {
            return List.of(rpc);
        }
        List<Rpc> parts = new ArrayList<>();
        parts.add(new Rpc(rpc.subscriptions(), List.of(), rpc.control()));
        List<WireMessage> cur = new ArrayList<>();
        int size = 0;
        for (WireMessage m : rpc.publish()) {
            int s = m.encodedSize() + 8;
            if (size + s > config.maxFrameBytes() - 16 && !cur.isEmpty()) {
                parts.add(new Rpc(List.of(), cur, Rpc.Control.EMPTY));
                cur = new ArrayList<>();
                size = 0;
            }
            cur.add(m);
            size += s;
        }
        if (!cur.isEmpty()) {
            parts.add(new Rpc(List.of(), cur, Rpc.Control.EMPTY));
        }
        return parts;
    }

    private void checkTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        int bytes = topic.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > PubsubCodec.MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException("a topic must have 1 to " + PubsubCodec.MAX_TOPIC_BYTES + " bytes");
        }
    }

    @Override
    public String toString() {
        return "Pubsub[" + config.router() + ", " + host.peerId() + "]";
    }
}
