package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.gc.GarbageCollector;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.walk.DagWalker;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.content.ContentLock;
import dev.ferry.node.content.Pinner;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.policy.pinning.HeldReplica;
import dev.ferry.policy.pinning.PolicyPin;
import dev.ferry.policy.pinning.ReplicaHolder;
import dev.ferry.store.PinType;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pinning policies between four real nodes on loopback: a pins a DAG under a policy of two replicas; the two most
 * trusted of b, c and d fetch and keep it (not as pins of their own); when one holder stops, the third peer takes its
 * place; when a drops the pin, the holders let go and their collection frees the blocks.
 */
@Timeout(120)
class NodePinningPolicyTest {
    @TempDir
    Path tmp;

    private Path repo(String name, String pinningJson) {
        Path dir = tmp.resolve(name);
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        if (pinningJson != null) {
            Repo.updateConfig(dir, c -> c.set("Pinning", RepoConfig.parseValue(pinningJson, true)));
        }
        return dir;
    }

    private static Multiaddr dialable(Node n) {
        return n.listenAddresses().getFirst().encapsulate("/p2p/" + n.host().peerId());
    }

    private static boolean complete(Node n, Cid root) {
        return new DagWalker(n.repo().blocks(), true).walk(List.of(root), b -> { }).missing().isEmpty();
    }

    private static List<HeldReplica> kept(Node n) {
        return n.pinning().keeper().table().list();
    }

    private static void collect(Node n) {
        try (ContentLock.Held held = ContentLock.of(n.repo().blocks()).collecting()) {
            new GarbageCollector(n.repo().blocks(), n.repo().pins(), n.pinning().keeper().keptRoots()).collect();
        }
    }

    @Test
    void aPolicyPinNameRecordedWithoutANodeIsTheRunningNodesAndTheRepositorysAfter() throws Exception {
        Path dir = repo("named", "{\"Policies\": {\"important\": {\"Replicas\": 1}}}");
        Cid root = Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
        try (Repo r = Repo.open(dir)) {
            assertThat(NodePinning.register(r, root, "important", "my site").name()).isEqualTo("my site");
            assertThat(NodePinning.rename(r, root, "renamed")).hasValueSatisfying(
                    p -> assertThat(p.name()).isEqualTo("renamed"));
            assertThat(NodePinning.rename(r, Cid.parse("bafkqaaa"), "none")).isEmpty();
        }
        try (Node n = Node.start(Repo.open(dir))) {
            PolicyPin pin = n.pinning().replicator().get(root).orElseThrow();
            assertThat(pin.name()).isEqualTo("renamed");
            assertThat(pin.policy()).isEqualTo("important");
            n.pinning().replicator().add(root, "important", "by the node");
        }
        try (Repo r = Repo.open(dir)) {
            assertThat(NodePinning.policyPins(r).get(root).orElseThrow().name()).isEqualTo("by the node");
            assertThat(NodePinning.unregister(r, root)).hasValueSatisfying(
                    p -> assertThat(p.name()).isEqualTo("by the node"));
            assertThat(NodePinning.policyPins(r).list()).isEmpty();
        }
    }

    @Test
    void aPolicyPinIsKeptOnTheMostTrustedPeersRepairedAndReleased() throws Exception {
        Path ra = repo("a", "{\"Policies\": {\"important\": {\"Replicas\": 2, \"MinTrust\": 5}},"
                + " \"CheckInterval\": \"1s\", \"RepairAfter\": \"2s\"}");
        try (Node a = Node.start(Repo.open(ra)); Node b = Node.start(Repo.open(repo("b", null)));
                Node c = Node.start(Repo.open(repo("c", null))); Node d = Node.start(Repo.open(repo("d", null)))) {
            a.trust().set(b.identity().did(), 8);
            a.trust().set(c.identity().did(), 7);
            a.trust().set(d.identity().did(), 6);
            for (Node n : List.of(b, c, d)) {
                n.trust().set(a.identity().did(), 5); // Pinning.AcceptTrust, default 5
                n.host().connect(dialable(a));
            }
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(15),
                    () -> a.capabilities().table().size() == 3)).isTrue();

