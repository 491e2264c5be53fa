package dev.ferry.policy.replication;

import dev.ferry.exchange.ferry.PeerDids;
import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.policy.pinning.HeldReplica;
import dev.ferry.policy.pinning.ProofSettings;
import dev.ferry.policy.pinning.StorageChallenge;
import dev.ferry.policy.replication.wire.MalformedAnnouncementException;
import dev.ferry.policy.replication.wire.MemberRecord;
import dev.ferry.policy.replication.wire.ReplicationMessage;
import dev.ferry.policy.replication.wire.ReplicationMessageCodec;
import dev.ferry.policy.replication.wire.RootAnnouncement;
import dev.ferry.policy.replication.wire.RootAnnouncementCodec;
import dev.ferry.pubsub.InvalidMessageException;
import dev.ferry.pubsub.Pubsub;
import dev.ferry.pubsub.PubsubMessage;
import dev.ferry.pubsub.Subscription;
import dev.ferry.store.Blockstore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swarm-wide replication: the members of a swarm (this node and the connected ferry peers it trusts at least
 * {@link ReplicationConfig#minTrust()} that subscribe to {@value #TOPIC}) keep every member's roots alive on
 * {@link ReplicationConfig#replicas()} members besides the announcers, without anyone choosing holders.
 *
 * <p>Each member announces the roots it pins (never private ones) on {@value #TOPIC}, signed by pubsub; every member
 * remembers them ({@link SwarmRoots}) until they are not announced again within {@link ReplicationConfig#expire()}.
 * Every {@link ReplicationConfig#checkInterval()} each member computes the same holders for each root
 * ({@link Rendezvous}) and keeps the roots assigned to it through the node's replica keeper; a root it keeps but is no
 * longer assigned is released only once every assigned member proved, by a storage proof over
 * {@code /ferry/proof/1.0.0}, that it keeps the whole DAG (a copy is never dropped before its new holders have it),
 * or once the root expired. A member that no longer pins a root withdraws it; a root no member announces any more is
 * treated as expired.
 *
 * <p>Members also tell the swarm how to reach them: a {@link MemberRecord} of their announced addresses, at start,
 * when a member joins or a new one is heard of, and every announce interval. A member that hears the record of a peer
 * it trusts at least the minimum and is not connected to dials it at those addresses ({@link MemberDialer}), so that
 * a partial mesh becomes a full one and every member computes the same holders. The members heard of are kept across
 * restarts ({@link SwarmMembers}) and dialled again at start, those past the expiry time or no longer trusted enough
 * left out. Thread-safe.
 */
public final class SwarmReplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmReplication.class);
    public static final String TOPIC = "/ferry/replication/1.0.0";
    /** The requester the keeper keeps the swarm's roots for ({@code ferry pin kept} shows it). */
    public static final String REQUESTER = "swarm";
    /** A root the keeper failed to keep is tried again after this many checks. */
    static final int RETRY_FAILED_AFTER_CHECKS = 10;
    /** Storage challenges sent in one check at most: a join can move thousands of roots to one member. */
    static final int MAX_PROOFS_PER_CHECK = 32;

    private final ReplicationConfig config;
    private final SwarmMember self;
    private final SwarmRoots roots;
    private final SwarmPeers peers;
    private final TrustLevels trust;
    private final SwarmKeeping keeping;
    private final Supplier<List<Cid>> ownRoots;
    private final Predicate<Cid> isPrivate;
    private final Consumer<byte[]> publish;
    private final InstantSource clock;
    private final Blockstore local;
    private final ProofSettings proofs;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong heard = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final MemberDialer dialer;
    private final AtomicBoolean recordWanted = new AtomicBoolean(); // a new member was heard of: tell it about us
    // written by the check only; concurrent so that status() never waits for a check busy with challenges
    private final Map<Cid, String> refusals = new ConcurrentHashMap<>(); // why the keeper refused a root
    private final Map<Cid, String> blocked = new ConcurrentHashMap<>(); // why a root is not released yet
    private Set<Did> lastMembers = Set.of(); // guarded by this
    private long lastFullAnnounce = Long.MIN_VALUE; // guarded by this
    private volatile Subscription subscription;
    private volatile Runnable detach = () -> { };
    private volatile Thread reader;
    private volatile Thread checker;
    private volatile boolean closed;

    /**
     * @param ownRoots  the roots this node pins (its recursive pins), announced at start and every announce interval
     * @param isPrivate private roots are never announced
     * @param publish   sends one encoded announcement on {@value #TOPIC}
     * @param local     the node's own block store, read (never fetched into) to challenge new holders
     * @param proofs    how many blocks a challenge samples and how long a holder has to answer
     * @param members   the members heard of before a restart, taken back now, and written at each check
     * @param dials     runs each dial to a member heard of by its record
     */
    SwarmReplication(ReplicationConfig config, SwarmMember self, SwarmRoots roots, SwarmMembers members,
            SwarmPeers peers, TrustLevels trust, SwarmKeeping keeping, Supplier<List<Cid>> ownRoots, Predicate<Cid> isPrivate,
            Consumer<byte[]> publish, InstantSource clock, Blockstore local, ProofSettings proofs, Executor dials) {
        this.config = Objects.requireNonNull(config, "config");
        this.self = Objects.requireNonNull(self, "self");
        this.roots = Objects.requireNonNull(roots, "roots");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.keeping = Objects.requireNonNull(keeping, "keeping");
        this.ownRoots = Objects.requireNonNull(ownRoots, "ownRoots");
        this.isPrivate = Objects.requireNonNull(isPrivate, "isPrivate");
        this.publish = Objects.requireNonNull(publish, "publish");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.local = Objects.requireNonNull(local, "local");
        this.proofs = Objects.requireNonNull(proofs, "proofs");
        this.dialer = new MemberDialer(peers, clock, config.maxMembers(), dials, members);
        dialer.restore(self.peer(), clock.millis() - config.expire().toMillis(), this::trusted);
    }

    /**
     * Joins the swarm on {@code pubsub}: subscribes to {@value #TOPIC} (which makes this node a member for its
     * peers), announces its roots and its member record, and checks the assignment every
     * {@link ReplicationConfig#checkInterval()}.
     */
    public static SwarmReplication start(ReplicationConfig config, SwarmMember self, SwarmRoots roots,
            SwarmMembers members, SwarmPeers peers, TrustLevels trust, SwarmKeeping keeping,
            Supplier<List<Cid>> ownRoots, Predicate<Cid> isPrivate, Pubsub pubsub, InstantSource clock,
            Blockstore local, ProofSettings proofs) {
        SwarmReplication r = new SwarmReplication(config, self, roots, members, peers, trust, keeping, ownRoots,
                isPrivate, data -> pubsub.publish(TOPIC, data), clock, local, proofs,
                task -> Thread.ofVirtual().name("swarm-member-dial").start(task));
        pubsub.setValidator(TOPIC, SwarmReplication::validate); // malformed announcements stop at the first member
        Subscription s = pubsub.subscribe(TOPIC);
        r.subscription = s;
        r.detach = () -> pubsub.removeValidator(TOPIC);
        r.reader = Thread.ofVirtual().name("swarm-replication-reader").start(() -> r.readLoop(s));
        r.checker = Thread.ofVirtual().name("swarm-replication-check").start(r::checkLoop);
        return r;
    }

    /** The topic's validator: a signed author and a well-formed message (root announcement or member record). */
    static void validate(Optional<PeerId> author, byte[] data) throws InvalidMessageException {
        if (author.isEmpty()) {
            throw new InvalidMessageException("an anonymous replication message speaks for nobody");
        }
        try {
            ReplicationMessageCodec.decode(data);
        } catch (MalformedAnnouncementException e) {
            throw new InvalidMessageException(e.getMessage());
        }
    }

    public ReplicationConfig config() {
        return config;
    }

    public SwarmRoots roots() {
        return roots;
    }

    /**
     * Announces {@code list} (identity and private roots left out) to the swarm, and remembers them as this node's;
     * returns the roots announced.
     */
    public List<Cid> announce(List<Cid> list) {
        List<Cid> shown = list.stream().filter(c -> !c.isIdentity() && !isPrivate.test(c))
                .filter(c -> c.bytes().length <= RootAnnouncement.MAX_CID_BYTES).distinct().toList();
        long now = clock.millis();
        for (Cid c : shown) {
            roots.heard(c, self.did(), now);
        }
        send(RootAnnouncementCodec.split(shown));
        return shown;
    }

    /**
     * Withdraws {@code list} from the swarm: roots this node no longer pins (the caller checks that), forgotten here as
     * announced by this node and announced withdrawn, so that the members drop this node from their announcers (a
     * root left with none is released by its holders). Private roots are forgotten here but never named on the wire;
     * the swarm lets them go when they expire. Returns the roots withdrawn on the wire.
     */
    public List<Cid> withdraw(List<Cid> list) {
        List<Cid> shown = new ArrayList<>();
        for (Cid c : list.stream().distinct().toList()) {
            boolean had = roots.withdraw(c, self.did());
            if (had && !isPrivate.test(c) && c.bytes().length <= RootAnnouncement.MAX_CID_BYTES) {
                shown.add(c);
            }
        }
        send(RootAnnouncementCodec.splitWithdrawals(shown));
        return shown;
    }

    private void send(List<? extends ReplicationMessage> messages) {
        for (ReplicationMessage a : messages) {
            try {
                publish.accept(ReplicationMessageCodec.encode(a));
            } catch (RuntimeException e) { // pubsub closing: the next announcement tells them
                LOG.debug("cannot tell the swarm: {}", e.toString());
                break;
            }
        }
    }

    /**
     * Announces every root this node pins, and withdraws those it announced before but pins no longer (unpinned while
     * the daemon was not running, or by a way that did not withdraw them).
     */
    public synchronized void announceAll() {
        lastFullAnnounce = clock.millis();
        List<Cid> shown = announce(ownRoots.get());
        Set<Cid> pinned = new HashSet<>(shown);
        List<Cid> stale = roots.announcedBy(self.did()).stream().filter(c -> !pinned.contains(c)).toList();
        if (!stale.isEmpty()) {
            LOG.info("withdrawing {} roots this node no longer pins from the swarm", stale.size());
            withdraw(stale);
        }
    }

    /** Takes in one message of the topic. Package-private for tests. */
    void take(PubsubMessage m) {
        take(m.author(), m.data());
    }

    void take(Optional<PeerId> author, byte[] data) {
        if (author.isEmpty() || author.get().equals(self.peer())) {
            return; // our own announcements are recorded when made
        }
        Optional<Did> did = PeerDids.didOf(author.get());
        if (did.isEmpty() || trust.levelOf(did.get()) < config.minTrust()) {
            ignored.incrementAndGet(); // a stranger cannot make this node keep anything
            return;
        }
        ReplicationMessage m;
        try {
            m = ReplicationMessageCodec.decode(data);
        } catch (MalformedAnnouncementException e) {
            ignored.incrementAndGet();
            LOG.debug("ignored a replication message from {}: {}", did.get(), e.getMessage());
            return;
        }
        switch (m) {
            case RootAnnouncement a -> take(did.get(), a);
            case MemberRecord r -> take(author.get(), did.get(), r);
        }
    }

    private void take(Did did, RootAnnouncement a) {
        heard.incrementAndGet();
        long now = clock.millis();
        for (Cid c : a.roots()) {
            roots.heard(c, did, now);
        }
        for (Cid c : a.withdrawn()) {
            roots.withdraw(c, did); // the signed author's own announcement only
        }
    }

    /** A trusted member's record: remembered, and its author dialled when not connected. */
    private void take(PeerId author, Did did, MemberRecord r) {
        switch (dialer.heard(author, did, r)) {
            case FULL -> {
                ignored.incrementAndGet();
                LOG.debug("ignored the member record of {}: {} members known already", did, config.maxMembers());
                return;
            }
            case NEW -> {
                recordWanted.set(true); // it may not reach us, but we may reach it: our record tells it how
                LOG.info("heard of swarm member {} ({}) at {}", did, author, r.addresses());
            }
            case RENEWED -> { }
        }
        heard.incrementAndGet();
        if (config.dialMembers()) {
            dialer.dialDue(this::trusted);
        }
    }

    private boolean trusted(Did did) {
        return trust.levelOf(did) >= config.minTrust();
    }

    /** Tells the swarm how to reach this node: its announced addresses, as many as a record holds. */
    private void announceMember() {
        send(List.of(MemberRecord.of(peers.ownAddresses())));
    }

    /** This node and the connected, subscribed peers trusted at least the minimum, in DID order. */
    public List<SwarmMember> members() {
        Map<Did, SwarmMember> out = new LinkedHashMap<>();
        out.put(self.did(), self);
        for (SwarmMember m : peers.subscribed()) {
            if (trust.levelOf(m.did()) >= config.minTrust()) {
                out.putIfAbsent(m.did(), m);
            }
        }
        return out.values().stream().sorted(Comparator.comparing(m -> m.did().toString())).toList();
    }

    /** Whether {@code did} is a member now (this node included). */
    public boolean isMember(Did did) {
        return members().stream().anyMatch(m -> m.did().equals(did));
    }

    /** One root's assignment among the current members. */
    private record Plan(Cid root, Set<Did> announcers, List<Did> holders) {
        boolean assignedTo(Did d) {
            return holders.contains(d) && !announcers.contains(d);
        }
    }

    private Map<Cid, Plan> plan(List<SwarmMember> members) {
        List<Did> dids = members.stream().map(SwarmMember::did).toList();
        Map<Cid, Plan> out = new LinkedHashMap<>();
        roots.byRoot().forEach((root, list) -> {
            Set<Did> announcers = new HashSet<>();
            list.forEach(e -> announcers.add(e.announcer()));
            out.put(root, new Plan(root, announcers, Rendezvous.holders(root, dids, announcers, config.replicas())));
        });
        return out;
    }

    /**
     * One check: forgets expired roots and members, re-announces this node's roots when a member joined or the
     * announce interval passed, dials the members due, keeps the roots assigned here, releases those no longer assigned
     * once covered (or expired), and writes the roots and the members that changed.
     */
    public synchronized void check() {
        long now = clock.millis();
        int expired = roots.expire(now - config.expire().toMillis());
        if (expired > 0) {
            LOG.info("forgot {} swarm root announcements not renewed within {}", expired, config.expire());
        }
        int gone = dialer.forget(now - config.expire().toMillis(), this::trusted);
        if (gone > 0) {
            LOG.info("forgot {} swarm members not heard of within {}, or no longer trusted", gone, config.expire());
        }
        List<SwarmMember> members = members();
        Set<Did> dids = new HashSet<>();
        members.forEach(m -> dids.add(m.did()));
        boolean joined = !lastMembers.containsAll(dids);
        lastMembers = dids;
        boolean full = joined || lastFullAnnounce == Long.MIN_VALUE
                || now - lastFullAnnounce >= config.announceInterval().toMillis();
        if (full) {
            announceAll(); // a new member learns every root at once, not an announce interval later
        }
        if (recordWanted.getAndSet(false) || full) {
            announceMember(); // once per check at most, however many members were heard of
        }
        if (config.dialMembers()) {
            dialer.dialDue(this::trusted); // members not reached yet, or whose connection dropped
        }
        Map<Cid, Plan> plans = plan(members);
        Map<Cid, HeldReplica> held = new HashMap<>();
        keeping.held().forEach(e -> held.put(e.root(), e));
        long retryAfter = config.checkInterval().toMillis() * RETRY_FAILED_AFTER_CHECKS;
        for (Plan p : plans.values()) {
            if (!p.assignedTo(self.did())) {
                continue;
            }
            HeldReplica e = held.get(p.root());
            if (e == null || e.state() == HeldReplica.State.FAILED && now - e.changedAtMillis() >= retryAfter) {
                try {
                    keeping.keep(p.root());
                    refusals.remove(p.root());
                    LOG.info("keeping {} for the swarm", p.root());
                } catch (IllegalStateException ex) {
                    refusals.put(p.root(), ex.getMessage());
                    LOG.info("cannot keep {} for the swarm: {}", p.root(), ex.getMessage());
                }
            }
        }
        refusals.keySet().removeIf(r -> !plans.containsKey(r) || !plans.get(r).assignedTo(self.did()));
        Map<Did, PeerId> peerOf = new HashMap<>();
        members.forEach(m -> peerOf.put(m.did(), m.peer()));
        int[] challenges = {0};
        Map<Cid, String> stillBlocked = new HashMap<>();
        for (HeldReplica e : held.values()) {
            Plan p = plans.get(e.root());
            if (p != null && p.assignedTo(self.did())) {
                continue;
            }
            String why;
            if (p == null) {
                why = "expired, or withdrawn by every announcer";
            } else if (p.announcers().contains(self.did())) {
                why = "this node pins it";
            } else if (e.state() != HeldReplica.State.KEPT) {
                why = "no longer assigned, and not kept whole";
            } else {
                Optional<String> blocker = uncovered(p, peerOf, challenges);
                if (blocker.isPresent()) {
                    stillBlocked.put(e.root(), blocker.get());
                    continue; // a copy is never dropped before its new holders have it
                }
                why = "every assigned member proved it keeps it";
            }
            keeping.release(e.root());
            LOG.info("no longer keeping {} for the swarm: {}", e.root(), why);
        }
        blocked.keySet().retainAll(stillBlocked.keySet());
        blocked.putAll(stillBlocked);
        roots.save();
        dialer.save();
    }

    /**
     * Why the assigned holders (other than this node) do not cover {@code p}'s root yet, or empty when they all do.
     * Each must show the root in its capabilities index (a free local look-up that spares a challenge to a member that
     * has not taken the root yet), then pass a storage proof for it; a member that does not speak the proof protocol
     * (a ferry from before it) is taken at its index's word, as nothing better can be had of it. At most
     * {@link #MAX_PROOFS_PER_CHECK} challenges are sent per check ({@code challenges} counts them); the rest wait.
     */
    private Optional<String> uncovered(Plan p, Map<Did, PeerId> peerOf, int[] challenges) {
        List<Did> lacking = lacking(p, peerOf);
        if (!lacking.isEmpty()) {
            return Optional.of("waiting for " + lacking.stream().map(Did::toString)
                    .reduce((a, b) -> a + "," + b).orElse(""));
        }
        for (Did h : p.holders()) {
            if (h.equals(self.did())) {
                continue;
            }
            if (challenges[0] >= MAX_PROOFS_PER_CHECK) {
                return Optional.of("proof of " + h + " postponed to the next check");
            }
            challenges[0]++;
            PeerId peer = peerOf.get(h);
            StorageChallenge.Result r = StorageChallenge.run(local, p.root(), proofs.blocks(), proofs.timeout(),
                    random, (c, timeout) -> peers.prove(peer, c, timeout));
            String failure = switch (r) {
                case StorageChallenge.Result.Proven x -> null;
                case StorageChallenge.Result.Unsupported x -> null; // its index shows it: the most it can tell
                case StorageChallenge.Result.Unreadable x -> null; // nothing to compare with: the index decides
                case StorageChallenge.Result.Disproven x -> x.reason();
                case StorageChallenge.Result.NoProof x -> x.reason();
                case StorageChallenge.Result.Busy x -> "busy";
            };
            if (failure != null) {
                LOG.debug("{} not proven for {}: {}", h, p.root(), failure);
                return Optional.of(h + " not proven: " + failure);
            }
        }
        return Optional.empty();
    }

    /** The assigned holders (other than this node) whose index does not show the root. */
    private List<Did> lacking(Plan p, Map<Did, PeerId> peerOf) {
        List<Did> out = new ArrayList<>();
        for (Did h : p.holders()) {
            if (h.equals(self.did())) {
                continue;
            }
            PeerId peer = peerOf.get(h);
            if (peer == null || !peers.shows(peer, p.root())) {
                out.add(h);
            }
        }
        return out;
    }

    /** What replication sees and does now (computed afresh, nothing acted on). */
    public ReplicationStatus status() {
        List<SwarmMember> members = members();
        Map<Did, PeerId> peerOf = new HashMap<>();
        members.forEach(m -> peerOf.put(m.did(), m.peer()));
        Map<Cid, Plan> plans = plan(members);
        Map<Cid, HeldReplica> held = new HashMap<>();
        keeping.held().forEach(e -> held.put(e.root(), e));
        Map<Cid, String> refused = Map.copyOf(refusals);
        Map<Cid, String> waiting = Map.copyOf(blocked);
        List<RootAssignment> out = new ArrayList<>();
        for (Plan p : plans.values()) {
            HeldReplica e = held.get(p.root());
            List<Did> announcers = p.announcers().stream().sorted(Comparator.comparing(Did::toString)).toList();
            if (p.assignedTo(self.did())) {
                out.add(e == null
                        ? new RootAssignment(p.root(), announcers, p.holders(), RootAssignment.State.WAITING, 0,
                                refused.get(p.root()))
                        : new RootAssignment(p.root(), announcers, p.holders(), switch (e.state()) {
                            case FETCHING -> RootAssignment.State.FETCHING;
                            case KEPT -> RootAssignment.State.KEPT;
                            case FAILED -> RootAssignment.State.FAILED;
                        }, e.bytes(), e.message()));
            } else if (e != null) {
                List<Did> lacking = lacking(p, peerOf);
                out.add(new RootAssignment(p.root(), announcers, p.holders(), RootAssignment.State.RELEASING,
                        e.bytes(), !lacking.isEmpty() ? "waiting for " + lacking.stream().map(Did::toString)
                                .reduce((a, b) -> a + "," + b).orElse("") : waiting.getOrDefault(p.root(), "")));
            }
        }
        for (HeldReplica e : held.values()) {
            if (!plans.containsKey(e.root())) {
                out.add(new RootAssignment(e.root(), List.of(), List.of(), RootAssignment.State.RELEASING, e.bytes(),
                        "expired, or withdrawn"));
            }
        }
        out.sort(Comparator.comparing(a -> a.root().toString()));
        return new ReplicationStatus(config, self, members, dialer.known(), plans.size(), roots.size(), out,
                heard.get(), ignored.get());
    }

    private void readLoop(Subscription s) {
        try {
            while (!s.isClosed()) {
                s.next(Duration.ofSeconds(1)).ifPresent(this::take);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void checkLoop() {
        while (!closed) {
            try {
                check();
            } catch (RuntimeException e) {
                LOG.warn("swarm replication check failed: {}", e.toString());
            }
            try {
                Thread.sleep(config.checkInterval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        dialer.close();
        detach.run();
        Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        for (Thread t : new Thread[] {reader, checker}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        roots.save();
        dialer.save();
    }
}
