package dev.ferry.node;

import dev.ferry.exchange.ferry.CapabilitiesListener;
import dev.ferry.exchange.ferry.CapabilitiesRecord;
import dev.ferry.exchange.ferry.CapabilitiesService;
import dev.ferry.exchange.ferry.PeerDids;
import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.exchange.ferry.pin.PinConfig;
import dev.ferry.exchange.ferry.pin.PinService;
import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.exchange.ferry.proof.ProofConfig;
import dev.ferry.exchange.ferry.proof.ProofService;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Host;
import dev.ferry.policy.pinning.PolicyPin;
import dev.ferry.node.content.ContentLock;
import dev.ferry.node.repo.Repo;
import dev.ferry.policy.pinning.HeldReplicas;
import dev.ferry.policy.pinning.PinningConfig;
import dev.ferry.policy.pinning.PolicyPins;
import dev.ferry.policy.pinning.ReciprocityConfig;
import dev.ferry.policy.pinning.ProofResponder;
import dev.ferry.policy.pinning.ReplicaKeeper;
import dev.ferry.policy.pinning.ReplicaPeers;
import dev.ferry.policy.pinning.Replicator;
import dev.ferry.policy.pinning.StorageLedger;
import dev.ferry.policy.replication.SwarmReplication;
import dev.ferry.routing.ContentFetcher;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Pinning policies in a running node: the keeper answering {@code /ferry/pin} for peers, and the replicator asking
 * connected ferry peers (those in the capabilities table) to keep this node's policy pins. A new ferry peer prompts a
 * check, so a policy pin finds its replicas as soon as peers arrive. The responder answers {@code /ferry/proof} for
 * what the keeper keeps, from the repository's own blocks; the replicator challenges its holders the same way and
 * reports each outcome to the storage ledger, which credits peers with what they proved they keep for this node; the
 * keeper keeps content on that credit for peers trusted too little otherwise.
 */
public final class NodePinning implements AutoCloseable {
    private final ReplicaKeeper keeper;
    private final PinService service;
    private final ProofService proofs;
    private final Replicator replicator;
    private final CapabilitiesService caps;
    private final CapabilitiesListener listener;
    private final StorageLedger ledger;
    private final ReciprocityConfig reciprocity;

    private NodePinning(ReplicaKeeper keeper, PinService service, ProofService proofs, Replicator replicator,
            CapabilitiesService caps, CapabilitiesListener listener, StorageLedger ledger,
            ReciprocityConfig reciprocity) {
        this.ledger = ledger;
        this.reciprocity = reciprocity;
        this.keeper = keeper;
        this.service = service;
        this.proofs = proofs;
        this.replicator = replicator;
        this.caps = caps;
        this.listener = listener;
    }

    static NodePinning start(Repo repo, Host host, ContentFetcher fetcher, CapabilitiesService caps,
            TrustLevels trust, PinningConfig config, ReciprocityConfig reciprocity, StorageLedger ledger,
            java.util.function.Consumer<Cid> announce, java.util.function.Predicate<Cid> isPrivate,
            java.util.function.Predicate<Did> swarmMember) {
        InstantSource clock = InstantSource.system();
        HeldReplicas held = heldReplicas(repo);
        ReplicaKeeper keeper = new ReplicaKeeper(held, fetcher,
                trust, () -> {
                    ContentLock.Held lock = ContentLock.of(repo.blocks()).writing();
                    return lock::close;
                }, config, reciprocity, ledger::creditOf, clock, caps::contentChanged, announce);
        Duration idle = host.config().streamIdleTimeout(); // no served protocol waits longer on a silent peer
        PinService service = PinService.start(host, keeper, PinConfig.defaults()
                .withIdleTimeout(SwarmSettings.atMost(PinConfig.defaults().idleTimeout(), idle)));
        // the repository's own blocks, never the fetcher: a challenge must not make this node fetch; what is kept for
        // the swarm is proven to its members (before they let their own copy go)
        ProofService proofs = ProofService.start(host, new ProofResponder(keeper.table(), repo.blocks(), isPrivate,
                SwarmReplication.REQUESTER, swarmMember), ProofConfig.defaults()
                .withIdleTimeout(SwarmSettings.atMost(ProofConfig.defaults().idleTimeout(), idle)));
        ReplicaPeers peers = new ReplicaPeers() {
            @Override
            public List<PeerId> candidates() {
                return caps.table().keySet().stream().filter(host::isConnected).toList();
            }

            @Override
            public boolean isConnected(PeerId peer) {
                return host.isConnected(peer);
            }

            @Override
            public int trustOf(PeerId peer) {
                return trust.levelOf(peer);
            }

            @Override
            public PinReply ask(PeerId peer, PinRequest request, Duration timeout) throws IOException {
                return service.ask(peer, request, timeout);
            }

            @Override
            public ProofAnswer prove(PeerId peer, ProofChallenge challenge, Duration timeout) throws IOException {
                return proofs.challenge(peer, challenge, timeout);
            }
        };
        Replicator replicator = new Replicator(PolicyPins.open(repo.path().resolve(PolicyPins.FILE), clock.millis()),
                peers, new ServiceRequests(repo, host), repo.blocks(), config, clock);
        CapabilitiesListener listener = new CapabilitiesListener() {
            @Override
            public void updated(PeerId peer, CapabilitiesRecord record) {
                replicator.poke();
            }
        };
        // peers this node keeps the most for have the largest allowance for its own content
        replicator.preferByKeptFor(p -> PeerDids.didOf(p).map(d -> held.bytesFor(d.toString())).orElse(0L));
        // what a holder proves it keeps is its credit here
        replicator.setProofObserver(ledger);
        caps.addListener(listener);
        keeper.start();
        replicator.start();
        return new NodePinning(keeper, service, proofs, replicator, caps, listener, ledger, reciprocity);
    }

