package dev.ferry.policy.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.policy.pinning.HeldReplica;
import dev.ferry.policy.replication.wire.RootAnnouncement;
import dev.ferry.policy.replication.wire.RootAnnouncementCodec;
import dev.ferry.store.Block;
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
    private final AtomicLong now = new AtomicLong(1_000_000);
    private SwarmReplication replication;

    private static SwarmMember member() {
        Identity id = Identity.generate(new SecureRandom());
        return new SwarmMember(id.peerId(), id.did());
    }

    private static Cid root(int i) {
        return Block.raw(("content " + i).getBytes(StandardCharsets.UTF_8)).cid();
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
        replication = new SwarmReplication(CONFIG, self, SwarmRoots.open(tmp.resolve(SwarmRoots.FILE)), peers, levels,
                keeping, () -> List.copyOf(ownRoots), privateRoots::contains, data -> {
                    try {
                        published.add(RootAnnouncementCodec.decode(data));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }, () -> Instant.ofEpochMilli(now.get()));
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
}
