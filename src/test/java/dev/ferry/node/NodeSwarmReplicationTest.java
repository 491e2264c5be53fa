package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.gc.GarbageCollector;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.walk.DagWalker;
import dev.ferry.dag.walk.Links;
import dev.ferry.identity.Did;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.content.ContentLock;
import dev.ferry.node.content.Pinner;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.policy.pinning.HeldReplica;
import dev.ferry.policy.replication.Rendezvous;
import dev.ferry.policy.replication.RootAssignment;
import dev.ferry.policy.replication.SwarmMember;
import dev.ferry.policy.replication.SwarmReplication;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import dev.ferry.store.PinType;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swarm-wide replication between real nodes on loopback, all trusting each other at 2, two replicas: a's content
 * is kept by the two members the assignment names; when d joins and takes one of those places, the holder it
 * displaces lets go only once d has proven, by a storage proof, that it keeps the DAG; with a gone, the fourth member
 * still gets the content from the holders; when d leaves, the displaced member takes its place back. An announcer's
 * unpin withdraws the root, and its holders let go.
 */
@Timeout(180)
class NodeSwarmReplicationTest {
    private static final String REPLICATION = "{\"Enabled\": true, \"Replicas\": 2, \"MinTrust\": 1,"
            + " \"CheckInterval\": \"1s\", \"AnnounceInterval\": \"1h\", \"Expire\": \"2h\"}";

    @TempDir
    Path tmp;

