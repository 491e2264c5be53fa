package dev.ferry.policy.pinning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.walk.DagWalker;
import dev.ferry.exchange.ferry.pin.wire.PinOp;
import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.exchange.ferry.pin.wire.PinState;
import dev.ferry.exchange.ferry.proof.ProofProtocolException;
import dev.ferry.exchange.ferry.proof.wire.BlockProof;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.exchange.ferry.proof.wire.ProofState;
import dev.ferry.exchange.ferry.proof.wire.ProofWire;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import dev.ferry.testing.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Storage proofs asked by the replicator, against scripted holders and a manual clock. */
@Timeout(30)
class ReplicatorProofTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock();
    /** This node's own store, holding the DAG (11 blocks: a root and 10 raw leaves). */
    private final MemoryBlockstore local = new MemoryBlockstore();
    private Cid root;
    private List<Block> dag;

    /** How a scripted holder answers challenges. */
    enum Prover { HONEST, OLD, SILENT, LIAR, BUSY }

    /** A scripted peer: keeps what it is asked to, and answers challenges as {@code prover} says. */
    final class Peer {
        final PeerId id = Identity.generate(RANDOM).peerId();
        final int trust;
        Prover prover = Prover.HONEST;
        final Set<Cid> lost = new HashSet<>();
        final Set<Cid> kept = new HashSet<>();
        final List<ProofChallenge> challenges = new ArrayList<>();
        final List<PinRequest> asked = new ArrayList<>();

        Peer(int trust) {
            this.trust = trust;
        }

        PinReply answer(PinRequest r) {
            asked.add(r);
            return switch (r.op()) {
                case PIN -> {
                    kept.add(r.root());
                    yield new PinReply(PinState.PINNED, "", 1234);
                }
                case STATUS -> kept.contains(r.root()) ? new PinReply(PinState.PINNED, "", 1234)
                        : PinReply.of(PinState.NOT_PINNED);
                case UNPIN -> {
                    kept.remove(r.root());
                    yield PinReply.of(PinState.NOT_PINNED);
                }
            };
        }

        long count(PinOp op) {
            return asked.stream().filter(r -> r.op() == op).count();
        }

        ProofAnswer prove(ProofChallenge c) throws IOException {
            challenges.add(c);
            return switch (prover) {
                case OLD -> throw new ProofProtocolException("peer " + id + " does not speak /ferry/proof/1.0.0", null);
                case SILENT -> throw new SocketTimeoutException("no proof answer from " + id + " within 5000 ms");
                case BUSY -> ProofAnswer.of(ProofState.BUSY, "rate");
                case HONEST, LIAR -> ProofAnswer.proof(c.blocks().stream().map(b -> {
                    if (lost.contains(b)) {
                        return BlockProof.missing();
                    }
                    byte[] data = local.get(b).orElseThrow().data();
                    byte[] d = ProofWire.digest(c.nonce(), data);
                    if (prover == Prover.LIAR) {
                        d[0] ^= 1;
                    }
                    return BlockProof.of(d);
                }).toList());
            };
        }
    }

    private final Map<PeerId, Peer> peers = new LinkedHashMap<>();

    private Peer peer(int trust) {
        Peer p = new Peer(trust);
        peers.put(p.id, p);
        return p;
    }

    private final ReplicaPeers network = new ReplicaPeers() {
        @Override
        public List<PeerId> candidates() {
            return List.copyOf(peers.keySet());
        }

        @Override
        public boolean isConnected(PeerId peer) {
            return peers.containsKey(peer);
        }

        @Override
        public int trustOf(PeerId peer) {
            return peers.get(peer).trust;
        }

        @Override
        public PinReply ask(PeerId peer, PinRequest request, Duration timeout) {
            return peers.get(peer).answer(request);
        }

        @Override
        public ProofAnswer prove(PeerId peer, ProofChallenge challenge, Duration timeout) throws IOException {
            return peers.get(peer).prove(challenge);
        }
    };

    /** What the observer was told, one line per outcome. */
    private final List<String> observed = new ArrayList<>();
    private final ProofObserver observer = new ProofObserver() {
        @Override
        public void proven(PeerId holder, Cid r, long bytes, long atMillis) {
            observed.add("proven " + holder + " " + r + " " + bytes + " " + atMillis);
        }

        @Override
        public void failed(PeerId holder, Cid r, String reason, long atMillis) {
            observed.add("failed " + holder + " " + r + " " + reason);
        }
    };

    @BeforeEach
    void importDag() throws Exception {
        byte[] data = new byte[40_000];
        new Random(3).nextBytes(data);
        root = new UnixfsImporter(local, ImportOptions.kuboDefaults().withChunkSize(4096).withRawLeaves(true))
                .importStream(new ByteArrayInputStream(data), "f").cid();
        dag = new ArrayList<>();
        new DagWalker(local).walk(List.of(root), dag::add);
        assertThat(dag).hasSize(11);
    }

    /** Replicas 1; 16 blocks a challenge, so every block of the 11 is challenged each time. */
    private Replicator replicator(ProofSettings proofs, MemoryBlockstore store) {
        PinningConfig cfg = PinningConfig.defaults()
                .withPolicies(Map.of("important", new PinningPolicy("important", 1, 1)))
                .withProofs(proofs);
        Replicator r = new Replicator(PolicyPins.open(tmp.resolve(PolicyPins.FILE), clock.millis()), network, null,
                store, cfg, clock);
        r.setProofObserver(observer);
        r.add(root, "important");
        return r;
    }

    private Replicator replicator() {
        return replicator(new ProofSettings(Duration.ofHours(1), 16, Duration.ofSeconds(5)), local);
    }

    private List<PeerId> holders(Replicator r) {
        return r.get(root).orElseThrow().holders().stream().map(ReplicaHolder::peer).toList();
    }

    private ReplicaHolder holder(Replicator r) {
        return r.get(root).orElseThrow().holders().getFirst();
    }

    @Test
    void anHonestHolderIsProvenAtTheNextCheckTheTimeIsKeptAndItIsChallengedAgainAnIntervalLater() {
        Peer p = peer(9);
        Replicator r = replicator();
        r.checkAll(); // asked to keep it: not challenged before its next status
        assertThat(p.challenges).isEmpty();
        assertThat(holder(r).proven()).isFalse();

        r.checkAll();
        assertThat(p.challenges).singleElement().satisfies(c -> {
            assertThat(c.root()).isEqualTo(root);
            assertThat(c.blocks()).containsExactlyInAnyOrderElementsOf(dag.stream().map(Block::cid).toList());
        });
        assertThat(holder(r).provenAt()).isEqualTo(clock.millis());
        assertThat(observed).containsExactly("proven " + p.id + " " + root + " 1234 " + clock.millis());
        // durable, and a table without the proven field (written before proofs) still reads
        assertThat(PolicyPins.open(tmp.resolve(PolicyPins.FILE), 0).get(root).orElseThrow().holders().getFirst()
                .provenAt()).isEqualTo(clock.millis());

        clock.advance(Duration.ofMinutes(59));
        r.checkAll();
        assertThat(p.challenges).hasSize(1);
        clock.advance(Duration.ofMinutes(2));
        r.checkAll();
        assertThat(p.challenges).hasSize(2);
        assertThat(p.challenges.get(0).nonce()).isNotEqualTo(p.challenges.get(1).nonce()); // fresh each time
        assertThat(holders(r)).containsExactly(p.id);
    }

    @Test
    void aWrongDigestDropsTheHolderAtOnceAndAnotherPeerReplacesIt() {
        Peer liar = peer(9);
        Peer next = peer(5);
        Replicator r = replicator();
        r.checkAll();
        assertThat(holders(r)).containsExactly(liar.id);
        liar.prover = Prover.LIAR;
        r.checkAll();
        assertThat(holders(r)).containsExactly(next.id);
        assertThat(r.drops(root)).singleElement().satisfies(d -> {
            assertThat(d.peer()).isEqualTo(liar.id);
            assertThat(d.reason()).startsWith("failed a storage proof: wrong digest for block ");
        });
        assertThat(liar.kept).doesNotContain(root); // told to let go
        assertThat(liar.count(PinOp.UNPIN)).isEqualTo(1);
        assertThat(observed).singleElement().asString().startsWith("failed " + liar.id + " " + root + " wrong digest");
    }

    @Test
    void aMissingBlockDropsTheHolderWithTheBlockNamed() {
        Peer holder = peer(9);
        Peer next = peer(5);
        Replicator r = replicator();
        r.checkAll();
        Cid lost = dag.get(4).cid();
        holder.lost.add(lost);
        r.checkAll();
        assertThat(holders(r)).containsExactly(next.id);
        assertThat(r.drops(root)).extracting(Replicator.Drop::reason)
                .containsExactly("failed a storage proof: block " + lost + " missing");
        assertThat(observed).containsExactly("failed " + holder.id + " " + root + " block " + lost + " missing");
        // cooled: not asked again for the root right away
        r.checkAll();
        assertThat(holder.count(PinOp.PIN)).isEqualTo(1);
    }

    @Test
    void noAnswerTwiceInARowDropsTheHolderButOnceDoesNot() {
        Peer silent = peer(9);
        Peer next = peer(5);
        Replicator r = replicator();
        r.checkAll();
        silent.prover = Prover.SILENT;
        r.checkAll();
        assertThat(holders(r)).containsExactly(silent.id);
        assertThat(r.proofNote(silent.id, root)).hasValueSatisfying(n -> assertThat(n)
                .startsWith("1 failed attempt: no answer within 5000 ms"));
        silent.prover = Prover.HONEST; // a success in between starts the count again
        r.checkAll();
        assertThat(holder(r).proven()).isTrue();
        assertThat(r.proofNote(silent.id, root)).isEmpty();
        clock.advance(Duration.ofHours(2));
        silent.prover = Prover.SILENT;
        r.checkAll();
        assertThat(holders(r)).containsExactly(silent.id);
        r.checkAll();
        assertThat(holders(r)).containsExactly(next.id);
        assertThat(r.drops(root)).extracting(Replicator.Drop::reason).singleElement().asString()
                .startsWith("failed a storage proof: 2 failed attempts in a row");
        assertThat(observed).filteredOn(l -> l.startsWith("failed")).hasSize(3);
    }

    @Test
    void anOlderFerryStaysUnprovenAndIsTriedAgainOnlyAnIntervalLater() {
        Peer old = peer(9);
        old.prover = Prover.OLD;
        Replicator r = replicator();
        r.checkAll();
        r.checkAll();
        r.checkAll();
        assertThat(holders(r)).containsExactly(old.id);
        assertThat(holder(r).proven()).isFalse();
        assertThat(old.challenges).hasSize(1);
        assertThat(r.proofNote(old.id, root)).hasValue("does not speak /ferry/proof/1.0.0");
        assertThat(observed).isEmpty();
        clock.advance(Duration.ofMinutes(61));
        r.checkAll();
        assertThat(old.challenges).hasSize(2);
        assertThat(r.prove(root, null)).containsExactly(
                new ProofOutcome.Unproven(old.id, "does not speak /ferry/proof/1.0.0"));
    }

    @Test
    void aBusyHolderIsNeitherProvenNorFailed() {
        Peer p = peer(9);
        Replicator r = replicator();
        r.checkAll();
        p.prover = Prover.BUSY;
        r.checkAll();
        r.checkAll();
        assertThat(holders(r)).containsExactly(p.id);
        assertThat(holder(r).proven()).isFalse();
        assertThat(observed).isEmpty();
        p.prover = Prover.HONEST;
        r.checkAll();
        assertThat(holder(r).proven()).isTrue();
    }

    @Test
    void aZeroIntervalChallengesNobodyPeriodicallyButProveStillAsks() {
        Peer p = peer(9);
        Replicator r = replicator(new ProofSettings(Duration.ZERO, 4, Duration.ofSeconds(5)), local);
        for (int i = 0; i < 5; i++) {
            r.checkAll();
            clock.advance(Duration.ofHours(2));
        }
        assertThat(p.challenges).isEmpty();
        assertThat(r.prove(root, p.id)).singleElement().isInstanceOf(ProofOutcome.Proven.class);
        assertThat(p.challenges).singleElement().satisfies(c -> assertThat(c.blocks()).hasSize(4).doesNotHaveDuplicates());
    }

    @Test
    void aRootNoLongerWholeHereIsNotChallenged() {
        Peer p = peer(9);
        MemoryBlockstore partial = new MemoryBlockstore();
        partial.put(local.get(root).orElseThrow()); // the root node, not its leaves
        Replicator r = replicator(new ProofSettings(Duration.ofHours(1), 16, Duration.ofSeconds(5)), partial);
        r.checkAll();
        r.checkAll();
        assertThat(p.challenges).isEmpty();
        assertThat(holders(r)).containsExactly(p.id);
        assertThat(r.prove(root, null)).singleElement().isInstanceOfSatisfying(ProofOutcome.Unproven.class,
                u -> assertThat(u.why()).contains("cannot read the DAG").contains("not in the local store"));
    }

    @Test
    void proveTellsEachHolderAndDropsTheFailingOne() {
        Peer a = peer(9);
        Peer b = peer(8);
        Peer c = peer(7);
        PinningConfig cfg = PinningConfig.defaults()
                .withPolicies(Map.of("important", new PinningPolicy("important", 2, 1)))
                .withProofs(new ProofSettings(Duration.ofHours(1), 16, Duration.ofSeconds(5)));
        Replicator r = new Replicator(PolicyPins.open(tmp.resolve(PolicyPins.FILE), clock.millis()), network, null,
                local, cfg, clock);
        r.add(root, "important");
        r.checkAll();
        assertThat(holders(r)).containsExactly(a.id, b.id);
        b.lost.add(root);
        List<ProofOutcome> outcomes = r.prove(root, null);
        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0)).isInstanceOf(ProofOutcome.Proven.class);
        assertThat(outcomes.get(1)).isEqualTo(new ProofOutcome.Failed(b.id, "block " + root + " missing", true));
        assertThat(holders(r)).containsExactly(a.id);
        r.checkAll(); // the replacement
        assertThat(holders(r)).containsExactly(a.id, c.id);
        assertThatThrownBy(() -> r.prove(root, b.id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not keep");
        assertThatThrownBy(() -> r.prove(Block.raw(new byte[] {9}).cid(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not pinned under a policy");
    }

    @Test
    void aTableWrittenBeforeProofsReadsAndOneWithoutProvenHoldersIsWrittenAsBefore() throws Exception {
        Peer p = peer(9);
        Path file = tmp.resolve(PolicyPins.FILE);
        String old = "ferry-policy-pins v1\npin " + root + " important\nholder " + p.id + " CONFIRMED 5 1234\n"
                + "end 1 1 0 0 0\n";
        java.nio.file.Files.writeString(file, old);
        PolicyPins table = PolicyPins.open(file, 7);
        assertThat(table.get(root).orElseThrow().holders())
                .containsExactly(new ReplicaHolder(p.id, ReplicaHolder.State.CONFIRMED, 5, 7, 1234, 0));
        table.put(table.get(root).orElseThrow());
        assertThat(java.nio.file.Files.readString(file)).isEqualTo(old);
        table.put(new PolicyPin(root, "important",
                List.of(new ReplicaHolder(p.id, ReplicaHolder.State.CONFIRMED, 5, 7, 1234, 99))));
        assertThat(java.nio.file.Files.readString(file)).contains("holder " + p.id + " CONFIRMED 5 1234 99\n");
        assertThat(PolicyPins.open(file, 7).get(root).orElseThrow().holders().getFirst().provenAt()).isEqualTo(99);
        java.nio.file.Files.writeString(file, old.replace("1234\n", "1234 -3\n"));
        assertThatThrownBy(() -> PolicyPins.open(file, 7)).hasMessageContaining("bad line");
    }
}
