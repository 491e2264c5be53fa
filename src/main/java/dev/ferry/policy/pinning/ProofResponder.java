package dev.ferry.policy.pinning;

import dev.ferry.exchange.ferry.proof.ProofHandler;
import dev.ferry.exchange.ferry.proof.wire.BlockProof;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.exchange.ferry.proof.wire.ProofState;
import dev.ferry.exchange.ferry.proof.wire.ProofWire;
import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.InvalidBlockException;
import dev.ferry.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The holder's side of storage proofs: answers a challenge only for a root it keeps (a KEPT entry of
 * {@link HeldReplicas}) for the challenger's did:key, hashing the nonce with each challenged block it holds and
 * answering "missing" for each it lacks (a corrupt block is missing too).
 *
 * <p>Reads only the local block store it is given, never a fetching one: a challenge must never make this node fetch
 * (a fetched block would prove nothing, and a challenger could use it to make the node download). Private content is
 * never answered for, as Bitswap and the gateway never serve it: a private root or a private challenged block is
 * REFUSED, whoever asks. The challenged blocks are not checked to belong to the root's DAG (that would take a walk per
 * challenge); what an answer reveals of a public block, that this node holds it, Bitswap's want-have tells anyone.
 *
 * <p>A root kept for a group rather than for one peer (swarm replication keeps its roots for the requester
 * {@code swarm}) is answered for any challenger the group's predicate admits (a current member of the swarm, which
 * checks that a root is kept before it lets its own copy go); the predicate is asked only when the challenger's own
 * entry does not answer. Thread-safe.
 */
public final class ProofResponder implements ProofHandler {
    private final HeldReplicas held;
    private final Blockstore local;
    private final Predicate<Cid> isPrivate;
    private final String group;
    private final Predicate<Did> inGroup;

    /**
     * A responder for roots kept for the challenger itself only.
     *
     * @param local     the node's own block store (no fetching behind it)
     * @param isPrivate whether a CID's block is private content of this node
     */
    public ProofResponder(HeldReplicas held, Blockstore local, Predicate<Cid> isPrivate) {
        this(held, local, isPrivate, null, d -> false);
    }

    /**
     * @param group   a requester whose roots are answered for other challengers too (null: none)
     * @param inGroup which challengers may have the {@code group}'s roots proven
     */
    public ProofResponder(HeldReplicas held, Blockstore local, Predicate<Cid> isPrivate, String group,
            Predicate<Did> inGroup) {
        this.held = Objects.requireNonNull(held, "held");
        this.local = Objects.requireNonNull(local, "local");
        this.isPrivate = Objects.requireNonNull(isPrivate, "isPrivate");
        this.group = group;
        this.inGroup = Objects.requireNonNull(inGroup, "inGroup");
    }

    @Override
    public ProofAnswer handle(PeerId from, Did challenger, ProofChallenge challenge) {
        Cid root = challenge.root();
        if (isPrivate.test(root) || challenge.blocks().stream().anyMatch(isPrivate)) {
            return ProofAnswer.of(ProofState.REFUSED, "private content");
        }
        if (!kept(root, challenger.toString())
                && (group == null || !kept(root, group) || !inGroup.test(challenger))) {
            return ProofAnswer.of(ProofState.NOT_HELD, "not kept for " + challenger);
        }
        byte[] nonce = challenge.nonce();
        List<BlockProof> out = new ArrayList<>(challenge.blocks().size());
        for (Cid c : challenge.blocks()) {
            out.add(read(c).map(data -> BlockProof.of(ProofWire.digest(nonce, data))).orElse(BlockProof.missing()));
        }
        return ProofAnswer.proof(out);
    }

    private boolean kept(Cid root, String requester) {
        return held.get(root, requester).filter(e -> e.state() == HeldReplica.State.KEPT).isPresent();
    }

    private Optional<byte[]> read(Cid c) {
        try {
            return local.get(c).map(Block::data);
        } catch (InvalidBlockException | StoreException e) {
            return Optional.empty(); // a block that no longer hashes to its CID is not kept
        }
    }
}
