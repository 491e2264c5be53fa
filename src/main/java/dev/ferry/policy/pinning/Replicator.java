package dev.ferry.policy.pinning;

import dev.ferry.exchange.ferry.pin.wire.PinOp;
import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.exchange.ferry.pin.wire.PinState;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asking side of pinning policies: keeps each policy pin on as many other peers as its policy wants.
 *
 * <p>A check, every {@link PinningConfig#checkInterval()} and soon after {@link #poke()} (a new peer, a new pin), goes
 * over every policy pin: each holder that is connected is asked for its status (complete: CONFIRMED; still fetching:
 * ASKED; anything else: dropped, it no longer keeps the DAG); a holder not heard from for
 * {@link PinningConfig#repairAfter()} is dropped and retired. Then, while fewer holders remain than the policy's
 * {@code replicas}, connected ferry peers trusted at least the policy's {@code minTrust} are asked to keep the DAG,
 * the most trusted first; a peer that refuses or fails is not asked again for that root for {@value #COOLDOWN_MINUTES}
 * minutes. More holders than wanted (a lost one came back after its replacement): the newest are told to let go.
 * Retired holders are told to let go when they are seen connected again. A peer that answers BUSY (its rate limit:
 * a node with many policy pins asks one holder many times per check) counts as seen and is asked nothing more until
 * the next check.
 *
 * <p>Holders count once they agreed (ASKED), so a large DAG is not sent to every peer while the first fetch runs.
 *
 * <p>Storage proofs ({@link ProofSettings}): in each check, every connected CONFIRMED holder whose last passed proof is
 * older than the proof interval is challenged over {@code /ferry/proof/1.0.0} with blocks sampled uniformly from the
 * DAG in the local store ({@link DagSample}) and a fresh random nonce. All digests right: proven (its
 * {@link ReplicaHolder#provenAt()} is kept in the table). A block missing or a digest wrong, or the root not held: the
 * holder is dropped at once, told to let go, and replaced as one that no longer keeps the DAG. No answer in time, a
 * stream error or a refusal: a failed attempt; {@value #MAX_FAILED_ATTEMPTS} in a row drop it. A peer that does not
 * speak the protocol (an older ferry) stays, unproven, and is tried again an interval later. Roots this node no longer
 * has whole are not challenged. Every proven and failed outcome goes to the {@link ProofObserver}.
 *
 * <p>Thread-safe; the checks run on one virtual thread.
 */
public final class Replicator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);
    static final int COOLDOWN_MINUTES = 2;
    /** Failed proof attempts in a row (no answer, stream errors, refusals) that drop a holder. */
    public static final int MAX_FAILED_ATTEMPTS = 2;
    private static final int MAX_DROPS_KEPT = 8;
    private static final Duration MIN_GAP = Duration.ofMillis(500);

    private final PolicyPins table;
    private final ReplicaPeers peers;
    private final RemotePinning remote;
    private final PinningConfig config;
    private final InstantSource clock;
    private final Blockstore local;
    private final SecureRandom random = new SecureRandom();
    private volatile ProofObserver observer = ProofObserver.NONE;
    /** "peer root" -> how its proofs went since the last pass (in memory: a restart forgets failed attempts). */
    private final Map<String, Standing> standing = new HashMap<>();
    private final Map<Cid, List<Drop>> drops = new HashMap<>();
    private final Map<String, Long> cooldown = new HashMap<>(); // "peer root" -> until (ms)
    private final Map<Cid, String> lastProblem = new HashMap<>();
    /** Peers that answered BUSY in the current check: asked nothing more until the next one (they are alive). */
    private final Set<PeerId> busy = new java.util.HashSet<>();
    private final ReentrantLock checkLock = new ReentrantLock();
    private final ReentrantLock wakeLock = new ReentrantLock();
    private final Condition wake = wakeLock.newCondition();
    private boolean poked;
    /** Among candidates of equal trust, those this node keeps the most for come first. */
    private volatile ToLongFunction<PeerId> keptFor = p -> 0;
    private volatile boolean closed;
    private Thread loop;

    /** A holder dropped for a failed storage proof, and why (kept in memory for {@code pin replicas}). */
    public record Drop(PeerId peer, String reason, long atMillis) {}

    /** Failed attempts in a row; when the peer was found not to speak the proof protocol (0: never). */
    private record Standing(int failures, String lastFailure, long unsupportedAt) {}

    /** A replicator without a local store: it challenges nobody. */
    public Replicator(PolicyPins table, ReplicaPeers peers, PinningConfig config, InstantSource clock) {
        this(table, peers, null, null, config, clock);
    }

    /** @param remote the remote pinning services of the policies that name some; null when there are none */
    public Replicator(PolicyPins table, ReplicaPeers peers, RemotePinning remote, PinningConfig config,
            InstantSource clock) {
        this(table, peers, remote, null, config, clock);
    }

    /**
     * @param remote the remote pinning services of the policies that name some; null when there are none
     * @param local  the node's own block store, read (never fetched into) to sample challenges and compute the
     *               expected answers; null: no storage proofs
     */
    public Replicator(PolicyPins table, ReplicaPeers peers, RemotePinning remote, Blockstore local,
            PinningConfig config, InstantSource clock) {
        this.remote = remote;
        this.local = local;
        this.table = Objects.requireNonNull(table, "table");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Who is told of every proven and failed storage proof (default {@link ProofObserver#NONE}). */
    public void setProofObserver(ProofObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** Starts the periodic checks. */
    public synchronized void start() {
        if (loop == null) {
            loop = Thread.ofVirtual().name("replicator").start(this::run);
        }
    }

    public PinningConfig config() {
        return config;
    }

    /**
     * Puts {@code root} (already pinned here) under {@code policy}; its replicas are asked for at the next check, which
     * comes soon.
     *
     * @throws IllegalArgumentException no such policy
     */
    public PolicyPin add(Cid root, String policy) {
        return add(root, policy, "");
    }

    /**
     * Puts {@code root} (already pinned here) under {@code policy} with the pin name {@code name} (empty: none), which
     * replaces the name it had, as pinning again does for a local pin; its replicas are asked for at the next check.
     *
     * @throws IllegalArgumentException no such policy, or a name that cannot be a pin name
     */
    public PolicyPin add(Cid root, String policy, String name) {
        if (!config.policies().containsKey(policy)) {
            throw new IllegalArgumentException("no pinning policy named '" + policy + "'; configured: "
                    + config.policies().keySet().stream().sorted().toList());
        }
        PolicyPin pin;
        synchronized (table) {
            Optional<PolicyPin> old = table.get(root);
            pin = new PolicyPin(root, policy, old.map(PolicyPin::holders).orElse(List.of()),
                    old.map(PolicyPin::services).orElse(List.of()), name);
            table.put(pin);
        }
        poke();
        return pin;
    }

    /** Gives the policy pin of {@code root}, if there is one, the name {@code name} (empty: none); returns it. */
    public Optional<PolicyPin> rename(Cid root, String name) {
        return table.rename(root, name);
    }

    /** Takes {@code root} out of its policy: its holders are told to let go (now when connected, else later). */
    public Optional<PolicyPin> remove(Cid root) {
        Optional<PolicyPin> removed = table.remove(root);
        synchronized (standing) {
            drops.remove(root);
            standing.keySet().removeIf(k -> k.endsWith(" " + root));
        }
        removed.ifPresent(p -> poke());
        return removed;
    }

    public Optional<PolicyPin> get(Cid root) {
        return table.get(root);
    }

    public List<PolicyPin> list() {
        return table.list();
    }

    /** Why the last check could not find enough holders for {@code root}, if it could not. */
    public Optional<String> problem(Cid root) {
        synchronized (lastProblem) {
            return Optional.ofNullable(lastProblem.get(root));
        }
    }

    /**
     * Orders candidates of equal trust by {@code bytesKeptFor}, the bytes this node keeps for each, most first: the
     * more a peer owes this node, the larger its reciprocal allowance with it, so the likelier it is to agree.
     */
    public void preferByKeptFor(ToLongFunction<PeerId> bytesKeptFor) {
        keptFor = Objects.requireNonNull(bytesKeptFor, "bytesKeptFor");
    }

    /** The holders of {@code root} dropped for failed storage proofs lately, oldest first. */
    public List<Drop> drops(Cid root) {
        synchronized (standing) {
            return List.copyOf(drops.getOrDefault(root, List.of()));
        }
    }

    /**
     * Why {@code peer} is not proven for {@code root}, when something is known: it does not speak the proof protocol,
     * or its failed attempts so far.
     */
    public Optional<String> proofNote(PeerId peer, Cid root) {
        synchronized (standing) {
            Standing s = standing.get(peer + " " + root);
            if (s == null) {
                return Optional.empty();
            }
            if (s.unsupportedAt() > 0) {
                return Optional.of("does not speak /ferry/proof/1.0.0");
            }
            return s.failures() == 0 ? Optional.empty() : Optional.of(s.failures() + " failed attempt"
                    + (s.failures() == 1 ? "" : "s") + ": " + s.lastFailure());
        }
    }

    /** Asks for a check soon. */
    public void poke() {
        wakeLock.lock();
        try {
            poked = true;
            wake.signalAll();
        } finally {
            wakeLock.unlock();
        }
    }

    private void run() {
        while (!closed) {
            wakeLock.lock();
            try {
                long waitNanos = config.checkInterval().toNanos();
                while (!poked && !closed && waitNanos > 0) {
                    waitNanos = wake.awaitNanos(waitNanos);
                }
                poked = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                wakeLock.unlock();
            }
            if (closed) {
                return;
            }
            try {
                checkAll();
            } catch (RuntimeException e) {
                LOG.warn("replica check failed: {}", e.toString());
            }
            try {
                Thread.sleep(MIN_GAP); // a stream of pokes (peers' records change often) runs checks at most this often
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One check of every policy pin and of the retired holders (also called directly by tests). */
    public void checkAll() {
        checkLock.lock();
        try {
            busy.clear();
            for (PolicyPin p : table.list()) {
                if (closed) {
                    return;
                }
                check(p);
            }
            tellRetired(); // those released just now included
        } finally {
            checkLock.unlock();
        }
    }

    private void tellRetired() {
        List<PolicyPins.Retired> done = new ArrayList<>();
        for (PolicyPins.Retired r : table.retired()) {
            if (table.get(r.root()).map(p -> p.holders().stream().anyMatch(h -> h.peer().equals(r.peer())))
                    .orElse(false)) {
                done.add(r); // it holds the root again for a newer pin
                continue;
            }
            if (!peers.isConnected(r.peer()) || busy.contains(r.peer())) {
                continue;
            }
            Optional<PinReply> reply = ask(r.peer(), PinOp.UNPIN, r.root());
            if (reply.isPresent() && reply.get().state() != PinState.BUSY) {
                done.add(r);
            }
        }
        table.forget(done);
        if (remote != null) {
            List<PolicyPins.RetiredService> deleted = new ArrayList<>();
            for (PolicyPins.RetiredService r : table.retiredServices()) {
                try {
                    remote.remove(r.service(), r.requestId());
                    deleted.add(r);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("deleting request {} at {}: {}", r.requestId(), r.service(), e.toString());
                }
            }
            table.forgetServices(deleted);
        }
    }

    private void check(PolicyPin pin) {
        PinningPolicy policy = config.policies().get(pin.policy());
        long now = clock.millis();
        List<ReplicaHolder> holders = new ArrayList<>();
        boolean changed = false;
        for (ReplicaHolder h : pin.holders()) {
            if (peers.isConnected(h.peer()) && busy.contains(h.peer())) {
                holders.add(h.seen(h.state(), now, h.bytes())); // alive; its status waits for the next check
                continue;
            }
            if (peers.isConnected(h.peer())) {
                Optional<PinReply> reply = ask(h.peer(), PinOp.STATUS, pin.root());
                if (reply.isPresent()) {
                    switch (reply.get().state()) {
                        case PINNED -> {
                            changed |= h.state() != ReplicaHolder.State.CONFIRMED || h.bytes() != reply.get().bytes();
                            holders.add(h.seen(ReplicaHolder.State.CONFIRMED, now, reply.get().bytes()));
                            continue;
                        }
                        case PINNING -> {
                            holders.add(h.seen(ReplicaHolder.State.ASKED, now, h.bytes()));
                            continue;
                        }
                        case BUSY -> {
                            // its rate limit, not a loss: many policy pins on one peer must not look like churn
                            busy.add(h.peer());
                            holders.add(h.seen(h.state(), now, h.bytes()));
                            continue;
                        }
                        default -> {
                            LOG.info("{} no longer keeps {}: {} {}", h.peer(), pin.root(), reply.get().state(),
                                    reply.get().message());
                            cool(h.peer(), pin.root(), now);
                            changed = true;
                            continue; // dropped
                        }
                    }
                }
            }
            if (now - h.lastSeen() > config.repairAfter().toMillis()) {
                LOG.info("{} unreachable for {} s: asking another peer to keep {}", h.peer(),
                        (now - h.lastSeen()) / 1000, pin.root());
                table.retire(h.peer(), pin.root());
                changed = true;
                continue;
            }
            holders.add(h);
        }
        if (config.proofs().periodic() && local != null) {
            List<ReplicaHolder> kept = new ArrayList<>();
            for (ReplicaHolder h : holders) {
                if (proofDue(h, pin.root(), now)) {
                    ProofOutcome o = challenge(pin.root(), h);
                    if (o instanceof ProofOutcome.Unproven u) {
                        LOG.debug("{} not challenged for {}: {}", h.peer(), pin.root(), u.why());
                    }
                    changed |= settle(pin.root(), h, o, kept, now);
                } else {
                    kept.add(h);
                }
            }
            holders = kept;
        }
        int wanted = policy == null ? holders.size() : policy.replicas();
        if (holders.size() > wanted) {
            // the newest go first, and those still fetching before those complete
            List<ReplicaHolder> extra = holders.stream()
                    .sorted(Comparator.comparing((ReplicaHolder h) -> h.state() == ReplicaHolder.State.CONFIRMED)
                            .thenComparing(ReplicaHolder::addedAt, Comparator.reverseOrder()))
                    .limit(holders.size() - wanted).toList();
            for (ReplicaHolder h : extra) {
                holders.remove(h);
                table.retire(h.peer(), pin.root());
            }
            changed = true;
        }
        boolean[] serviceChange = {false};
        List<String> serviceProblems = new ArrayList<>();
        List<ServicePin> services = checkServices(pin, policy, now, serviceChange, serviceProblems);
        changed |= serviceChange[0];
        String problem = null;
        if (policy == null) {
            problem = "policy '" + pin.policy() + "' is not configured";
        } else if (holders.size() < wanted) {
            Set<PeerId> taken = holders.stream().map(ReplicaHolder::peer).collect(Collectors.toSet());
            List<PeerId> candidates = peers.candidates().stream()
                    .filter(p -> !taken.contains(p) && !busy.contains(p) && !cooling(p, pin.root(), now))
                    .filter(p -> peers.trustOf(p) >= policy.minTrust())
                    .sorted(Comparator.comparingInt((PeerId p) -> peers.trustOf(p)).reversed()
                            .thenComparing(Comparator.comparingLong(keptFor).reversed())
                            .thenComparing(PeerId::toString))
                    .toList();
            for (PeerId p : candidates) {
                if (holders.size() >= wanted || closed) {
                    break;
                }
                Optional<PinReply> reply = ask(p, PinOp.PIN, pin.root());
                if (reply.isPresent() && (reply.get().state() == PinState.PINNED
                        || reply.get().state() == PinState.PINNING)) {
                    boolean done = reply.get().state() == PinState.PINNED;
                    holders.add(new ReplicaHolder(p, done ? ReplicaHolder.State.CONFIRMED : ReplicaHolder.State.ASKED,
                            now, now, reply.get().bytes()));
                    LOG.info("{} keeps {} ({})", p, pin.root(), pin.policy());
                    changed = true;
                } else if (reply.isPresent() && reply.get().state() == PinState.BUSY) {
                    busy.add(p); // asked again at the next check
                } else {
                    cool(p, pin.root(), now);
                    reply.ifPresent(r -> LOG.info("{} will not keep {}: {} {}", p, pin.root(), r.state(), r.message()));
                }
            }
            if (holders.size() < wanted) {
                problem = holders.size() + " of " + wanted + " replicas: no other connected peer trusted "
                        + policy.minTrust() + " or more agreed";
            }
        }
        if (!serviceProblems.isEmpty()) {
            problem = (problem == null ? "" : problem + "; ") + String.join("; ", serviceProblems);
        }
        synchronized (lastProblem) {
            if (problem == null) {
                lastProblem.remove(pin.root());
            } else {
                lastProblem.put(pin.root(), problem);
            }
        }
        synchronized (table) {
            // a remove or a re-add while this check talked to peers wins
            Optional<PolicyPin> current = table.get(pin.root());
            if (current.isPresent() && current.get().policy().equals(pin.policy())) {
                table.update(current.get().with(holders, services), changed); // its name as it is now
            } else {
                holders.forEach(h -> table.retire(h.peer(), pin.root()));
                services.forEach(table::retire);
                table.saveNow();
            }
        }
    }

    /**
     * Challenges the holders of {@code root} now, whatever their last proof ({@code only}: that holder alone), and
     * settles the outcomes as a check would: proven holders keep the time, failing ones are dropped and a check soon
     * finds their replacement.
     *
     * @throws IllegalArgumentException {@code root} is not a policy pin, or {@code only} does not hold it
     */
    public List<ProofOutcome> prove(Cid root, PeerId only) {
        checkLock.lock();
        try {
            PolicyPin pin = table.get(root).orElseThrow(() ->
                    new IllegalArgumentException(root + " is not pinned under a policy"));
            if (only != null && pin.holders().stream().noneMatch(h -> h.peer().equals(only))) {
                throw new IllegalArgumentException(only + " does not keep " + root + " for this node");
            }
            long now = clock.millis();
            List<ProofOutcome> out = new ArrayList<>();
            List<ReplicaHolder> holders = new ArrayList<>();
            boolean changed = false;
            boolean dropped = false;
            for (ReplicaHolder h : pin.holders()) {
                if (only != null && !h.peer().equals(only)) {
                    holders.add(h);
                    continue;
                }
                ProofOutcome o;
                if (local == null) {
                    o = new ProofOutcome.Unproven(h.peer(), "this node has no local store to prove against");
                } else if (h.state() != ReplicaHolder.State.CONFIRMED) {
                    o = new ProofOutcome.Unproven(h.peer(), "still fetching the DAG");
                } else if (!peers.isConnected(h.peer())) {
                    o = new ProofOutcome.Unproven(h.peer(), "not connected");
                } else {
                    o = challenge(root, h);
                }
                out.add(o);
                changed |= settle(root, h, o, holders, now);
                dropped |= o instanceof ProofOutcome.Failed f && f.dropped();
            }
            synchronized (table) {
                Optional<PolicyPin> current = table.get(root);
                if (current.isPresent() && current.get().policy().equals(pin.policy())) {
                    table.update(current.get().with(holders, current.get().services()), changed);
                }
            }
            if (dropped) {
                poke(); // their replacement
            }
            return out;
        } finally {
            checkLock.unlock();
        }
    }

    private boolean proofDue(ReplicaHolder h, Cid root, long now) {
        if (h.state() != ReplicaHolder.State.CONFIRMED || !peers.isConnected(h.peer()) || busy.contains(h.peer())) {
            return false;
        }
        long interval = config.proofs().interval().toMillis();
        if (now - h.provenAt() < interval) {
            return false;
        }
        synchronized (standing) {
            Standing s = standing.get(h.peer() + " " + root);
            return s == null || s.unsupportedAt() == 0 || now - s.unsupportedAt() >= interval;
        }
    }

    /**
     * Applies one outcome to the holders being rebuilt: a proven holder goes in with its new time, a dropped one is
     * retired (told to let go), cooled and remembered; any other stays as it was. True when the table must be saved.
     */
    private boolean settle(Cid root, ReplicaHolder h, ProofOutcome o, List<ReplicaHolder> into, long now) {
        switch (o) {
            case ProofOutcome.Proven p -> {
                into.add(h.provenAt(p.atMillis()));
                return true;
            }
            case ProofOutcome.Failed f when f.dropped() -> {
                String reason = "failed a storage proof: " + f.reason();
                LOG.info("{} dropped as a holder of {}: {}", h.peer(), root, reason);
                table.retire(h.peer(), root);
                cool(h.peer(), root, now);
                synchronized (standing) {
                    standing.remove(h.peer() + " " + root);
                    List<Drop> list = drops.computeIfAbsent(root, r -> new ArrayList<>());
                    list.add(new Drop(h.peer(), reason, now));
                    while (list.size() > MAX_DROPS_KEPT) {
                        list.removeFirst();
                    }
                }
                return true;
            }
            default -> {
                into.add(h);
                return false;
            }
        }
    }

    /** One challenge of one holder, its outcome recorded in {@link #standing} and told to the observer. */
    private ProofOutcome challenge(Cid root, ReplicaHolder h) {
        PeerId peer = h.peer();
        StorageChallenge.Result result = StorageChallenge.run(local, root, config.proofs().blocks(),
                config.proofs().timeout(), random, (c, timeout) -> peers.prove(peer, c, timeout));
        return switch (result) {
            case StorageChallenge.Result.Proven p -> {
                long at = clock.millis();
                synchronized (standing) {
                    standing.remove(peer + " " + root);
                }
                observer.proven(peer, root, h.bytes(), at);
                yield new ProofOutcome.Proven(peer, at);
            }
            case StorageChallenge.Result.Disproven d -> failed(peer, root, d.reason());
            case StorageChallenge.Result.NoProof n -> attemptFailed(peer, root, n.reason());
            case StorageChallenge.Result.Busy b -> {
                busy.add(peer);
                yield new ProofOutcome.Unproven(peer, "busy, asked again later");
            }
            case StorageChallenge.Result.Unsupported u -> {
                synchronized (standing) {
                    standing.put(peer + " " + root, new Standing(0, "", clock.millis()));
                }
                yield new ProofOutcome.Unproven(peer, "does not speak /ferry/proof/1.0.0");
            }
            case StorageChallenge.Result.Unreadable u ->
                    new ProofOutcome.Unproven(peer, "this node cannot read the DAG: " + u.reason());
        };
    }

    /** A proof that shows the holder does not keep the DAG: dropped at once. */
    private ProofOutcome failed(PeerId peer, Cid root, String reason) {
        observer.failed(peer, root, reason, clock.millis());
        return new ProofOutcome.Failed(peer, reason, true);
    }

    /** No proof this time: dropped after {@value #MAX_FAILED_ATTEMPTS} in a row. */
    private ProofOutcome attemptFailed(PeerId peer, Cid root, String reason) {
        int failures;
        synchronized (standing) {
            Standing s = standing.get(peer + " " + root);
            failures = (s == null ? 0 : s.failures()) + 1;
            standing.put(peer + " " + root, new Standing(failures, reason, 0));
        }
        observer.failed(peer, root, reason, clock.millis());
        if (failures >= MAX_FAILED_ATTEMPTS) {
            return new ProofOutcome.Failed(peer, failures + " failed attempts in a row, the last: " + reason, true);
        }
        return new ProofOutcome.Failed(peer, reason + " (attempt " + failures + " of " + MAX_FAILED_ATTEMPTS + ")",
                false);
    }

    private Optional<PinReply> ask(PeerId peer, PinOp op, Cid root) {
        try {
            return Optional.of(peers.ask(peer, new PinRequest(op, root), config.askTimeout()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("{} {} to {}: {}", op, root, peer, e.toString());
            return Optional.empty();
        }
    }

    /** {@code who}: a peer ID, or {@code service:<name>}. */
    private void cool(Object who, Cid root, long now) {
        synchronized (cooldown) {
            cooldown.values().removeIf(until -> until <= now);
            cooldown.put(who + " " + root, now + Duration.ofMinutes(COOLDOWN_MINUTES).toMillis());
        }
    }

    private boolean cooling(Object who, Cid root, long now) {
        synchronized (cooldown) {
            Long until = cooldown.get(who + " " + root);
            return until != null && until > now;
        }
    }

    /**
     * The pin's remote service requests after asking each for its status: pinned ones CONFIRMED, failed or forgotten
     * ones dropped (a failed request is deleted), services the policy no longer names released, and a request made
     * at each named service that has none (unless it failed there in the last minutes). Unreachable services keep
     * their requests.
     */
    private List<ServicePin> checkServices(PolicyPin pin, PinningPolicy policy, long now, boolean[] changed,
            List<String> problems) {
        List<ServicePin> out = new ArrayList<>();
        for (ServicePin sp : pin.services()) {
            if (policy != null && !policy.services().contains(sp.service())) {
                table.retire(sp);
                changed[0] = true;
                continue;
            }
            if (remote == null) {
                out.add(sp);
                continue;
            }
            String status;
            try {
                status = remote.status(sp.service(), sp.requestId());
            } catch (IOException | RuntimeException e) {
                out.add(sp); // unreachable now; asked again at the next check
                problems.add("service " + sp.service() + ": " + e.getMessage());
                continue;
            }
            switch (status) {
                case "pinned" -> {
                    changed[0] |= sp.state() != ReplicaHolder.State.CONFIRMED;
                    out.add(new ServicePin(sp.service(), sp.requestId(), ReplicaHolder.State.CONFIRMED));
                }
                case "queued", "pinning" -> out.add(sp);
                default -> {
                    LOG.info("service {} no longer pins {}: {}", sp.service(), pin.root(), status);
                    table.retire(sp);
                    cool("service:" + sp.service(), pin.root(), now);
                    changed[0] = true;
                }
            }
        }
        if (policy != null) {
            for (String service : policy.services()) {
                if (out.stream().anyMatch(sp -> sp.service().equals(service))) {
                    continue;
                }
                if (remote == null || cooling("service:" + service, pin.root(), now)) {
                    problems.add("service " + service + ": not pinned" + (remote == null ? "" : " (failed recently)"));
                    continue;
                }
                try {
                    // the service shows the pin's own name when it has one
                    String id = remote.add(service, pin.root(),
                            pin.name().isEmpty() ? "ferry policy " + policy.name() : pin.name());
                    out.add(new ServicePin(service, id, ReplicaHolder.State.ASKED));
                    LOG.info("service {} pins {} ({})", service, pin.root(), policy.name());
                    changed[0] = true;
                } catch (IOException | RuntimeException e) {
                    cool("service:" + service, pin.root(), now);
                    problems.add("service " + service + ": " + e.getMessage());
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        poke();
        Thread t;
        synchronized (this) {
            t = loop;
        }
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
