package dev.ferry.policy.pinning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.walk.DagWalker;
import dev.ferry.exchange.ferry.proof.wire.BlockProof;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.exchange.ferry.proof.wire.ProofState;
import dev.ferry.exchange.ferry.proof.wire.ProofWire;
import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.ForwardingBlockstore;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The holder's answers to storage challenges, against a real table and store. */
class ProofResponderTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path tmp;

    private final Identity asker = Identity.generate(RANDOM);
    private final Identity other = Identity.generate(RANDOM);
    private final Set<Cid> privateBlocks = new HashSet<>();
    private final List<Block> written = new ArrayList<>();
    /** The local store, recording every write: a responder must never put anything (it never fetches). */
    private final MemoryBlockstore memory = new MemoryBlockstore();
    private final ForwardingBlockstore local = new ForwardingBlockstore(memory) {
        @Override
        public void put(Block block) {
            written.add(block);
            super.put(block);
        }
    };
    private HeldReplicas held;
    private ProofResponder responder;
    private Cid root;
    private List<Block> blocks;

    @BeforeEach
    void setUp() throws Exception {
        byte[] data = new byte[40_000];
        new Random(7).nextBytes(data);
        root = new UnixfsImporter(memory, ImportOptions.kuboDefaults().withChunkSize(4096))
                .importStream(new ByteArrayInputStream(data), "f").cid();
        blocks = new ArrayList<>();
        new DagWalker(memory).walk(List.of(root), blocks::add);
        assertThat(blocks).hasSizeGreaterThan(5);
        held = HeldReplicas.open(tmp.resolve(HeldReplicas.FILE));
        held.put(new HeldReplica(root, asker.did().toString(), HeldReplica.State.KEPT, 40_000, 1, ""));
        responder = new ProofResponder(held, local, privateBlocks::contains);
    }

    private static ProofChallenge challenge(Cid root, List<Cid> blocks) {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        return new ProofChallenge(root, nonce, blocks);
    }

    private ProofAnswer ask(Identity who, ProofChallenge c) {
        return responder.handle(PeerId.fromPublicKey(who.publicKey()), who.did(), c);
    }

    @Test
    void aKeptRootIsAnsweredWithTheDigestOfNonceAndBlockForEachBlockInOrder() {
        List<Block> chosen = List.of(blocks.get(3), blocks.getFirst(), blocks.getLast(), blocks.get(3));
        ProofChallenge c = challenge(root, chosen.stream().map(Block::cid).toList());
        ProofAnswer a = ask(asker, c);
        assertThat(a.state()).isEqualTo(ProofState.PROOF);
        assertThat(a.blocks()).containsExactlyElementsOf(chosen.stream()
                .map(b -> BlockProof.of(ProofWire.digest(c.nonce(), b.data()))).toList());
        // another nonce, other digests: an answer cannot be kept for later
        ProofChallenge again = challenge(root, c.blocks());
        assertThat(ask(asker, again).blocks()).doesNotContainAnyElementsOf(a.blocks());
    }

    @Test
    void anUnknownRootAnotherRequestersRootAndAnUnfinishedEntryAreNotHeld() {
        Cid unknown = Block.raw("never kept".getBytes()).cid();
        assertThat(ask(asker, challenge(unknown, List.of(unknown))).state()).isEqualTo(ProofState.NOT_HELD);
        // kept for asker, challenged by another: nothing is revealed to it
        ProofAnswer a = ask(other, challenge(root, List.of(root)));
        assertThat(a.state()).isEqualTo(ProofState.NOT_HELD);
        assertThat(a.blocks()).isEmpty();
        held.put(new HeldReplica(root, other.did().toString(), HeldReplica.State.FETCHING, 0, 1, ""));
        assertThat(ask(other, challenge(root, List.of(root))).state()).isEqualTo(ProofState.NOT_HELD);
        held.put(new HeldReplica(root, other.did().toString(), HeldReplica.State.KEPT, 40_000, 2, ""));
        assertThat(ask(other, challenge(root, List.of(root))).state()).isEqualTo(ProofState.PROOF);
    }

    @Test
    void aMissingBlockIsAnsweredMissingAndNeverFetched() {
        Block lost = blocks.get(2);
        memory.delete(lost.cid());
        Cid absent = Block.raw("not in any store".getBytes()).cid();
        ProofChallenge c = challenge(root, List.of(root, lost.cid(), absent));
        ProofAnswer a = ask(asker, c);
        assertThat(a.state()).isEqualTo(ProofState.PROOF);
        assertThat(a.blocks().get(0)).isEqualTo(BlockProof.of(ProofWire.digest(c.nonce(),
                memory.get(root).orElseThrow().data())));
        assertThat(a.blocks().subList(1, 3)).containsOnly(BlockProof.missing());
        assertThat(written).isEmpty();
        assertThat(memory.has(lost.cid())).isFalse();
        assertThat(memory.has(absent)).isFalse();
    }

    @Test
    void privateContentIsRefusedWhoeverAsks() {
        privateBlocks.add(blocks.get(1).cid());
        ProofAnswer a = ask(asker, challenge(root, List.of(blocks.get(0).cid(), blocks.get(1).cid())));
        assertThat(a.state()).isEqualTo(ProofState.REFUSED);
        assertThat(a.message()).contains("private");
        assertThat(a.blocks()).isEmpty();
        // a private root refuses every challenge of it, even of public blocks
        privateBlocks.add(root);
        assertThat(ask(asker, challenge(root, List.of(blocks.get(0).cid()))).state()).isEqualTo(ProofState.REFUSED);
        // twin: with nothing private, the same challenge is answered
        privateBlocks.clear();
        assertThat(ask(asker, challenge(root, List.of(blocks.get(0).cid()))).state()).isEqualTo(ProofState.PROOF);
    }

    @Test
    void aRootKeptForTheSwarmIsAnsweredForAMemberOnly() {
        Set<Did> members = new HashSet<>(Set.of(other.did()));
        ProofResponder swarm = new ProofResponder(held, local, privateBlocks::contains, "swarm", members::contains);
        Cid shared = blocks.get(1).cid(); // a subtree, kept here for the swarm only
        held.put(new HeldReplica(shared, "swarm", HeldReplica.State.KEPT, 4096, 1, ""));
        ProofChallenge c = challenge(shared, List.of(shared));
        ProofAnswer a = swarm.handle(PeerId.fromPublicKey(other.publicKey()), other.did(), c);
        assertThat(a.state()).isEqualTo(ProofState.PROOF);
        assertThat(a.blocks()).containsExactly(BlockProof.of(ProofWire.digest(c.nonce(), blocks.get(1).data())));
        // asker is no member: the swarm's root is not answered for it, though its own root still is
        assertThat(swarm.handle(PeerId.fromPublicKey(asker.publicKey()), asker.did(), c).state())
                .isEqualTo(ProofState.NOT_HELD);
        assertThat(swarm.handle(PeerId.fromPublicKey(asker.publicKey()), asker.did(),
                challenge(root, List.of(root))).state()).isEqualTo(ProofState.PROOF);
        // a member no longer: refused too
        members.clear();
        assertThat(swarm.handle(PeerId.fromPublicKey(other.publicKey()), other.did(), c).state())
                .isEqualTo(ProofState.NOT_HELD);
        // the plain responder knows no group
        members.add(other.did());
        assertThat(responder.handle(PeerId.fromPublicKey(other.publicKey()), other.did(), c).state())
                .isEqualTo(ProofState.NOT_HELD);
        // a swarm entry not kept whole is not answered for, member or not
        held.put(new HeldReplica(shared, "swarm", HeldReplica.State.FETCHING, 0, 2, ""));
        assertThat(swarm.handle(PeerId.fromPublicKey(other.publicKey()), other.did(), c).state())
                .isEqualTo(ProofState.NOT_HELD);
    }
}
