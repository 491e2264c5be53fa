package dev.ferry.pubsub;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Connection;
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
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
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
 * retransmissions per message, the seen cache and the message cache. GRAFTs during a PRUNE backoff are refused. A slow
 * peer's queue drops RPCs rather than stalling the router. A peer that sends {@link #MAX_INVALID} invalid messages
 * (malformed RPCs weigh more) is ignored for ten minutes. Peer scoring and peer exchange from v1.1 are not
 * implemented: PRUNE's offered peers are ignored, and nothing is dialled on a peer's advice.
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
    private final CopyOnWriteArrayList<Thread> threads = new CopyOnWriteArrayList<>();

    /** What we know of one pubsub peer. */
    private static final class PeerState {
        final PeerId id;
        final PeerOutbox outbox;
        final Set<String> topics = new HashSet<>();
        String protocol; // null until a stream says it
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
        Pubsub p = new Pubsub(host, identity, config, System::nanoTime, new SecureRandom());
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
                rejected.get(), ignored.get(), forwarded.get(), dropped.get(), wireErrors.get());
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

    /** Under lock. */
    private void removePeer(PeerState p) {
        peers.remove(p.id);
        for (Set<PeerId> s : mesh.values()) {
            s.remove(p.id);
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
        lock.lock();
        try {
            PeerState p = peers.get(from);
            if (p == null || closed) {
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
                    if (m != null) {
                        m.remove(from);
                    }
                    Set<PeerId> f = fanout.get(topic);
                    if (f != null) {
                        f.remove(from);
                    }
                }
            }
            long now = nanoClock.getAsLong();
            for (WireMessage m : rpc.publish()) {
                received.incrementAndGet();
                MessageId id = MessageSigning.messageId(m);
                if (seen.contains(id)) {
                    duplicates.incrementAndGet();
                } else if (m.topic() != null && !subscriptions.containsKey(m.topic())) {
                    // not ours: neither checked, nor delivered, nor relayed (as go-libp2p-pubsub without relaying)
                    ignored.incrementAndGet();
                } else {
                    fresh.add(m);
                    dontWant(m, id, from, out);
                }
            }
            if (!rpc.control().isEmpty() && p.gossips()) {
                control(p, rpc.control(), now, out);
            }
        } finally {
            lock.unlock();
        }
        for (WireMessage m : fresh) {
            accept(from, m, out);
        }
        flush(out);
    }

    /** Checks one new message outside the lock, then delivers and forwards it. */
    private void accept(PeerId from, WireMessage m, Map<PeerId, OutgoingRpc> out) {
        Optional<PeerId> author;
        try {
            author = MessageSigning.check(m, config.signaturePolicy());
        } catch (InvalidMessageException e) {
            invalid.incrementAndGet();
            log.debug("dropped a message from {}: {}", from, e.getMessage());
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
            if (closed || !seen.add(id, nanoClock.getAsLong())) {
                duplicates.incrementAndGet(); // a copy checked at the same time got here first
                return;
            }
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
        for (PeerState p : peers.values()) {
            if (p.topics.contains(topic) && (p.floods() || (flood && p.gossips()) || direct.contains(p.id))) {
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
                    f = new HashSet<>(pick(candidates(topic, Set.of()), config.d()));
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
    private void control(PeerState p, Rpc.Control c, long now, Map<PeerId, OutgoingRpc> out) {
        List<MessageId> want = new ArrayList<>();
        for (Rpc.IHave ihave : c.ihave()) {
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
        }
        for (Rpc.IWant iwant : c.iwant()) {
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
                prune(out, p.id, topic); // we do not subscribe to it
            } else if (!m.contains(p.id)) {
                if (inBackoff(topic, p.id, now) || m.size() >= config.dHigh() || !p.topics.contains(topic)
                        || direct.contains(p.id)) {
                    prune(out, p.id, topic);
                } else {
                    m.add(p.id);
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
            if (m != null) {
                m.remove(p.id);
            }
            long seconds = pr.backoffSeconds() >= 0 ? Math.min(pr.backoffSeconds(), 3600)
                    : config.pruneBackoff().toSeconds();
            setBackoff(topic, p.id, now + Math.max(seconds * 1_000_000_000L, 0));
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
        if (f != null) {
            for (PeerId p : f) {
                PeerState s = peers.get(p);
                if (m.size() < config.d() && s != null && s.gossips() && s.topics.contains(topic)) {
                    m.add(p);
                }
            }
        }
        if (m.size() < config.d()) {
            m.addAll(pick(candidates(topic, m), config.d() - m.size()));
        }
        mesh.put(topic, m);
        for (PeerId p : m) {
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
                    prune(out, p, s.topic());
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
        Map<PeerId, OutgoingRpc> out = new HashMap<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long now = nanoClock.getAsLong();
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

    /** Under lock. */
    private void maintainMeshes(long now, Map<PeerId, OutgoingRpc> out) {
        for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
            String topic = e.getKey();
            Set<PeerId> m = e.getValue();
            m.removeIf(p -> {
                PeerState s = peers.get(p);
                return s == null || !s.topics.contains(topic) || direct.contains(p);
            });
            if (m.size() < config.dLow()) {
                List<PeerId> more = new ArrayList<>(candidates(topic, m));
                more.removeIf(p -> inBackoff(topic, p, now));
                for (PeerId p : pick(more, config.d() - m.size())) {
                    m.add(p);
                    rpc(out, p).graft.add(topic);
                }
            } else if (m.size() > config.dHigh()) {
                List<PeerId> list = new ArrayList<>(m);
                Collections.shuffle(list, random);
                for (PeerId p : list.subList(config.d(), list.size())) {
                    m.remove(p);
                    prune(out, p, topic);
                }
            }
        }
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

    private void prune(Map<PeerId, OutgoingRpc> out, PeerId peer, String topic) {
        long seconds = config.pruneBackoff().toSeconds();
        setBackoff(topic, peer, nanoClock.getAsLong() + config.pruneBackoff().toNanos());
        rpc(out, peer).prune.add(new Rpc.Prune(topic, seconds, 0));
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
