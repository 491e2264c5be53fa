package dev.ferry.policy.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.policy.pinning.HeldReplica;
import dev.ferry.policy.pinning.ProofSettings;
import dev.ferry.policy.replication.wire.MemberRecord;
import dev.ferry.policy.replication.wire.ReplicationMessageCodec;
import dev.ferry.policy.replication.wire.RootAnnouncement;
import dev.ferry.store.MemoryBlockstore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.io.TempDir;

/**
 * Member records and the dials they lead to, with the network, the trust levels and the clock in the test's hands: a
 * member tells its addresses, and dials the trusted members it hears of at the addresses they signed, within bounds.
 */
class SwarmMemberDialTest {
    private static final ReplicationConfig CONFIG = new ReplicationConfig(true, 2, 2, Duration.ofHours(12),
            Duration.ofHours(72), Duration.ofMinutes(1));

    @TempDir
    Path tmp;

    private final SwarmMember self = member();
    private final List<SwarmMember> connected = new ArrayList<>();
    private final Map<Did, Integer> trust = new HashMap<>();
    private final List<Multiaddr> ownAddresses = new ArrayList<>();
    private final List<RootAnnouncement> announced = new ArrayList<>();
    private final List<MemberRecord> records = new ArrayList<>();
    /** Dials made: the peer and the addresses it was dialled at. */
    private final List<Map.Entry<PeerId, List<Multiaddr>>> dials = new ArrayList<>();
    /** The peers a dial reaches (they then count as connected members). */
    private final Map<PeerId, SwarmMember> reachable = new HashMap<>();
    private final Set<PeerId> protectedPeers = new HashSet<>();
    private final AtomicLong now = new AtomicLong(1_000_000);
    /** Runs dials: at once, unless a test holds them. */
    private Executor dialRunner = Runnable::run;
    private SwarmReplication replication;

    private static SwarmMember member() {
        Identity id = Identity.generate(new SecureRandom());
        return new SwarmMember(id.peerId(), id.did());
    }

    private static Multiaddr addr(int i) {
        return Multiaddr.parse("/ip4/10.0.0." + i + "/tcp/4001");
    }