    private Path repo(String name) {
        Path dir = tmp.resolve(name);
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> c.set("Replication", RepoConfig.parseValue(REPLICATION, true)));
        return dir;
    }

    private static Multiaddr dialable(Node n) {
        return n.listenAddresses().getFirst().encapsulate("/p2p/" + n.host().peerId());
    }

    private static SwarmReplication replication(Node n) {
        return n.replication().orElseThrow();
    }

    private static Optional<HeldReplica> keptForSwarm(Node n, Cid root) {
        return n.pinning().keeper().status(root, SwarmReplication.REQUESTER);
    }

    private static boolean keeps(Node n, Cid root) {
        return keptForSwarm(n, root).filter(e -> e.state() == HeldReplica.State.KEPT).isPresent();
    }

    private static boolean complete(Node n, Cid root) {
        return new DagWalker(n.repo().blocks(), true).walk(List.of(root), b -> { }).missing().isEmpty();
    }

    private static boolean members(Node n, Node... peers) {
        return replication(n).members().stream().map(SwarmMember::did).toList().size() == peers.length + 1
                && replication(n).members().stream().map(SwarmMember::did).toList()
                        .containsAll(java.util.Arrays.stream(peers).map(p -> p.identity().did()).toList());
    }

    private static Cid cidOf(byte[] data) throws java.io.IOException {
        return new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefaults())
                .importStream(new ByteArrayInputStream(data), "f").cid();
    }

    @Test
    void aMembersContentIsKeptByItsAssignedMembersMovedWithMembershipAndOutlivesItsOwner() throws Exception {
        Node a = Node.start(Repo.open(repo("a")));
        Node b = Node.start(Repo.open(repo("b")));
        Node c = Node.start(Repo.open(repo("c")));
        Node d = Node.start(Repo.open(repo("d")));
        List<Node> all = new ArrayList<>(List.of(a, b, c, d));
        try {
            for (Node n : all) {
                for (Node m : all) {
                    if (n != m) {
                        n.trust().set(m.identity().did(), 2);
                    }
                }
            }
            b.host().connect(dialable(a));
            c.host().connect(dialable(a));
            c.host().connect(dialable(b));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                    () -> members(a, b, c) && members(b, a, c) && members(c, a, b))).isTrue();

            // content whose holders among b, c and d (a announces it) include d
            List<Did> candidates = List.of(b.identity().did(), c.identity().did(), d.identity().did());
            Random random = new Random(31);
            byte[] data = new byte[700_000];
            Cid expected;
            do {
                random.nextBytes(data);
                expected = cidOf(data);
            } while (!Rendezvous.holders(expected, candidates, Set.of(), 2).contains(d.identity().did()));
            List<Did> holders = Rendezvous.holders(expected, candidates, Set.of(), 2);
            Node x = holders.contains(b.identity().did()) ? b : c; // keeps it throughout
            Node y = x == b ? c : b; // keeps it until d joins

            Cid root = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream(data), "f").cid();
            assertThat(root).isEqualTo(expected);
            a.repo().blocks().sync();
            new Pinner(a.repo().blocks(), a.repo().pins()).pinRecursive(root);
            a.contentChanged();
            assertThat(a.announce(List.of(root))).containsExactly(root);

            // b and c, the only candidates, keep it for the swarm (not as pins of their own)
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(30), () -> keeps(b, root) && keeps(c, root)))
                    .isTrue();
            for (Node n : List.of(b, c)) {
                assertThat(complete(n, root)).isTrue();
                assertThat(n.repo().pins().isPinned(root, PinType.RECURSIVE)).isFalse();
                assertThat(replication(n).status().assigned()).singleElement().satisfies(s -> {
                    assertThat(s.root()).isEqualTo(root);
                    assertThat(s.state()).isEqualTo(RootAssignment.State.KEPT);
                    assertThat(s.announcers()).containsExactly(a.identity().did());
                });
            }
            assertThat(keptForSwarm(a, root)).isEmpty(); // the announcer pins it already
            assertThat(replication(a).status().assigned()).isEmpty();
            assertThat(keptForSwarm(d, root)).isEmpty();

            // d joins: it takes y's place, and y lets go only once d proved it keeps the whole DAG. While a leaf is
            // private on d, d refuses every challenge for it (the DAG's 4 blocks are all sampled): y keeps its copy,
            // though d keeps the DAG and its capabilities index shows the root
            Block leaf = a.repo().blocks().get(Links.of(a.repo().blocks().get(root).orElseThrow()).getFirst())
                    .orElseThrow();
            d.repo().blocks().put(leaf);
            d.privateContent().markPrivate(leaf.cid(), d.repo().blocks());
            for (Node n : List.of(a, b, c)) {
                d.host().connect(dialable(n));
            }
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(30), () -> keeps(d, root) && complete(d, root)
                    && replication(y).status().assigned().stream().anyMatch(s -> s.message().contains(
                            d.identity().did() + " not proven: answered REFUSED")))).isTrue();
            Thread.sleep(3000); // three more checks
            assertThat(keeps(y, root)).isTrue();
            assertThat(replication(y).status().assigned()).singleElement()
                    .satisfies(s -> assertThat(s.state()).isEqualTo(RootAssignment.State.RELEASING));
            d.privateContent().unmark(leaf.cid());
            boolean[] releasedBeforeCovered = {false};
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(40), () -> {
                if (keptForSwarm(y, root).isEmpty()) {
                    releasedBeforeCovered[0] |= !(keeps(d, root) && complete(d, root));
                    return true;
                }
                return false;
            })).isTrue();
            assertThat(releasedBeforeCovered[0]).isFalse();
            assertThat(keeps(x, root)).isTrue();
            assertThat(replication(d).status().assigned()).singleElement()
                    .satisfies(s -> assertThat(s.holders()).containsExactlyInAnyOrderElementsOf(holders));
            // exactly the two assigned members keep it
            for (Node n : all) {
                assertThat(keptForSwarm(n, root).isPresent()).as(n.identity().did().toString())
                        .isEqualTo(n == x || n == d);
            }

            // y collects what it let go; a, the owner, leaves; y still gets the content, from the holders
            try (ContentLock.Held held = ContentLock.of(y.repo().blocks()).collecting()) {
                new GarbageCollector(y.repo().blocks(), y.repo().pins(), y.pinning().keeper().keptRoots())
                        .collect();
            }
            assertThat(y.repo().blocks().has(root)).isFalse();
            a.close();
            all.remove(a);
            try (var s = y.cachingFetcher().open(Duration.ofSeconds(20))) {
                s.fetchAll(root);
            }
            assertThat(complete(y, root)).isTrue();
            assertThat(y.repo().pins().isPinned(root, PinType.RECURSIVE)).isFalse();

            // d leaves: y is assigned again and keeps it
            d.close();
            all.remove(d);
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(30), () -> keeps(y, root))).isTrue();
            assertThat(keeps(x, root)).isTrue();
            assertThat(replication(y).status().assigned()).singleElement()
                    .satisfies(s -> assertThat(s.holders()).containsExactlyInAnyOrder(b.identity().did(),
                            c.identity().did()));
        } finally {
            for (Node n : all) {
                n.close();
            }
        }
    }

    @Test
    void anAnnouncersUnpinWithdrawsTheRootAndItsHoldersLetGo() throws Exception {
        Node a = Node.start(Repo.open(repo("a")));
        Node b = Node.start(Repo.open(repo("b")));
        Node c = Node.start(Repo.open(repo("c")));
        List<Node> all = List.of(a, b, c);
        try {
            for (Node n : all) {
                for (Node m : all) {
                    if (n != m) {
                        n.trust().set(m.identity().did(), 2);
                    }
                }
            }
            b.host().connect(dialable(a));
            c.host().connect(dialable(a));
            c.host().connect(dialable(b));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                    () -> members(a, b, c) && members(b, a, c) && members(c, a, b))).isTrue();
            byte[] data = new byte[300_000];
            new Random(7).nextBytes(data);
            Cid root = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream(data), "f").cid();
            a.repo().blocks().sync();
            Pinner pinner = new Pinner(a.repo().blocks(), a.repo().pins());
            pinner.pinRecursive(root);
            a.contentChanged();
            a.announce(List.of(root));
            // two replicas, two candidates: b and c keep it
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(30), () -> keeps(b, root) && keeps(c, root)))
                    .isTrue();

            // a unpins it, as pin rm does through the daemon: the root is withdrawn and no one announces it
            pinner.unpin(root, true);
            assertThat(replication(a).withdraw(List.of(root))).containsExactly(root);
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                    () -> keptForSwarm(b, root).isEmpty() && keptForSwarm(c, root).isEmpty())).isTrue();
            for (Node n : all) {
                assertThat(replication(n).roots().knows(root)).isFalse();
            }
        } finally {
            for (Node n : all) {
                n.close();
            }
        }
    }

    @Test
    void replicationIsOffByDefaultAndItsSettingsAreChecked() throws Exception {
        Path dir = tmp.resolve("plain");
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        try (Node n = Node.start(Repo.open(dir))) {
            assertThat(n.replication()).isEmpty();
            assertThat(n.pubsub().orElseThrow().topics()).doesNotContain(SwarmReplication.TOPIC);
        }
        Repo.updateConfig(dir, c -> c.set("Replication",
                RepoConfig.parseValue("{\"Enabled\": true, \"AnnounceInterval\": \"80h\"}", true)));
        try (Repo r = Repo.open(dir)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReplicationSettings.of(r.config()))
                    .hasMessageContaining("config Replication").hasMessageContaining("expire");
        }
        Repo.updateConfig(dir, c -> c.set("Replication", RepoConfig.parseValue("{\"Replicas\": 0}", true)));
        try (Repo r = Repo.open(dir)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReplicationSettings.of(r.config()))
                    .hasMessageContaining("Replication.Replicas");
        }
    }
}