            byte[] data = new byte[1_500_000];
            new Random(21).nextBytes(data);
            Cid root = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream(data), "f").cid();
            a.repo().blocks().sync();
            new Pinner(a.repo().blocks(), a.repo().pins()).pinRecursive(root);
            a.pinning().replicator().add(root, "important");

            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                    () -> a.pinning().replicator().get(root).orElseThrow().confirmed() == 2)).isTrue();
            PolicyPin pin = a.pinning().replicator().get(root).orElseThrow();
            assertThat(pin.holders()).extracting(ReplicaHolder::peer)
                    .containsExactly(b.host().peerId(), c.host().peerId());
            assertThat(pin.holders().getFirst().bytes()).isGreaterThan(data.length);
            for (Node n : List.of(b, c)) {
                assertThat(complete(n, n == b ? root : root)).isTrue();
                assertThat(kept(n)).singleElement().satisfies(e -> {
                    assertThat(e.root()).isEqualTo(root);
                    assertThat(e.requester()).isEqualTo(a.identity().did().toString());
                    assertThat(e.state()).isEqualTo(HeldReplica.State.KEPT);
                });
                // kept for a, not pinned as the node's own (a's release must be able to free it)
                assertThat(n.repo().pins().isPinned(root, PinType.RECURSIVE)).isFalse();
                collect(n);
                assertThat(complete(n, root)).isTrue();
            }
            assertThat(kept(d)).isEmpty();
            assertThat(a.pinning().replicator().problem(root)).isEmpty();

            b.close(); // a holder goes away: after RepairAfter, d takes its place
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20), () -> {
                PolicyPin p = a.pinning().replicator().get(root).orElseThrow();
                return p.confirmed() == 2 && p.holders().stream().map(ReplicaHolder::peer).toList()
                        .equals(List.of(c.host().peerId(), d.host().peerId()));
            })).isTrue();
            assertThat(complete(d, root)).isTrue();

            // a drops the pin: the holders are told at the next check and let go
            new Pinner(a.repo().blocks(), a.repo().pins()).unpin(root, true);
            assertThat(a.pinning().replicator().remove(root)).isPresent();
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> kept(c).isEmpty() && kept(d).isEmpty())).isTrue();
            collect(c);
            assertThat(c.repo().blocks().has(root)).isFalse();
            assertThat(complete(a, root)).isTrue(); // a's own blocks wait for a's own collection
        }
    }

    @Test
    void peersBelowTheAcceptedTrustDoNotKeepContentAndTheShortfallIsReported() throws Exception {
        Path ra = repo("a", "{\"Policies\": {\"important\": {\"Replicas\": 1, \"MinTrust\": 0}},"
                + " \"CheckInterval\": \"1s\"}");
        try (Node a = Node.start(Repo.open(ra)); Node b = Node.start(Repo.open(repo("b", null)))) {
            b.trust().set(a.identity().did(), 4); // below b's AcceptTrust of 5
            b.host().connect(dialable(a));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(15),
                    () -> a.capabilities().table().size() == 1)).isTrue();
            Cid root = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream("kept?".getBytes()), "f").cid();
            new Pinner(a.repo().blocks(), a.repo().pins()).pinRecursive(root);
            a.pinning().replicator().add(root, "important");
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> a.pinning().replicator().problem(root).isPresent())).isTrue();
            assertThat(a.pinning().replicator().problem(root).orElseThrow()).contains("0 of 1");
            assertThat(kept(b)).isEmpty();
            assertThat(b.repo().blocks().has(root)).isFalse();
        }
    }

    @Test
    void aKeptReplicaIsAnnouncedSoThatOthersFetchItThereWhenItsOwnerIsGone() throws Exception {
        Path ra = repo("a", "{\"Policies\": {\"important\": {\"Replicas\": 1, \"MinTrust\": 5}},"
                + " \"CheckInterval\": \"1s\"}");
        byte[] data = new byte[800_000];
        new Random(23).nextBytes(data);
        try (Node b = Node.start(Repo.open(repo("b", null))); Node c = Node.start(Repo.open(repo("c", null)))) {
            Cid root;
            try (Node a = Node.start(Repo.open(ra))) {
                a.trust().set(b.identity().did(), 8);
                b.trust().set(a.identity().did(), 5);
                b.host().connect(dialable(a));
                c.host().connect(dialable(a)); // c knows only a
                var pa = a.pubsub().orElseThrow();
                assertThat(PeeringRestartTest.within(Duration.ofSeconds(15), () ->
                        pa.meshPeers(dev.ferry.pubsub.ContentNotices.TOPIC).contains(b.host().peerId())
                                && pa.meshPeers(dev.ferry.pubsub.ContentNotices.TOPIC).contains(c.host().peerId())))
                        .isTrue();
                root = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                        .importStream(new ByteArrayInputStream(data), "f").cid();
                new Pinner(a.repo().blocks(), a.repo().pins()).pinRecursive(root);
                a.pinning().replicator().add(root, "important");
                var notices = c.contentNotices().orElseThrow();
                assertThat(PeeringRestartTest.within(Duration.ofSeconds(20), () -> notices.announcers(root).stream()
                        .anyMatch(n -> n.author().equals(b.host().peerId())))).isTrue();
                assertThat(kept(c)).isEmpty();
            } // a, the owner, goes away
            assertThat(c.host().isConnected(b.host().peerId())).isFalse();
            try (var s = c.fetcher().open(Duration.ofSeconds(20))) {
                s.fetchAll(root);
            }
            assertThat(complete(c, root)).isTrue();
            assertThat(c.host().isConnected(b.host().peerId())).isTrue();
        }
    }
}
