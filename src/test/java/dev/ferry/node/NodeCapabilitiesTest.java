package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.repo.Repo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes exchange capabilities on connect; new content reaches the peer's view of our index after a change. */
@Timeout(60)
class NodeCapabilitiesTest {
    @TempDir
    Path tmp;

    @Test
    void contentAddedLaterShowsUpInThePeersViewOfOurIndex() throws Exception {
        Path repoA = tmp.resolve("a");
        Path repoB = tmp.resolve("b");
        Repo.init(repoA, new SecureRandom());
        Repo.init(repoB, new SecureRandom());
        PeeringRestartTest.setSwarm(repoA, "/ip4/127.0.0.1/tcp/0");
        PeeringRestartTest.setSwarm(repoB, "/ip4/127.0.0.1/tcp/0");
        try (Node a = Node.start(Repo.open(repoA)); Node b = Node.start(Repo.open(repoB))) {
            Cid before = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream("there at start".getBytes(StandardCharsets.UTF_8)), "x").cid();
            a.contentChanged();
            PeerId idA = a.host().peerId();
            b.host().connect(a.listenAddresses().getFirst().encapsulate("/p2p/" + idA));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20), () -> b.capabilities().peerCapabilities(idA)
                    .map(r -> r.mightServe(before)).orElse(false))).as("A's record reached B with its index").isTrue();
            assertThat(b.capabilities().peerCapabilities(idA).orElseThrow().did()).isEqualTo(a.identity().did());

            Cid later = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream("added later".getBytes(StandardCharsets.UTF_8)), "y").cid();
            long seqBefore = b.capabilities().peerCapabilities(idA).orElseThrow().seq();
            a.contentChanged();
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20), () -> b.capabilities().peerCapabilities(idA)
                    .map(r -> r.seq() > seqBefore && r.mightServe(later)).orElse(false))).as("the push after the change").isTrue();
        }
    }
}
