package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
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
 * The node applies {@code Bandwidth.*} from its config: two ferry nodes know each other as ferry peers once they have
 * exchanged capabilities, and a fetch between them then runs at the P2P cap.
 */
@Timeout(90)
class NodeBandwidthTest {
    @TempDir
    Path tmp;

    @Test
    void aFetchBetweenFerryPeersRunsAtTheP2pCap() throws Exception {
        Path repoA = tmp.resolve("a");
        Path repoB = tmp.resolve("b");
        Repo.init(repoA, new SecureRandom());
        Repo.init(repoB, new SecureRandom());
        PeeringRestartTest.setSwarm(repoA, "/ip4/127.0.0.1/tcp/0");
        PeeringRestartTest.setSwarm(repoB, "/ip4/127.0.0.1/tcp/0");
        long cap = 1_000_000;
        Repo.updateConfig(repoA, c -> c.set("Bandwidth.P2PLimit", RepoConfig.parseValue(Long.toString(cap), true)));
        byte[] content = new byte[3_000_000];
        new Random(9).nextBytes(content);
        try (Node b = Node.start(Repo.open(repoB)); Node a = Node.start(Repo.open(repoA))) {
            Cid root = new UnixfsImporter(b.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream(content), "f").cid();
            b.repo().blocks().sync();
            PeerId idB = b.host().peerId();
            a.host().connect(b.listenAddresses().getFirst().encapsulate("/p2p/" + idB));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                    () -> a.capabilities().peerCapabilities(idB).isPresent())).as("capabilities exchanged").isTrue();

            long t0 = System.nanoTime();
            try (FetchSession s = a.fetcher().open(Duration.ofSeconds(30))) {
                s.fetchAll(root);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double rate = content.length / seconds;
            // the wire carries a little more than the content (framing, wantlists); the bucket allows a short burst
            assertThat(rate).as("bytes/s under a %d B/s cap", cap).isBetween(cap * 0.6, cap * 1.1);
        }
    }

    @Test
    void aNegativeLimitIsAConfigError() {
        Path repo = tmp.resolve("bad");
        Repo.init(repo, new SecureRandom());
        Repo.updateConfig(repo, c -> c.set("Bandwidth.IPFSLimit", RepoConfig.parseValue("-5", true)));
        Repo r = Repo.open(repo);
        try {
            assertThatThrownBy(() -> Node.start(r)).isInstanceOf(RepoException.class).hasMessageContaining("Bandwidth.IPFSLimit");
        } finally {
            r.close();
        }
    }
}
