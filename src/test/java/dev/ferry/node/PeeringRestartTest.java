package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.FetchSession;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peering survives a restart of the peer: node A keeps node B in {@code Peering.Peers}; B stops, and a new B starts
 * on the same repository (same identity, same blocks) and the same port; A redials it by itself (its peering
 * backoff), and a fetch from B then succeeds.
 */
@Timeout(90)
class PeeringRestartTest {
    @TempDir
    Path tmp;

    static void setSwarm(Path repo, String addr) {
        Repo.updateConfig(repo, c -> c.set("Addresses.Swarm", RepoConfig.parseValue("[\"" + addr + "\"]", true)));
    }

    /** Polls {@code condition} until it holds or {@code limit} passes (no sleep stands in for a signal here). */
    static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void aRestartedPeeringPeerIsRedialledAndServesAgain() throws Exception {
        Path repoA = tmp.resolve("a");
        Path repoB = tmp.resolve("b");
        Repo.init(repoA, new SecureRandom());
        Repo.init(repoB, new SecureRandom());
        setSwarm(repoA, "/ip4/127.0.0.1/tcp/0");
        setSwarm(repoB, "/ip4/127.0.0.1/tcp/0");

        byte[] content = new byte[3 << 20]; // several blocks and one level of links
        new Random(5).nextBytes(content);
        Node b = Node.start(Repo.open(repoB));
        Node a = null;
        try {
            PeerId idB = b.host().peerId();
            Multiaddr addrB = b.listenAddresses().getFirst(); // the port the OS chose; B keeps it from now on
            Cid root = new UnixfsImporter(b.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream(content), "f").cid();
            b.repo().blocks().sync();

            Repo.updateConfig(repoA, c -> c.set("Peering.Peers", RepoConfig.parseValue(
                    "[{\"ID\":\"" + idB + "\",\"Addrs\":[\"" + addrB + "\"]}]", true)));
            a = Node.start(Repo.open(repoA));
            Node nodeA = a;
            assertThat(within(Duration.ofSeconds(20), () -> nodeA.host().isConnected(idB)))
                    .as("A dials its peering peer at start").isTrue();

            b.close();
            b = null;
            assertThat(within(Duration.ofSeconds(20), () -> !nodeA.host().isConnected(idB)))
                    .as("A sees B gone").isTrue();

            setSwarm(repoB, addrB.toString());
            b = Node.start(Repo.open(repoB));
            assertThat(b.host().peerId()).isEqualTo(idB);
            assertThat(b.listenAddresses().getFirst()).isEqualTo(addrB);
            // no connect call on either side: A's peering service redials (1 s, then doubling backoff)
            assertThat(within(Duration.ofSeconds(30), () -> nodeA.host().isConnected(idB)))
                    .as("A redials the restarted B by itself").isTrue();
            assertThat(within(Duration.ofSeconds(10), () -> nodeA.bitswap().client().partners().contains(idB)))
                    .as("B is a Bitswap partner again").isTrue();

            assertThat(a.repo().blocks().has(root)).isFalse();
            try (FetchSession s = a.fetcher().open(Duration.ofSeconds(20))) {
                assertThat(s.fetchAll(root)).isGreaterThan(1);
            }
            try (InputStream in = new UnixfsExporter(a.repo().blocks()).cat(root)) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
        } finally {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        }
    }
}
