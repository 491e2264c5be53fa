package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.policy.bandwidth.BandwidthBudgets;
import dev.ferry.routing.FetchSession;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on loopback: the server caps every peer at {@code Bandwidth.PerPeerLimit}; once the fetching peer has
 * proven storage credit, the server's ledger refreshes the open connection's limiter and the peer fetches at twice
 * the cap (weight 2), without reconnecting.
 */
@Timeout(90)
class NodeCreditorBandwidthTest {
    private static final long CAP = 256 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aCreditorFetchesAtItsWeightTimesThePerPeerCap() throws Exception {
        Path repoA = tmp.resolve("a");
        Path repoB = tmp.resolve("b");
        Repo.init(repoA, new SecureRandom());
        Repo.init(repoB, new SecureRandom());
        PeeringRestartTest.setSwarm(repoA, "/ip4/127.0.0.1/tcp/0");
        PeeringRestartTest.setSwarm(repoB, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(repoA, c -> c.set("Bandwidth.PerPeerLimit",
                RepoConfig.parseValue(Long.toString(CAP), true)));
        try (Node a = Node.start(Repo.open(repoA)); Node b = Node.start(Repo.open(repoB))) {
            Cid plain = importRandom(a, 512 * 1024, 1);
            Cid credited = importRandom(a, 1024 * 1024, 2);
            PeerId idA = a.host().peerId();
            PeerId idB = b.host().peerId();
            b.host().connect(a.listenAddresses().getFirst().encapsulate("/p2p/" + idA));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                    () -> b.capabilities().peerCapabilities(idA).isPresent())).as("capabilities exchanged").isTrue();
            BandwidthBudgets budgets = (BandwidthBudgets) a.host().bandwidthPolicy();
            assertThat(budgets.perPeerCapOf(idB)).isEqualTo(CAP);

            double plainRate = fetchRate(b, plain, 512 * 1024);
            // the wire carries a little more than the content; the bucket allows a 32 KiB burst
            assertThat(plainRate).as("bytes/s under a %d B/s per-peer cap", CAP).isLessThan(CAP * 1.3);

            // b proves it keeps a DAG for a: any credit is weight 2, the open connection's limiter is rebuilt
            a.storageLedger().proven(idB, plain, 4096, System.currentTimeMillis());
            assertThat(budgets.perPeerCapOf(idB)).isEqualTo(2 * CAP);
            assertThat(a.host().connections(idB)).hasSize(1);

            double creditedRate = fetchRate(b, credited, 1024 * 1024);
            assertThat(creditedRate).as("a creditor's rate against the plain %.0f B/s", plainRate)
                    .isGreaterThan(1.5 * plainRate)
                    .isGreaterThan(1.5 * CAP)
                    .isLessThan(2 * CAP * 1.3);
        }
    }

    private static Cid importRandom(Node n, int size, long seed) throws Exception {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        Cid root = new UnixfsImporter(n.repo().blocks(), ImportOptions.kuboDefaults())
                .importStream(new ByteArrayInputStream(content), "f" + seed).cid();
        n.repo().blocks().sync();
        return root;
    }

    /** Content bytes per second of fetching {@code root} whole. */
    private static double fetchRate(Node n, Cid root, long size) throws Exception {
        long t0 = System.nanoTime();
        try (FetchSession s = n.fetcher().open(Duration.ofSeconds(20))) {
            s.fetchAll(root);
        }
        return size / ((System.nanoTime() - t0) / 1e9);
    }
}
