package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.walk.DagWalker;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.content.Pinner;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.policy.pinning.PolicyPin;
import dev.ferry.policy.pinning.ProofObserver;
import dev.ferry.policy.pinning.ProofOutcome;
import dev.ferry.policy.pinning.ReplicaHolder;
import dev.ferry.identity.PeerId;
import dev.ferry.store.Block;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage proofs between three real nodes on loopback: a's policy pin of one replica is kept by b, which proves it;
 * a block is then deleted from b's store behind its back, the next proof catches it, and c takes b's place.
 */
@Timeout(120)
class NodeStorageProofTest {
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

    @Test
    void aHolderThatLostABlockFailsItsProofAndIsReplaced() throws Exception {
        // 16 blocks a challenge: the whole DAG (7 blocks) is challenged every time
        Path ra = repo("a", "{\"Policies\": {\"important\": {\"Replicas\": 1, \"MinTrust\": 5}},"
                + " \"CheckInterval\": \"1s\", \"ProofBlocks\": 16}");
        try (Node a = Node.start(Repo.open(ra)); Node b = Node.start(Repo.open(repo("b", null)));
                Node c = Node.start(Repo.open(repo("c", null)))) {
            List<String> observed = new CopyOnWriteArrayList<>();
            a.pinning().replicator().setProofObserver(new ProofObserver() {
                @Override
                public void proven(PeerId holder, Cid root, long bytes, long atMillis) {
                    observed.add("proven " + holder);
                }

                @Override
                public void failed(PeerId holder, Cid root, String reason, long atMillis) {
                    observed.add("failed " + holder + " " + reason);
                }
            });
            a.trust().set(b.identity().did(), 8);
            a.trust().set(c.identity().did(), 6);
            for (Node n : List.of(b, c)) {
                n.trust().set(a.identity().did(), 5);
                n.host().connect(dialable(a));
            }
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(15),
                    () -> a.capabilities().table().size() == 2)).isTrue();

            byte[] data = new byte[1_500_000];
            new Random(31).nextBytes(data);
            Cid root = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream(data), "f").cid();
            a.repo().blocks().sync();
            new Pinner(a.repo().blocks(), a.repo().pins()).pinRecursive(root);
            a.pinning().replicator().add(root, "important");

            // confirmed, then proven at the next check
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(30), () -> {
                PolicyPin p = a.pinning().replicator().get(root).orElseThrow();
                return p.holders().size() == 1 && p.holders().getFirst().proven();
            })).isTrue();
            ReplicaHolder held = a.pinning().replicator().get(root).orElseThrow().holders().getFirst();
            assertThat(held.peer()).isEqualTo(b.host().peerId());
            assertThat(held.state()).isEqualTo(ReplicaHolder.State.CONFIRMED);
            assertThat(observed).contains("proven " + b.host().peerId());
            assertThat(c.pinning().keeper().table().list()).isEmpty();

            // a block of the DAG vanishes from b's store, under its keeper's feet
            List<Block> blocks = new ArrayList<>();
            new DagWalker(b.repo().blocks()).walk(List.of(root), blocks::add);
            Cid lost = blocks.get(3).cid();
            assertThat(b.repo().blocks().delete(lost)).isTrue();

            List<ProofOutcome> outcomes = a.pinning().replicator().prove(root, b.host().peerId());
            assertThat(outcomes).containsExactly(new ProofOutcome.Failed(b.host().peerId(),
                    "block " + lost + " missing", true));
            assertThat(b.repo().blocks().has(lost)).isFalse(); // answering never fetched it back
            assertThat(a.pinning().replicator().drops(root)).singleElement()
                    .satisfies(d -> assertThat(d.reason()).isEqualTo("failed a storage proof: block " + lost
                            + " missing"));

            // c takes its place (and proves it), b is told to let go
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(30), () -> {
                PolicyPin p = a.pinning().replicator().get(root).orElseThrow();
                return p.holders().size() == 1 && p.holders().getFirst().peer().equals(c.host().peerId())
                        && p.holders().getFirst().proven();
            })).isTrue();
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> b.pinning().keeper().table().list().isEmpty())).isTrue();
            assertThat(observed).contains("failed " + b.host().peerId() + " block " + lost + " missing",
                    "proven " + c.host().peerId());
        }
    }
}
