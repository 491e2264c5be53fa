package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.identity.Did;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.content.Pinner;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.policy.pinning.HeldReplica;
import dev.ferry.policy.replication.KnownMember;
import dev.ferry.policy.replication.Rendezvous;
import dev.ferry.policy.replication.ReplicationConfig;
import dev.ferry.policy.replication.RootAssignment;
import dev.ferry.policy.replication.StoredMember;
import dev.ferry.policy.replication.SwarmMember;
import dev.ferry.policy.replication.SwarmMembers;
import dev.ferry.policy.replication.SwarmReplication;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members in a line on loopback (a connected to b, b to c) find each other by their member records, relayed by b, and
 * connect by themselves: then all three see the same members and agree on every root's holders. A peer no member
 * trusts tells them its addresses too, and is never dialled. Without dialling, the line stays a line. A member that
 * restarts dials the others at once from the records it stored.
 */
@Timeout(120)
class NodeSwarmMemberDialTest {
    @TempDir
    Path tmp;

    private Path repo(String name, boolean dial) {
        Path dir = tmp.resolve(name);
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> c.set("Replication", RepoConfig.parseValue("{\"Enabled\": true, \"Replicas\": 1,"
                + " \"MinTrust\": 1, \"CheckInterval\": \"1s\", \"AnnounceInterval\": \"1h\", \"Expire\": \"2h\","
                + " \"DialMembers\": " + dial + "}", true)));
        return dir;
    }

    private static Multiaddr dialable(Node n) {
        return n.listenAddresses().getFirst().encapsulate("/p2p/" + n.host().peerId());
    }

    private static SwarmReplication replication(Node n) {
        return n.replication().orElseThrow();
    }

    private static boolean members(Node n, Node... peers) {
        List<Did> seen = replication(n).members().stream().map(SwarmMember::did).toList();
        return seen.size() == peers.length + 1
                && seen.containsAll(Arrays.stream(peers).map(p -> p.identity().did()).toList());
    }

    private static List<Did> known(Node n) {
        return replication(n).status().known().stream().map(KnownMember::did).toList();
    }

    private static void trustEachOther(List<Node> nodes) {
        for (Node n : nodes) {
            for (Node m : nodes) {
                if (n != m) {
                    n.trust().set(m.identity().did(), 2);
                }
            }
        }
    }

    private static boolean keeps(Node n, Cid root) {
        return n.pinning().keeper().status(root, SwarmReplication.REQUESTER)
                .filter(e -> e.state() == HeldReplica.State.KEPT).isPresent();
    }

    @Test
    void membersInALineConnectByThemselvesAgreeOnHoldersAndNeverDialAStranger() throws Exception {
        Node a = Node.start(Repo.open(repo("a", true)));
        Node b = Node.start(Repo.open(repo("b", true)));
        Node c = Node.start(Repo.open(repo("c", true)));
        // d trusts the others and tells them its addresses, but dials no one; no one trusts d
        Node d = Node.start(Repo.open(repo("d", false)));
        List<Node> all = List.of(a, b, c, d);
        try {
            trustEachOther(List.of(a, b, c));
            for (Node n : List.of(a, b, c)) {
                d.trust().set(n.identity().did(), 2);
            }
            b.host().connect(dialable(a));
            c.host().connect(dialable(b));
            d.host().connect(dialable(b));

            // a and c hear of each other through b, and connect: the line becomes a full mesh
            // (the one dialled may hear the dialler's record a moment after the connection: both records are awaited)
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(30), () -> a.host().isConnected(c.host().peerId())
                    && members(a, b, c) && members(b, a, c) && members(c, a, b)
                    && known(a).contains(c.identity().did()) && known(c).contains(a.identity().did()))).isTrue();
            assertThat(replication(a).status().known()).filteredOn(k -> k.did().equals(c.identity().did()))
                    .singleElement().satisfies(k -> {
                        assertThat(k.connected()).isTrue();
                        assertThat(k.peer()).isEqualTo(c.host().peerId());
                        assertThat(k.addresses()).contains(c.listenAddresses().getFirst());
                    });
            boolean aDialledC = replication(a).status().known().stream()
                    .anyMatch(k -> k.did().equals(c.identity().did()) && k.dialled());
            boolean cDialledA = replication(c).status().known().stream()
                    .anyMatch(k -> k.did().equals(a.identity().did()) && k.dialled());
            assertThat(aDialledC || cDialledA).isTrue();
            assertThat(aDialledC ? a : c).satisfies(n -> assertThat(n.host().connectionManager()
                    .isProtected((n == a ? c : a).host().peerId())).isTrue());

            // d's record reached a and c through b (each ignored it): d is neither remembered nor dialled
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20), () -> known(d).containsAll(List.of(
                    a.identity().did(), c.identity().did())) && replication(a).status().ignored() > 0
                    && replication(c).status().ignored() > 0)).isTrue();
            Thread.sleep(3000); // three more checks
            for (Node n : List.of(a, c)) {
                assertThat(n.host().isConnected(d.host().peerId())).isFalse();
                assertThat(known(n)).doesNotContain(d.identity().did());
                assertThat(replication(n).members()).extracting(SwarmMember::did).doesNotContain(d.identity().did());
            }

            // b's roots: all three compute the same holder for each, and exactly that member keeps it
            List<Did> members = List.of(a.identity().did(), b.identity().did(), c.identity().did());
            List<Cid> roots = new ArrayList<>();
            Pinner pinner = new Pinner(b.repo().blocks(), b.repo().pins());
            for (int i = 0; i < 4; i++) {
                Cid root = new UnixfsImporter(b.repo().blocks(), ImportOptions.kuboDefaults())
                        .importStream(new ByteArrayInputStream(("root " + i).getBytes(StandardCharsets.UTF_8)), "f")
                        .cid();
                pinner.pinRecursive(root);
                roots.add(root);
            }
            b.repo().blocks().sync();
            b.contentChanged();
            assertThat(b.announce(roots)).containsExactlyElementsOf(roots);
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(30), () -> roots.stream().allMatch(r -> {
                Did holder = Rendezvous.holders(r, members, Set.of(b.identity().did()), 1).getFirst();
                return keeps(holder.equals(a.identity().did()) ? a : c, r);
            }))).isTrue();
            for (Cid r : roots) {
                List<Did> holders = Rendezvous.holders(r, members, Set.of(b.identity().did()), 1);
                for (Node n : List.of(a, c)) {
                    boolean holder = holders.contains(n.identity().did());
                    List<RootAssignment> here = replication(n).status().assigned().stream()
                            .filter(s -> s.root().equals(r)).toList();
                    if (holder) {
                        assertThat(here).singleElement().satisfies(s -> {
                            assertThat(s.holders()).isEqualTo(holders);
                            assertThat(s.state()).isEqualTo(RootAssignment.State.KEPT);
                        });
                    } else {
                        assertThat(here).isEmpty();
                        assertThat(n.pinning().keeper().status(r, SwarmReplication.REQUESTER)).isEmpty();
                    }
                }
            }
        } finally {
            for (Node n : all) {
                n.close();
            }
        }
    }

    @Test
    void withoutDiallingTheLineStaysALineThoughTheRecordsAreHeard() throws Exception {
        Node a = Node.start(Repo.open(repo("a", false)));
        Node b = Node.start(Repo.open(repo("b", false)));
        Node c = Node.start(Repo.open(repo("c", false)));
        List<Node> all = List.of(a, b, c);
        try {
            trustEachOther(all);
            b.host().connect(dialable(a));
            c.host().connect(dialable(b));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(30), () -> members(a, b) && members(c, b)
                    && known(a).contains(c.identity().did()) && known(c).contains(a.identity().did()))).isTrue();
            Thread.sleep(3000); // three more checks
            assertThat(a.host().isConnected(c.host().peerId())).isFalse();
            assertThat(members(a, b)).isTrue();
            assertThat(members(c, b)).isTrue();
            assertThat(replication(a).status().known()).filteredOn(k -> k.did().equals(c.identity().did()))
                    .singleElement().satisfies(k -> {
                        assertThat(k.connected()).isFalse();
                        assertThat(k.failures()).isZero();
                    });
        } finally {
            for (Node n : all) {
                n.close();
            }
        }
    }

    @Test
    void dialMembersAndMaxMembersAreReadFromTheConfigAndChecked() throws Exception {
        Path dir = tmp.resolve("settings");
        Repo.init(dir, new SecureRandom());
        try (Repo r = Repo.open(dir)) {
            ReplicationConfig d = ReplicationSettings.of(r.config());
            assertThat(d.dialMembers()).isTrue();
            assertThat(d.maxMembers()).isEqualTo(64);
        }
        Repo.updateConfig(dir, c -> c.set("Replication",
                RepoConfig.parseValue("{\"DialMembers\": false, \"MaxMembers\": 5}", true)));
        try (Repo r = Repo.open(dir)) {
            assertThat(ReplicationSettings.of(r.config())).satisfies(s -> {
                assertThat(s.dialMembers()).isFalse();
                assertThat(s.maxMembers()).isEqualTo(5);
            });
        }
        for (String bad : List.of("{\"DialMembers\": 1}", "{\"MaxMembers\": 0}", "{\"MaxMembers\": 5000}")) {
            Repo.updateConfig(dir, c -> c.set("Replication", RepoConfig.parseValue(bad, true)));
            try (Repo r = Repo.open(dir)) {
                assertThatThrownBy(() -> ReplicationSettings.of(r.config()))
                        .hasMessageContaining(bad.contains("Dial") ? "Replication.DialMembers"
                                : "Replication.MaxMembers");
            }
        }
    }

    @Test
    void aRestartedMemberDialsTheOthersFromItsStoredRecordsBeforeHearingAnyNewOne() throws Exception {
        Path cDir = repo("c", true);
        Node a = Node.start(Repo.open(repo("a", true)));
        Node b = Node.start(Repo.open(repo("b", true)));
        Node c = Node.start(Repo.open(cDir));
        List<Node> running = new ArrayList<>(List.of(a, b, c));
        try {
            trustEachOther(List.of(a, b, c));
            b.host().connect(dialable(a));
            c.host().connect(dialable(b));
            SwarmMembers stored = SwarmMembers.at(cDir.resolve(SwarmMembers.FILE));
            // the line becomes a mesh, and c's check writes down both others
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(30), () -> a.host().isConnected(c.host().peerId())
                    && members(c, a, b) && stored.read().stream().map(StoredMember::did).toList()
                    .containsAll(List.of(a.identity().did(), b.identity().did())))).isTrue();
            List<Multiaddr> before = c.listenAddresses();
            c.close();
            running.remove(c);
            long restarted = System.currentTimeMillis();

            // c comes back on another port: a and b cannot reach it where they knew it, only c's own dials join them
            Node c2 = Node.start(Repo.open(cDir));
            running.add(c2);
            assertThat(c2.listenAddresses()).doesNotContainAnyElementsOf(before);
            assertThat(replication(c2).status().known()).extracting(KnownMember::did)
                    .containsExactlyInAnyOrder(a.identity().did(), b.identity().did());
            assertThat(replication(c2).status().known())
                    .allSatisfy(k -> assertThat(k.heardAtMillis()).isLessThan(restarted)); // from the file
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(30), () -> c2.host().isConnected(a.host().peerId())
                    && c2.host().isConnected(b.host().peerId()) && members(c2, a, b))).isTrue();
            assertThat(replication(c2).status().known()).allSatisfy(k -> assertThat(k.dialled()).isTrue());

            // without its file (an unreadable one is started afresh) it would have waited alone
            c2.close();
            running.remove(c2);
            Files.write(stored.file(), "torn".getBytes(StandardCharsets.US_ASCII));
            Node c3 = Node.start(Repo.open(cDir));
            running.add(c3);
            assertThat(replication(c3).status().known()).isEmpty();
            Thread.sleep(3000); // three checks
            assertThat(c3.host().isConnected(a.host().peerId()) || c3.host().isConnected(b.host().peerId()))
                    .isFalse();
        } finally {
            for (Node n : running) {
                n.close();
            }
        }
    }
}
