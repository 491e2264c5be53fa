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

    @Test
    void theRecordCarriesTheConfiguredOfferGatewayAndIndexRate() throws Exception {
        Path repoA = tmp.resolve("a");
        Path repoB = tmp.resolve("b");
        Repo.init(repoA, new SecureRandom());
        Repo.init(repoB, new SecureRandom());
        PeeringRestartTest.setSwarm(repoA, "/ip4/127.0.0.1/tcp/0");
        PeeringRestartTest.setSwarm(repoB, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(repoA, c -> {
            c.set("Bandwidth.P2PLimit", dev.ferry.node.repo.RepoConfig.parseValue("5000000", true));
            c.set("Exchange.PublicGateway", dev.ferry.node.repo.RepoConfig.parseValue("https://gw.example.org", false));
            c.set("Exchange.IndexFalsePositiveRate", dev.ferry.node.repo.RepoConfig.parseValue("0.2", true));
        });
        try (Node a = Node.start(Repo.open(repoA)); Node b = Node.start(Repo.open(repoB))) {
            new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream("indexed".getBytes(StandardCharsets.UTF_8)), "x");
            new UnixfsImporter(b.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream("indexed".getBytes(StandardCharsets.UTF_8)), "x");
            a.contentChanged();
            b.contentChanged();
            PeerId idA = a.host().peerId();
            PeerId idB = b.host().peerId();
            b.host().connect(a.listenAddresses().getFirst().encapsulate("/p2p/" + idA));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20), () ->
                    b.capabilities().peerCapabilities(idA).map(r -> r.contentIndex().cardinality() > 0).orElse(false)
                    && a.capabilities().peerCapabilities(idB).map(r -> r.contentIndex().cardinality() > 0)
                            .orElse(false))).as("both records with their indexes").isTrue();
            var ofA = b.capabilities().peerCapabilities(idA).orElseThrow();
            assertThat(ofA.bandwidth()).isEqualTo(new dev.ferry.exchange.ferry.BandwidthLimit(5_000_000, 5_000_000));
            assertThat(ofA.ipfs().publicGateway()).contains(java.net.URI.create("https://gw.example.org"));
            var ofB = a.capabilities().peerCapabilities(idB).orElseThrow();
            assertThat(ofB.bandwidth().unlimited()).isTrue();
            assertThat(ofB.ipfs().publicGateway()).isEmpty();
            // a 20% false-positive rate needs fewer hash functions than the default 1%
            assertThat(ofA.contentIndex().hashCount()).isLessThan(ofB.contentIndex().hashCount());
        }
    }

    @Test
    void aBadIndexRateOrGatewayStopsTheStartWithTheKeyNamed() {
        var bad = dev.ferry.node.repo.RepoConfig.parse("{\"Exchange\":{\"IndexFalsePositiveRate\":0.9}}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Node.capabilitiesConfig(bad, java.util.List.of()))
                .hasMessageContaining("Exchange.IndexFalsePositiveRate");
        var gw = dev.ferry.node.repo.RepoConfig.parse("{\"Exchange\":{\"PublicGateway\":\"ftp://x\"}}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Node.capabilitiesConfig(gw, java.util.List.of()))
                .hasMessageContaining("Exchange.PublicGateway");
    }

    @Test
    void addTimesMakeContentRecentThenArchived() throws Exception {
        Path repoA = tmp.resolve("a");
        Repo.init(repoA, new SecureRandom());
        PeeringRestartTest.setSwarm(repoA, "/ip4/127.0.0.1/tcp/0");
        // added by the CLI without a daemon: the time is in the repository when the node starts
        dev.ferry.testing.CliRun cli = new dev.ferry.testing.CliRun(repoA);
        Cid fresh = Cid.parse(cli.run("fresh content\n".getBytes(StandardCharsets.UTF_8), "add", "-Q").stdout().strip());
        try (Node a = Node.start(Repo.open(repoA))) {
            assertThat(a.router().explain(fresh).classes()).contains(dev.ferry.routing.router.ContentClass.RECENT);
            Cid old = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream("old content".getBytes(StandardCharsets.UTF_8)), "o").cid();
            a.addTimes().record(old, java.time.Instant.now().minus(Duration.ofDays(40)));
            var route = a.router().explain(old);
            assertThat(route.classes()).contains(dev.ferry.routing.router.ContentClass.ARCHIVED)
                    .doesNotContain(dev.ferry.routing.router.ContentClass.RECENT);
            Cid unknown = dev.ferry.store.Block.raw("never added here".getBytes(StandardCharsets.UTF_8)).cid();
            assertThat(a.router().explain(unknown).classes())
                    .doesNotContain(dev.ferry.routing.router.ContentClass.RECENT, dev.ferry.routing.router.ContentClass.ARCHIVED);
        }
    }
}