    private SwarmReplication replication(ReplicationConfig config) {
        SwarmPeers peers = new SwarmPeers() {
            @Override
            public List<SwarmMember> subscribed() {
                return List.copyOf(connected);
            }

            @Override
            public boolean shows(PeerId peer, Cid root) {
                return false;
            }

            @Override
            public List<Multiaddr> ownAddresses() {
                return List.copyOf(ownAddresses);
            }

            @Override
            public void dial(PeerId peer, List<Multiaddr> addresses) throws IOException {
                dials.add(Map.entry(peer, addresses));
                SwarmMember m = reachable.get(peer);
                if (m == null) {
                    throw new IOException("connection refused");
                }
                connected.add(m);
            }

            @Override
            public void protect(PeerId peer, boolean keep) {
                if (keep) {
                    protectedPeers.add(peer);
                } else {
                    protectedPeers.remove(peer);
                }
            }
        };
        SwarmKeeping keeping = new SwarmKeeping() {
            @Override
            public HeldReplica keep(Cid root) {
                throw new IllegalStateException("nothing is kept here");
            }

            @Override
            public void release(Cid root) {
            }

            @Override
            public List<HeldReplica> held() {
                return List.of();
            }
        };
        replication = new SwarmReplication(config, self, SwarmRoots.open(tmp.resolve(SwarmRoots.FILE)),
                SwarmMembers.at(tmp.resolve(SwarmMembers.FILE)), peers,
                did -> trust.getOrDefault(did, 0), keeping, List::of, c -> false, data -> {
                    try {
                        switch (ReplicationMessageCodec.decode(data)) {
                            case RootAnnouncement a -> announced.add(a);
                            case MemberRecord r -> records.add(r);
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }, () -> Instant.ofEpochMilli(now.get()), new MemoryBlockstore(),
                new ProofSettings(Duration.ofHours(1), 4, Duration.ofSeconds(5)), task -> dialRunner.execute(task));
        return replication;
    }

    /** {@code from}'s record of {@code addresses}, as the topic delivers it. */
    private void record(SwarmMember from, Multiaddr... addresses) {
        replication.take(Optional.of(from.peer()),
                ReplicationMessageCodec.encode(new MemberRecord(List.of(addresses))));
    }

    private SwarmMember trusted(int level) {
        SwarmMember m = member();
        trust.put(m.did(), level);
        return m;
    }

    private List<PeerId> dialled() {
        return dials.stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void itsRecordIsToldAtStartWhenAMemberJoinsOrIsHeardOfAndEveryInterval() {
        replication(CONFIG);
        for (int i = 0; i < 20; i++) {
            ownAddresses.add(addr(i));
        }
        ownAddresses.add(1, addr(1).encapsulate("/p2p/" + self.peer())); // names a peer: never told
        replication.check();
        assertThat(records).singleElement().satisfies(r -> assertThat(r.addresses())
                .isEqualTo(IntStream.range(0, MemberRecord.MAX_ADDRESSES).mapToObj(SwarmMemberDialTest::addr)
                        .toList()));
        replication.check();
        assertThat(records).hasSize(1); // nothing new

        connected.add(trusted(2));
        replication.check();
        assertThat(records).hasSize(2); // a member joined: it learns how to reach this node

        // two members heard of (not connected, nor reachable): one record of this node's at the next check
        record(trusted(2), addr(100));
        record(trusted(3), addr(101));
        assertThat(records).hasSize(2);
        replication.check();
        assertThat(records).hasSize(3);
        replication.check();
        assertThat(records).hasSize(3);

        now.addAndGet(CONFIG.announceInterval().toMillis());
        replication.check();
        assertThat(records).hasSize(4);
        assertThat(announced).isEmpty(); // no roots of its own: no root announcement, records only
    }

    @Test
    void aTrustedMemberHeardOfIsDialledOnceAtTheAddressesItSignedAndProtected() {
        replication(CONFIG);
        SwarmMember m = trusted(2);
        reachable.put(m.peer(), m);
        record(m, addr(1), addr(2));
        assertThat(dials).singleElement().satisfies(d -> {
            assertThat(d.getKey()).isEqualTo(m.peer());
            assertThat(d.getValue()).containsExactly(addr(1), addr(2));
        });
        assertThat(protectedPeers).containsExactly(m.peer());
        assertThat(replication.members()).extracting(SwarmMember::did).contains(m.did());
        assertThat(replication.status().known()).singleElement().satisfies(k -> {
            assertThat(k.did()).isEqualTo(m.did());
            assertThat(k.addresses()).containsExactly(addr(1), addr(2));
            assertThat(k.connected()).isTrue();
            assertThat(k.dialled()).isTrue();
            assertThat(k.failures()).isZero();
            assertThat(k.heardAtMillis()).isEqualTo(now.get());
        });
        // connected now: heard again, checked again, never dialled again
        record(m, addr(1), addr(2));
        replication.check();
        assertThat(dials).hasSize(1);

        // a member connected already is remembered but not dialled, nor protected
        SwarmMember near = trusted(5);
        connected.add(near);
        record(near, addr(3));
        replication.check();
        assertThat(dialled()).containsExactly(m.peer());
        assertThat(protectedPeers).containsExactly(m.peer());
        assertThat(replication.status().known()).extracting(KnownMember::did).containsExactlyInAnyOrder(m.did(),
                near.did());
    }

    @Test
    void strangersAndThisNodeAreNeverDialled() {
        replication(CONFIG);
        SwarmMember stranger = member(); // trusted by no one
        SwarmMember low = trusted(1); // below MinTrust 2
        reachable.put(stranger.peer(), stranger);
        reachable.put(low.peer(), low);
        record(stranger, addr(1));
        record(low, addr(2));
        replication.take(Optional.empty(), ReplicationMessageCodec.encode(new MemberRecord(List.of(addr(3)))));
        replication.take(Optional.of(self.peer()), ReplicationMessageCodec.encode(new MemberRecord(
                List.of(addr(4)))));
        replication.check();
        assertThat(dials).isEmpty();
        assertThat(replication.status().known()).isEmpty();
        assertThat(replication.status().ignored()).isEqualTo(2);
        assertThat(replication.status().heard()).isZero();
        assertThat(records).hasSize(1); // its own, at the first check: no new member was heard of
    }

    @Test
    void aFailedDialIsRetriedAfterABackoffDoublingFromOneToThirtyMinutes() {
        replication(CONFIG);
        SwarmMember m = trusted(2);
        record(m, addr(1));
        assertThat(dials).hasSize(1);
        assertThat(replication.status().known()).singleElement().satisfies(k -> {
            assertThat(k.connected()).isFalse();
            assertThat(k.dialled()).isFalse();
            assertThat(k.failures()).isEqualTo(1);
            assertThat(k.retryAtMillis()).isEqualTo(now.get() + Duration.ofMinutes(1).toMillis());
            assertThat(k.error()).isEqualTo("connection refused");
        });
        long[] waits = {1, 2, 4, 8, 16, 30, 30};
        for (long minutes : waits) {
            now.addAndGet(Duration.ofMinutes(minutes).toMillis() - 1);
            int before = dials.size();
            replication.check();
            record(m, addr(1)); // heard again meanwhile: no dial before the backoff passed either
            assertThat(dials).hasSize(before);
            now.incrementAndGet();
            replication.check();
            assertThat(dials).hasSize(before + 1);
        }
        assertThat(protectedPeers).isEmpty();

        // it moved: its new addresses are tried at once, and reach it
        reachable.put(m.peer(), m);
        record(m, addr(9));
        assertThat(dials.getLast().getValue()).containsExactly(addr(9));
        assertThat(replication.status().known().getFirst().failures()).isZero();
        assertThat(replication.status().known().getFirst().connected()).isTrue();
    }

    @Test
    void atMostFourDialsRunAtOnceTheOthersWaitForTheNextCheck() {
        List<Runnable> held = new ArrayList<>();
        dialRunner = held::add;
        replication(CONFIG);
        List<SwarmMember> many = IntStream.range(0, 6).mapToObj(i -> trusted(2)).toList();
        for (int i = 0; i < many.size(); i++) {
            record(many.get(i), addr(i));
        }
        assertThat(held).hasSize(MemberDialer.DIALS_AT_ONCE);
        replication.check();
        assertThat(held).hasSize(MemberDialer.DIALS_AT_ONCE); // none has ended: no room yet
        dialRunner = Runnable::run;
        held.forEach(Runnable::run); // they fail, and back off
        replication.check();
        assertThat(dials).hasSize(6);
        assertThat(dialled()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                many.stream().map(SwarmMember::peer).toList());
    }

    @Test
    void atMostMaxMembersAreRememberedAndNothingIsDialledWhenDialMembersIsOff() {
        replication(new ReplicationConfig(true, 2, 2, Duration.ofHours(12), Duration.ofHours(72),
                Duration.ofMinutes(1), true, 2));
        List<SwarmMember> three = IntStream.range(0, 3).mapToObj(i -> trusted(2)).toList();
        three.forEach(m -> record(m, addr(1)));
        assertThat(dialled()).containsExactly(three.get(0).peer(), three.get(1).peer());
        assertThat(replication.status().known()).hasSize(2);
        assertThat(replication.status().ignored()).isEqualTo(1);

        dials.clear();
        replication(new ReplicationConfig(true, 2, 2, Duration.ofHours(12), Duration.ofHours(72),
                Duration.ofMinutes(1), false, 64));
        SwarmMember m = trusted(2);
        reachable.put(m.peer(), m);
        record(m, addr(1));
        replication.check();
        assertThat(dials).isEmpty();
        assertThat(replication.status().known()).singleElement()
                .satisfies(k -> assertThat(k.connected()).isFalse());
        assertThat(records).isNotEmpty(); // it still tells the swarm how to reach it
    }

    @Test
    void aMemberIsForgottenAndNoLongerProtectedWhenNotHeardWithinExpireOrNoLongerTrusted() {
        replication(CONFIG);
        SwarmMember a = trusted(2);
        SwarmMember b = trusted(2);
        reachable.put(a.peer(), a);
        reachable.put(b.peer(), b);
        record(a, addr(1));
        record(b, addr(2));
        assertThat(protectedPeers).containsExactlyInAnyOrder(a.peer(), b.peer());

        trust.put(a.did(), 1);
        replication.check();
        assertThat(replication.status().known()).extracting(KnownMember::did).containsExactly(b.did());
        assertThat(protectedPeers).containsExactly(b.peer());

        now.addAndGet(CONFIG.expire().toMillis() - 1);
        replication.check();
        assertThat(replication.status().known()).hasSize(1);
        now.addAndGet(2);
        replication.check();
        assertThat(replication.status().known()).isEmpty();
        assertThat(protectedPeers).isEmpty();

        // heard again, dialled again if need be; closing lifts the protection
        connected.clear();
        record(b, addr(2));
        assertThat(protectedPeers).containsExactly(b.peer());
        replication.close();
        assertThat(protectedPeers).isEmpty();
    }

    private List<StoredMember> stored() {
        return SwarmMembers.at(tmp.resolve(SwarmMembers.FILE)).read();
    }

    /** Stops this replication as a node stopping does, and forgets the network's state: a restart. */
    private void restart(ReplicationConfig config) {
        replication.close();
        connected.clear();
        dials.clear();
        replication(config);
    }

    @Test
    void membersAreWrittenAtACheckAndDialledAgainAfterARestartBeforeAnyRecordWithoutTheirOldBackoff() {
        replication(CONFIG);
        SwarmMember near = trusted(2);
        SwarmMember far = trusted(3);
        reachable.put(near.peer(), near);
        record(near, addr(1), addr(2));
        record(far, addr(3)); // not reachable yet: it backs off
        long heard = now.get();
        assertThat(tmp.resolve(SwarmMembers.FILE)).doesNotExist(); // not at every record: at the check
        replication.check();
        assertThat(stored()).containsExactlyInAnyOrder(
                new StoredMember(near.peer(), near.did(), List.of(addr(1), addr(2)), heard),
                new StoredMember(far.peer(), far.did(), List.of(addr(3)), heard));

        now.addAndGet(10_000);
        reachable.put(far.peer(), far);
        restart(CONFIG);
        assertThat(replication.status().known()).extracting(KnownMember::did, KnownMember::heardAtMillis,
                KnownMember::failures, KnownMember::dialled).containsExactlyInAnyOrder(
                        Tuple.tuple(near.did(), heard, 0, false),
                        Tuple.tuple(far.did(), heard, 0, false));
        assertThat(dials).isEmpty();
        replication.check(); // the first check, no record heard since the restart
        assertThat(dials).extracting(Map.Entry::getKey, Map.Entry::getValue).containsExactlyInAnyOrder(
                Tuple.tuple(near.peer(), List.of(addr(1), addr(2))),
                Tuple.tuple(far.peer(), List.of(addr(3))));
        assertThat(protectedPeers).containsExactlyInAnyOrder(near.peer(), far.peer());
        assertThat(replication.members()).extracting(SwarmMember::did).contains(near.did(), far.did());
        assertThat(replication.status().heard()).isZero();
    }

    @Test
    void storedMembersPastExpireNoLongerTrustedOrThisNodeAreLeftOutAndTheFileRewritten() {
        SwarmMember fresh = trusted(2);
        SwarmMember old = trusted(2);
        SwarmMember distrusted = trusted(1); // below MinTrust 2 now
        SwarmMember ahead = trusted(2); // heard "later" than now: the clock went back
        long expiry = now.get() - CONFIG.expire().toMillis();
        SwarmMembers.at(tmp.resolve(SwarmMembers.FILE)).write(List.of(
                new StoredMember(fresh.peer(), fresh.did(), List.of(addr(1)), expiry),
                new StoredMember(old.peer(), old.did(), List.of(addr(2)), expiry - 1),
                new StoredMember(distrusted.peer(), distrusted.did(), List.of(addr(3)), now.get()),
                new StoredMember(self.peer(), self.did(), List.of(addr(4)), now.get()),
                new StoredMember(ahead.peer(), ahead.did(), List.of(addr(5)), now.get() + 3_600_000)));
        replication(CONFIG);
        assertThat(replication.status().known()).extracting(KnownMember::did, KnownMember::heardAtMillis)
                .containsExactlyInAnyOrder(Tuple.tuple(fresh.did(), expiry),
                        Tuple.tuple(ahead.did(), now.get()));
        replication.check();
        assertThat(dialled()).containsExactlyInAnyOrder(fresh.peer(), ahead.peer());
        assertThat(stored()).extracting(StoredMember::did).containsExactlyInAnyOrder(fresh.did(), ahead.did());

        // as when running: one not heard again within Expire is forgotten, and gone from the file
        now.incrementAndGet();
        replication.check();
        assertThat(stored()).extracting(StoredMember::did).containsExactly(ahead.did());
    }

    @Test
    void atMostMaxMembersAreTakenBackTheMostRecentlyHeardFirst() {
        List<SwarmMember> three = IntStream.range(0, 3).mapToObj(i -> trusted(2)).toList();
        SwarmMembers.at(tmp.resolve(SwarmMembers.FILE)).write(IntStream.range(0, 3)
                .mapToObj(i -> new StoredMember(three.get(i).peer(), three.get(i).did(), List.of(addr(i)),
                        now.get() - 1000 + i)).toList());
        replication(new ReplicationConfig(true, 2, 2, Duration.ofHours(12), Duration.ofHours(72),
                Duration.ofMinutes(1), true, 2));
        assertThat(replication.status().known()).extracting(KnownMember::did)
                .containsExactlyInAnyOrder(three.get(1).did(), three.get(2).did());
        record(three.get(0), addr(0)); // full: refused, as when running
        assertThat(replication.status().known()).hasSize(2);
    }

    @Test
    void theFileIsWrittenOnlyWhenARecordWasHeardOrAMemberForgotten() throws Exception {
        replication(CONFIG);
        replication.check();
        Path file = tmp.resolve(SwarmMembers.FILE);
        assertThat(file).doesNotExist(); // no member heard of: nothing to keep
        SwarmMember m = trusted(2);
        record(m, addr(1));
        replication.check();
        FileTime old = FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() - 60_000);
        Files.setLastModifiedTime(file, old);
        now.addAndGet(Duration.ofMinutes(2).toMillis());
        replication.check(); // a dial failed and is retried: how dials went is not kept
        assertThat(dials).hasSize(2);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
        record(m, addr(1));
        replication.check();
        assertThat(Files.getLastModifiedTime(file)).isNotEqualTo(old);
        assertThat(stored()).singleElement().satisfies(s -> assertThat(s.heardAtMillis()).isEqualTo(now.get()));

        trust.put(m.did(), 0);
        replication.check();
        assertThat(stored()).isEmpty();
        assertThat(file).exists();
    }

    @Test
    void anUnreadableFileStartsWithoutMembersAndIsReplacedAtTheNextWrite() throws Exception {
        Path file = tmp.resolve(SwarmMembers.FILE);
        Files.write(file, "not a members table".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        replication(CONFIG);
        assertThat(replication.status().known()).isEmpty();
        replication.check();
        assertThat(dials).isEmpty();
        SwarmMember m = trusted(2);
        record(m, addr(1));
        replication.check();
        assertThat(stored()).extracting(StoredMember::did).containsExactly(m.did());
    }
}
