package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.walk.DagWalker;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.content.Pinner;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.policy.pinning.HeldReplica;
import dev.ferry.policy.pinning.ProofOutcome;
import dev.ferry.policy.pinning.ReciprocalBalance;
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
 * Storage reciprocity between two real nodes on loopback: y trusts x at 2, below its AcceptTrust of 5, so it refuses
 * to keep x's policy pin; once y's ledger holds a proof that x keeps 10 MiB for y, x's next request is accepted, and
 * y fetches and keeps the DAG for x.
 */
@Timeout(120)
class NodeStorageReciprocityTest {
    private static final long TEN_MIB = 10L << 20;

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

    private static Cid pinned(Node n, int bytes, long seed) throws Exception {
        byte[] data = new byte[bytes];
        new Random(seed).nextBytes(data);
        Cid root = new UnixfsImporter(n.repo().blocks(), ImportOptions.kuboDefaults())
                .importStream(new ByteArrayInputStream(data), "f").cid();
        n.repo().blocks().sync();
        new Pinner(n.repo().blocks(), n.repo().pins()).pinRecursive(root);
        return root;
    }

    @Test
    void aPeerTrustedBelowAcceptTrustIsKeptForOnceItProvedItKeepsThisNodesContent() throws Exception {
        Path rx = repo("x", "{\"Policies\": {\"important\": {\"Replicas\": 1, \"MinTrust\": 1}},"
                + " \"CheckInterval\": \"1s\"}");
        try (Node x = Node.start(Repo.open(rx)); Node y = Node.start(Repo.open(repo("y", null)))) {
            x.trust().set(y.identity().did(), 5);
            y.trust().set(x.identity().did(), 2); // below y's AcceptTrust, at least its Reciprocity.MinTrust
            y.host().connect(dialable(x));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(15),
                    () -> x.capabilities().table().size() == 1)).isTrue();

            Cid refused = pinned(x, 200_000, 31);
            x.pinning().replicator().add(refused, "important");
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> x.pinning().replicator().problem(refused).isPresent())).isTrue();
            assertThat(x.pinning().replicator().problem(refused).orElseThrow()).contains("0 of 1");
            assertThat(y.pinning().keeper().table().list()).isEmpty();

            // what the storage proofs report: x keeps 10 MiB of y's content
            Cid ours = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
            y.storageLedger().proven(x.host().peerId(), ours, TEN_MIB, System.currentTimeMillis());
            assertThat(y.storageLedger().creditOf(x.identity().did())).isEqualTo(TEN_MIB);
            // and y's Bitswap server gives x a creditor's share (ServeFirst is on by default)
            assertThat(y.bitswap().server().weights().weightOf(x.host().peerId())).isEqualTo(2);

            // x asks again (a new policy pin: the refused one waits out its two-minute cooldown)
            Cid accepted = pinned(x, 1_500_000, 32);
            x.pinning().replicator().add(accepted, "important");
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                    () -> x.pinning().replicator().get(accepted).orElseThrow().confirmed() == 1)).isTrue();
            assertThat(new DagWalker(y.repo().blocks(), true).walk(List.of(accepted), b -> { }).missing()).isEmpty();
            HeldReplica e = y.pinning().keeper().table().get(accepted, x.identity().did().toString()).orElseThrow();
            assertThat(e.state()).isEqualTo(HeldReplica.State.KEPT);
            assertThat(e.bytes()).isGreaterThan(1_500_000);

            // y's standing with x: its proven credit, what y keeps for it, the allowance left
            assertThat(ReciprocalBalance.of(y.storageLedger(), y.pinning().keeper().table(),
                    y.pinning().reciprocity())).singleElement().satisfies(b -> {
                        assertThat(b.peer()).isEqualTo(x.identity().did());
                        assertThat(b.proven()).isEqualTo(TEN_MIB);
                        assertThat(b.kept()).isEqualTo(e.bytes());
                        assertThat(b.allowanceLeft()).isEqualTo(TEN_MIB - e.bytes());
                    });
        }
        // the ledger is the repo's
        try (Repo r = Repo.open(tmp.resolve("y"))) {
            assertThat(NodePinning.storageLedger(r).entries()).singleElement()
                    .satisfies(l -> assertThat(l.bytes()).isEqualTo(TEN_MIB));
        }
    }

    @Test
    void aProofThatAPeerKeepsThisNodesContentEarnsItRoomHere() throws Exception {
        // y puts its content under a policy that x keeps; x puts its own under one that y keeps on credit only
        String policy = "{\"Policies\": {\"important\": {\"Replicas\": 1, \"MinTrust\": 1}},"
                + " \"CheckInterval\": \"1s\", \"ProofInterval\": \"1s\", \"ProofBlocks\": 16}"; // 16: every block
        try (Node x = Node.start(Repo.open(repo("x", policy))); Node y = Node.start(Repo.open(repo("y", policy)))) {
            x.trust().set(y.identity().did(), 5); // x keeps for y by trust
            y.trust().set(x.identity().did(), 2); // y keeps for x only on credit
            y.host().connect(dialable(x));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(15),
                    () -> x.capabilities().table().size() == 1 && y.capabilities().table().size() == 1)).isTrue();

            Cid ys = pinned(y, 2_000_000, 41);
            y.pinning().replicator().add(ys, "important");
            // x keeps y's DAG and proves it: y's ledger credits x with the DAG's bytes
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(30),
                    () -> y.storageLedger().creditOf(x.identity().did()) > 2_000_000)).isTrue();
            long credit = y.storageLedger().creditOf(x.identity().did());
            assertThat(credit).isLessThan(2_100_000); // the DAG's blocks, not more
            assertThat(y.bitswap().server().weights().weightOf(x.host().peerId())).isEqualTo(2);
            assertThat(x.bitswap().server().weights().weightOf(y.host().peerId())).isEqualTo(1); // y holds nothing

            Cid xs = pinned(x, 1_000_000, 42);
            x.pinning().replicator().add(xs, "important");
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(30),
                    () -> x.pinning().replicator().get(xs).orElseThrow().confirmed() == 1)).isTrue();
            HeldReplica e = y.pinning().keeper().table().get(xs, x.identity().did().toString()).orElseThrow();
            assertThat(e.state()).isEqualTo(HeldReplica.State.KEPT);

            // x loses a block of y's DAG: its next proof fails and y takes the credit back
            List<dev.ferry.store.Block> blocks = new java.util.ArrayList<>();
            new DagWalker(x.repo().blocks()).walk(List.of(ys), blocks::add);
            assertThat(x.repo().blocks().delete(blocks.get(2).cid())).isTrue();
            assertThat(y.pinning().replicator().prove(ys, x.host().peerId()))
                    .singleElement().isInstanceOf(ProofOutcome.Failed.class);
            assertThat(y.storageLedger().creditOf(x.identity().did())).isZero();
            assertThat(y.bitswap().server().weights().weightOf(x.host().peerId())).isEqualTo(1);
        }
    }

    @Test
    void withServeFirstOffCreditBuysNoShareOfBitswap() throws Exception {
        try (Node n = Node.start(Repo.open(repo("n", "{\"Reciprocity\": {\"ServeFirst\": false}}")))) {
            Identity holder = Identity.generate(new SecureRandom());
            n.storageLedger().proven(holder.peerId(),
                    Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"), TEN_MIB,
                    System.currentTimeMillis());
            assertThat(n.storageLedger().creditOf(holder.did())).isEqualTo(TEN_MIB);
            assertThat(n.bitswap().server().weights().weightOf(holder.peerId())).isEqualTo(1);
        }
    }
}
