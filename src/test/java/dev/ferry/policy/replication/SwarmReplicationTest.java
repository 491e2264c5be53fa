package dev.ferry.policy.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.exchange.ferry.proof.ProofProtocolException;
import dev.ferry.exchange.ferry.proof.wire.BlockProof;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.exchange.ferry.proof.wire.ProofState;
import dev.ferry.exchange.ferry.proof.wire.ProofWire;
import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.policy.pinning.HeldReplica;
import dev.ferry.policy.pinning.ProofSettings;
import dev.ferry.policy.replication.wire.MemberRecord;
import dev.ferry.policy.replication.wire.ReplicationMessageCodec;
import dev.ferry.policy.replication.wire.RootAnnouncement;
import dev.ferry.policy.replication.wire.RootAnnouncementCodec;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check, with the peers, the keeper and the clock in the test's hands. */
class SwarmReplicationTest {
    private static final ReplicationConfig CONFIG = new ReplicationConfig(true, 2, 2, Duration.ofHours(12),
            Duration.ofHours(72), Duration.ofMinutes(1));

    @TempDir
    Path tmp;

    private final SwarmMember self = member();
    private final List<SwarmMember> others = IntStream.range(0, 3).mapToObj(i -> member()).toList();
    private final List<SwarmMember> connected = new ArrayList<>(others);
    private final Map<PeerId, Set<Cid>> shown = new HashMap<>();
    private final Map<Did, Integer> trust = new HashMap<>();
    private final Map<Cid, HeldReplica> held = new LinkedHashMap<>();
    private final List<Cid> ownRoots = new ArrayList<>();
    private final Set<Cid> privateRoots = new HashSet<>();
    private final List<RootAnnouncement> published = new ArrayList<>();
    private final List<MemberRecord> records = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000);
    /** This node's own blocks, which new holders are challenged against. */
    private final MemoryBlockstore local = new MemoryBlockstore();
    /** How each member answers storage challenges; absent: an older ferry without the proof protocol. */
    private final Map<PeerId, Prover> provers = new HashMap<>();
    private final List<PeerId> challenged = new ArrayList<>();
    private SwarmReplication replication;

    private static SwarmMember member() {
        Identity id = Identity.generate(new SecureRandom());
        return new SwarmMember(id.peerId(), id.did());
    }

    private static Cid root(int i) {
        return Block.raw(("content " + i).getBytes(StandardCharsets.UTF_8)).cid();
    }

    /** How a scripted member answers a storage challenge. */
    enum Prover { HONEST, LOST_A_BLOCK, NOT_HELD, SILENT }

    private ProofAnswer answer(PeerId peer, ProofChallenge c) throws IOException {
        challenged.add(peer);
        Prover p = provers.get(peer);
        if (p == null) {
            throw new ProofProtocolException("peer " + peer + " does not speak /ferry/proof/1.0.0", null);
        }
        return switch (p) {
            case HONEST, LOST_A_BLOCK -> {
                List<BlockProof> out = new ArrayList<>();
                for (Cid b : c.blocks()) {
                    out.add(p == Prover.LOST_A_BLOCK && out.isEmpty() ? BlockProof.missing()
                            : BlockProof.of(ProofWire.digest(c.nonce(), local.get(b).orElseThrow().data())));
                }
                yield ProofAnswer.proof(out);
            }
            case NOT_HELD -> ProofAnswer.of(ProofState.NOT_HELD, "not kept");
            case SILENT -> throw new SocketTimeoutException("no answer");
        };
    }

    private SwarmReplication replication() {
        others.forEach(m -> trust.put(m.did(), 2));
        SwarmPeers peers = new SwarmPeers() {
            @Override
            public List<SwarmMember> subscribed() {
                return List.copyOf(connected);
            }

            @Override
            public boolean shows(PeerId peer, Cid root) {
                return shown.getOrDefault(peer, Set.of()).contains(root);
            }

            @Override
            public ProofAnswer prove(PeerId peer, ProofChallenge challenge, Duration timeout) throws IOException {
                return answer(peer, challenge);
            }
        };
        SwarmKeeping keeping = new SwarmKeeping() {
            @Override
            public HeldReplica keep(Cid root) {
                HeldReplica e = new HeldReplica(root, SwarmReplication.REQUESTER, HeldReplica.State.FETCHING, 0,
                        now.get(), "");
                held.put(root, e);
                return e;
            }

            @Override
            public void release(Cid root) {
                held.remove(root);
            }

            @Override
            public List<HeldReplica> held() {
                return List.copyOf(held.values());
            }
        };
        TrustLevels levels = did -> trust.getOrDefault(did, 0);
        replication = new SwarmReplication(CONFIG, self, SwarmRoots.open(tmp.resolve(SwarmRoots.FILE)),
                SwarmMembers.at(tmp.resolve(SwarmMembers.FILE)), peers, levels,
                keeping, () -> List.copyOf(ownRoots), privateRoots::contains, data -> {
                    try {
                        switch (ReplicationMessageCodec.decode(data)) {
                            case RootAnnouncement a -> published.add(a);
                            case MemberRecord r -> records.add(r);
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }, () -> Instant.ofEpochMilli(now.get()), local, new ProofSettings(Duration.ofHours(1), 4,
                Duration.ofSeconds(5)), Runnable::run);
        return replication;
    }

    private void announce(SwarmMember from, Cid... roots) {
        replication.take(Optional.of(from.peer()),
                RootAnnouncementCodec.encode(new RootAnnouncement(List.of(roots))));
    }

    private List<Did> dids(List<SwarmMember> members) {
        return members.stream().map(SwarmMember::did).toList();
    }

    private void kept(Cid root) {
        held.put(root, new HeldReplica(root, SwarmReplication.REQUESTER, HeldReplica.State.KEPT, 1234, now.get(), ""));
    }

    @Test
    void exactlyTheRootsAssignedHereAreKept() {
        replication();
        SwarmMember announcer = others.getFirst();
        List<Cid> roots = IntStream.range(0, 40).mapToObj(SwarmReplicationTest::root).toList();
        announce(announcer, roots.toArray(Cid[]::new));
        replication.check();
        List<Did> members = new ArrayList<>(dids(others));
        members.add(self.did());
        Set<Cid> expected = new HashSet<>();
        for (Cid r : roots) {
            List<Did> holders = Rendezvous.holders(r, members, Set.of(announcer.did()), 2);
            assertThat(holders).hasSize(2).doesNotContain(announcer.did());
            if (holders.contains(self.did())) {
                expected.add(r);
            }
        }
        assertThat(expected).isNotEmpty().hasSizeLessThan(roots.size()); // 2 of 3 candidates: about 27 of 40
        assertThat(held.keySet()).isEqualTo(expected);
        assertThat(replication.status().assigned()).extracting(RootAssignment::root)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(replication.status().assigned()).allSatisfy(a -> {
            assertThat(a.state()).isEqualTo(RootAssignment.State.FETCHING);
            assertThat(a.announcers()).containsExactly(announcer.did());
        });
        assertThat(replication.status().rootsKnown()).isEqualTo(40);
        replication.check(); // nothing changes: the entries are there
        assertThat(held.keySet()).isEqualTo(expected);
    }

    @Test
    void strangersAndPeersTrustedTooLittleAreNeitherMembersNorHeard() {
        replication();
        SwarmMember stranger = member();
        trust.put(others.get(1).did(), 1); // below MinTrust 2
        connected.add(stranger);
        announce(stranger, root(1));
        announce(others.get(1), root(2));
        assertThat(replication.roots().size()).isZero();
        assertThat(replication.status().ignored()).isEqualTo(2);
        assertThat(replication.members()).extracting(SwarmMember::did)
                .containsExactlyInAnyOrder(self.did(), others.get(0).did(), others.get(2).did());
        // an anonymous or malformed message is refused by the topic's validator
        replication.take(Optional.empty(), new byte[] {1});
        announce(others.getFirst(), root(3));
        replication.take(Optional.of(others.getFirst().peer()), new byte[] {(byte) 0xff});
        assertThat(replication.status().heard()).isEqualTo(1);
        assertThat(replication.status().ignored()).isEqualTo(3);
    }

    @Test
    void ownRootsAreAnnouncedAtTheFirstCheckWhenAMemberJoinsAndEveryInterval() {
        replication();
        ownRoots.addAll(List.of(root(1), root(2), root(3)));
        privateRoots.add(root(3));
        replication.check();
        assertThat(published).singleElement().satisfies(a -> assertThat(a.roots()).containsExactly(root(1), root(2)));
        replication.check();
        assertThat(published).hasSize(1); // nothing new
        connected.add(member());
        trust.put(connected.getLast().did(), 5);
        replication.check();
        assertThat(published).hasSize(2); // a member joined: it hears every root at once
        connected.removeLast();
        now.addAndGet(CONFIG.announceInterval().toMillis());
        replication.check();
        assertThat(published).hasSize(3);
        // this node's own roots are in the table, announced by itself, and never kept for the swarm
        assertThat(replication.roots().byRoot().get(root(1))).extracting(SwarmRoot::announcer)
                .containsExactly(self.did());
        assertThat(replication.roots().knows(root(3))).isFalse();
        assertThat(held).isEmpty();
        assertThat(replication.announce(List.of(root(4), root(3)))).containsExactly(root(4));
    }

    @Test
    void aRootNoLongerAssignedIsReleasedOnlyOnceEveryNewHolderShowsIt() {
        replication();
        // a root assigned here among the three members, but not once a fourth member joins
        SwarmMember announcer = others.getFirst();
        SwarmMember joining = member();
        trust.put(joining.did(), 3);
        List<Did> before = List.of(self.did(), others.get(1).did(), others.get(2).did());
        List<Did> after = List.of(self.did(), others.get(1).did(), others.get(2).did(), joining.did());
        Cid r = IntStream.range(0, 500).mapToObj(SwarmReplicationTest::root)
                .filter(c -> Rendezvous.holders(c, before, Set.of(), 2).contains(self.did())
                        && !Rendezvous.holders(c, after, Set.of(), 2).contains(self.did()))
                .findFirst().orElseThrow();
        announce(announcer, r);
        replication.check();
        assertThat(held).containsKey(r);
        kept(r);

        connected.add(joining);
        replication.check();
        List<Did> holders = Rendezvous.holders(r, after, Set.of(announcer.did()), 2);
        assertThat(holders).contains(joining.did()).doesNotContain(self.did());
        assertThat(held).containsKey(r); // the newcomer does not show it yet
        RootAssignment a = replication.status().assigned().getFirst();
        assertThat(a.state()).isEqualTo(RootAssignment.State.RELEASING);
        assertThat(a.message()).contains(joining.did().toString());

        shown.put(joining.peer(), Set.of(r)); // one of the two shows it: not yet
        replication.check();
        assertThat(held).containsKey(r);
        SwarmMember other = connected.stream().filter(m -> holders.contains(m.did()) && !m.equals(joining))
                .findFirst().orElseThrow();
        shown.put(other.peer(), Set.of(r));
        replication.check();
        assertThat(held).doesNotContainKey(r);
        assertThat(replication.status().assigned()).isEmpty();
    }

    @Test
    void entriesNotKeptWholeAreReleasedAtOnceWhenNoLongerAssigned() {
        replication();
        SwarmMember joining = member();
        trust.put(joining.did(), 3);
        List<Did> before = List.of(self.did(), others.get(1).did(), others.get(2).did());
        List<Did> after = List.of(self.did(), others.get(1).did(), others.get(2).did(), joining.did());
        Cid r = IntStream.range(0, 500).mapToObj(SwarmReplicationTest::root)
                .filter(c -> Rendezvous.holders(c, before, Set.of(), 2).contains(self.did())
                        && !Rendezvous.holders(c, after, Set.of(), 2).contains(self.did()))
                .findFirst().orElseThrow();
        announce(others.getFirst(), r);
        replication.check();
        assertThat(held.get(r).state()).isEqualTo(HeldReplica.State.FETCHING);
        connected.add(joining);
        replication.check();
        assertThat(held).isEmpty(); // a partial copy protects nothing: no need to wait
    }

    @Test
    void anExpiredRootIsForgottenAndReleasedEvenUncovered() {
        replication();
        SwarmMember announcer = others.getFirst();
        Cid r = IntStream.range(0, 500).mapToObj(SwarmReplicationTest::root)
                .filter(c -> Rendezvous.holders(c, List.of(self.did(), others.get(1).did(), others.get(2).did()),
                        Set.of(), 2).contains(self.did()))
                .findFirst().orElseThrow();
        announce(announcer, r);
        replication.check();
        kept(r);
        connected.remove(announcer); // the announcer leaves: the root stays kept until it expires
        now.addAndGet(CONFIG.expire().toMillis() - 1);
        replication.check();
        assertThat(held).containsKey(r);
        announce(others.get(1), r); // another member pins it too: its announcement keeps the root alive
        now.addAndGet(2);
        replication.check();
        assertThat(replication.roots().byRoot().get(r)).extracting(SwarmRoot::announcer)
                .containsExactly(others.get(1).did());
        now.addAndGet(CONFIG.expire().toMillis());
        replication.check();
        assertThat(replication.roots().knows(r)).isFalse();
        assertThat(held).isEmpty();
    }

    @Test
    void aFailedRootIsTriedAgainAfterTenChecks() {
        replication();
        Cid r = IntStream.range(0, 500).mapToObj(SwarmReplicationTest::root)
                .filter(c -> Rendezvous.holders(c, List.of(self.did(), others.get(1).did(), others.get(2).did()),
                        Set.of(), 2).contains(self.did()))
                .findFirst().orElseThrow();
        announce(others.getFirst(), r);
        replication.check();
        held.put(r, new HeldReplica(r, SwarmReplication.REQUESTER, HeldReplica.State.FAILED, 0, now.get(), "gone"));
        now.addAndGet(CONFIG.checkInterval().toMillis() * 9);
        replication.check();
        assertThat(held.get(r).state()).isEqualTo(HeldReplica.State.FAILED);
        assertThat(replication.status().assigned().getFirst().message()).isEqualTo("gone");
        now.addAndGet(CONFIG.checkInterval().toMillis());
        replication.check();
        assertThat(held.get(r).state()).isEqualTo(HeldReplica.State.FETCHING);
    }

    private void withdraw(SwarmMember from, Cid... roots) {
        replication.take(Optional.of(from.peer()),
                RootAnnouncementCodec.encode(RootAnnouncement.withdrawal(List.of(roots))));
    }

    /** The first of the test's roots that {@code filter} accepts. */
    private Cid rootWhere(java.util.function.Predicate<Cid> filter) {
        return IntStream.range(0, 500).mapToObj(SwarmReplicationTest::root).filter(filter).findFirst().orElseThrow();
    }

    @Test
    void anAnnouncersOwnWithdrawalDropsItAndTheLastOneGoneReleasesTheRoot() {
        replication();
        SwarmMember a = others.get(0);
        SwarmMember b = others.get(1);
        SwarmMember c = others.get(2);
        // with a and b announcing, self and c keep it; with b alone, self is still among the two strongest
        Cid r = rootWhere(x -> Rendezvous.holders(x, List.of(self.did(), a.did(), c.did()), Set.of(), 2)
                .contains(self.did()));
        announce(a, r);
        announce(b, r);
        replication.check();
        assertThat(held).containsKey(r);
        kept(r);

        // another member's withdrawal, and a stranger's, change nothing: a member withdraws only for itself
        withdraw(c, r);
        SwarmMember stranger = member();
        connected.add(stranger);
        withdraw(stranger, r);
        assertThat(replication.roots().byRoot().get(r)).extracting(SwarmRoot::announcer)
                .containsExactlyInAnyOrder(a.did(), b.did());
        replication.check();
        assertThat(held).containsKey(r);

        withdraw(a, r); // a unpinned it: b still announces it, and self is still assigned
        assertThat(replication.roots().byRoot().get(r)).extracting(SwarmRoot::announcer).containsExactly(b.did());
        replication.check();
        assertThat(held).containsKey(r);
        assertThat(replication.status().assigned()).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(RootAssignment.State.KEPT));

        withdraw(b, r); // the last announcer gone: as expired, released at the next check, no proof asked
        assertThat(replication.roots().knows(r)).isFalse();
        assertThat(held).containsKey(r);
        assertThat(replication.status().assigned()).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(RootAssignment.State.RELEASING));
        replication.check();
        assertThat(held).isEmpty();
        assertThat(challenged).isEmpty();
        // an announcement and a withdrawal in one message: the record refuses a root named in both
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RootAnnouncement(List.of(r), List.of(r)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thisNodeWithdrawsWhatItNoLongerPinsAndOnlyThat() {
        replication();
        ownRoots.addAll(List.of(root(1), root(2), root(3)));
        replication.check();
        published.clear();
        // never announced here: nothing goes on the wire
        assertThat(replication.withdraw(List.of(root(9)))).isEmpty();
        assertThat(published).isEmpty();
        ownRoots.remove(root(1));
        assertThat(replication.withdraw(List.of(root(1)))).containsExactly(root(1));
        assertThat(published).singleElement().satisfies(a -> {
            assertThat(a.roots()).isEmpty();
            assertThat(a.withdrawn()).containsExactly(root(1));
        });
        assertThat(replication.roots().knows(root(1))).isFalse();
        // a root unpinned without a withdrawal (the daemon was down) is withdrawn at the next full announcement
        ownRoots.remove(root(2));
        published.clear();
        replication.announceAll();
        assertThat(published).hasSize(2);
        assertThat(published.get(0).roots()).containsExactly(root(3));
        assertThat(published.get(1).withdrawn()).containsExactly(root(2));
        assertThat(replication.roots().byRoot().keySet()).containsExactly(root(3));
    }

    /** A DAG in the local store, kept here before {@code joining} joins and assigned elsewhere after. */
    private Cid movingDag(SwarmMember joining) throws IOException {
        List<Did> before = List.of(self.did(), others.get(1).did(), others.get(2).did());
        List<Did> after = List.of(self.did(), others.get(1).did(), others.get(2).did(), joining.did());
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            byte[] data = new byte[20_000];
            random.nextBytes(data);
            MemoryBlockstore scratch = new MemoryBlockstore();
            Cid r = new UnixfsImporter(scratch, ImportOptions.kuboDefaults().withChunkSize(4096))
                    .importStream(new ByteArrayInputStream(data), "f").cid();
            if (Rendezvous.holders(r, before, Set.of(), 2).contains(self.did())
                    && !Rendezvous.holders(r, after, Set.of(), 2).contains(self.did())) {
                new UnixfsImporter(local, ImportOptions.kuboDefaults().withChunkSize(4096))
                        .importStream(new ByteArrayInputStream(data), "f");
                return r;
            }
        }
        throw new AssertionError("no such DAG");
    }

    /** The new holders of a root that moved away from this node once {@code joining} joined, shown the root. */
    private List<SwarmMember> handOver(Cid r, SwarmMember joining) {
        announce(others.getFirst(), r);
        replication.check();
        kept(r);
        connected.add(joining);
        List<Did> members = new ArrayList<>(dids(connected));
        members.add(self.did());
        List<Did> holders = Rendezvous.holders(r, members, Set.of(others.getFirst().did()), 2);
        List<SwarmMember> out = connected.stream().filter(m -> holders.contains(m.did())).toList();
        assertThat(out).hasSize(2).contains(joining);
        out.forEach(m -> shown.put(m.peer(), Set.of(r)));
        return out;
    }

    @Test
    void aMovedRootIsReleasedOnlyOnceEveryNewHolderProvedItKeepsIt() throws IOException {
        replication();
        SwarmMember joining = member();
        trust.put(joining.did(), 3);
        Cid r = movingDag(joining);
        List<SwarmMember> holders = handOver(r, joining);
        provers.put(holders.get(0).peer(), Prover.HONEST);
        provers.put(holders.get(1).peer(), Prover.LOST_A_BLOCK);
        replication.check();
        assertThat(held).containsKey(r); // both show it in their index, but one failed its proof
        assertThat(challenged).contains(holders.get(1).peer()); // the other too, when it came first
        assertThat(replication.status().assigned().getFirst().message())
                .contains(holders.get(1).did() + " not proven: block").contains("missing");

        provers.put(holders.get(1).peer(), Prover.NOT_HELD); // still fetching on its side
        replication.check();
        assertThat(held).containsKey(r);
        provers.put(holders.get(1).peer(), Prover.SILENT);
        replication.check();
        assertThat(held).containsKey(r);
        assertThat(replication.status().assigned().getFirst().message()).contains("no answer within 5000 ms");

        provers.put(holders.get(1).peer(), Prover.HONEST);
        challenged.clear();
        replication.check();
        assertThat(held).doesNotContainKey(r);
        assertThat(challenged).containsExactlyInAnyOrder(holders.get(0).peer(), holders.get(1).peer());
    }

    @Test
    void aNewHolderNotShowingTheRootIsNotChallengedAndAnOlderFerryIsTakenAtItsIndexWord() throws IOException {
        replication();
        SwarmMember joining = member();
        trust.put(joining.did(), 3);
        Cid r = movingDag(joining);
        List<SwarmMember> holders = handOver(r, joining);
        provers.put(holders.get(0).peer(), Prover.HONEST); // holders.get(1): no proof protocol
        shown.remove(holders.get(1).peer());
        replication.check();
        assertThat(held).containsKey(r);
        assertThat(challenged).isEmpty(); // the index says it has not taken the root yet: no challenge
        shown.put(holders.get(1).peer(), Set.of(r));
        replication.check();
        assertThat(held).doesNotContainKey(r); // proven by one, shown by the older one
        assertThat(challenged).containsExactlyInAnyOrder(holders.get(0).peer(), holders.get(1).peer());
    }
}