    /**
     * Puts a root pinned in {@code repo} under {@code policy}, unnamed, while no node runs (the daemon's replicator
     * asks peers when it starts).
     *
     * @throws IllegalArgumentException no such policy in the repo's config
     */
    public static PolicyPin register(Repo repo, Cid root, String policy) {
        return register(repo, root, policy, "");
    }

    /**
     * Puts a root pinned in {@code repo} under {@code policy} with the pin name {@code name} (empty: none, replacing
     * any it had) while no node runs.
     *
     * @throws IllegalArgumentException no such policy in the repo's config, or a name that cannot be a pin name
     */
    public static PolicyPin register(Repo repo, Cid root, String policy, String name) {
        PinningConfig config = PinningSettings.of(repo.config());
        if (!config.policies().containsKey(policy)) {
            throw new IllegalArgumentException("no pinning policy named '" + policy + "'; configured: "
                    + config.policies().keySet().stream().sorted().toList());
        }
        PolicyPins table = policyPins(repo);
        var old = table.get(root);
        PolicyPin pin = new PolicyPin(root, policy, old.map(PolicyPin::holders).orElse(List.of()),
                old.map(PolicyPin::services).orElse(List.of()), name);
        table.put(pin);
        return pin;
    }

    /**
     * Gives the policy pin of {@code root}, if there is one, the name {@code name} while no node runs: a recursive
     * {@code pin add} without {@code --policy} renames the local pin, and the policy pin's name follows it.
     */
    public static Optional<PolicyPin> rename(Repo repo, Cid root, String name) {
        return policyPins(repo).rename(root, name);
    }

    /** Takes a root out of its policy while no node runs; its holders are told when the daemon next runs. */
    public static Optional<PolicyPin> unregister(Repo repo, Cid root) {
        return policyPins(repo).remove(root);
    }

    /** The policy pins of {@code repo}, read while no node runs. */
    public static PolicyPins policyPins(Repo repo) {
        return PolicyPins.open(repo.path().resolve(PolicyPins.FILE), System.currentTimeMillis());
    }

    /** What {@code repo} keeps for peers, read while no node runs. */
    public static HeldReplicas heldReplicas(Repo repo) {
        return HeldReplicas.open(repo.path().resolve(HeldReplicas.FILE));
    }

    /** The storage ledger of {@code repo}, for a node about to start (it is handed to {@link #start}). */
    static StorageLedger openLedger(Repo repo, ReciprocityConfig reciprocity) {
        return StorageLedger.open(repo.path().resolve(StorageLedger.FILE), reciprocity.creditFor(),
                InstantSource.system());
    }

    /** What {@code repo}'s ledger holds, read while no node runs. */
    public static StorageLedger storageLedger(Repo repo) {
        return StorageLedger.open(repo.path().resolve(StorageLedger.FILE),
                PinningSettings.reciprocity(repo.config()).creditFor(), InstantSource.system());
    }

    /** What peers have proven they keep for this node. */
    public StorageLedger ledger() {
        return ledger;
    }

    public ReciprocityConfig reciprocity() {
        return reciprocity;
    }

    public ReplicaKeeper keeper() {
        return keeper;
    }

    public Replicator replicator() {
        return replicator;
    }

    /** One {@code /ferry/proof} challenge to a connected peer (see {@link ProofService#challenge}). */
    public ProofAnswer challenge(PeerId peer, ProofChallenge challenge, Duration timeout) throws IOException {
        return proofs.challenge(peer, challenge, timeout);
    }

    @Override
    public void close() {
        caps.removeListener(listener);
        replicator.close();
        proofs.close();
        service.close();
        keeper.close();
    }
}
