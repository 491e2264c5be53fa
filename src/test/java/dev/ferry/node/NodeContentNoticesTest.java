package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.repo.Repo;
import dev.ferry.pubsub.ContentNotices;
import dev.ferry.routing.FetchSession;
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
 * Content notices over pubsub: in a line a - b - c, what a adds and announces reaches c through b's mesh, and c's
 * fetch of it connects to a by the notice's addresses and gets the content, though c was never connected to a.
 */
@Timeout(90)
class NodeContentNoticesTest {
    @TempDir
    Path tmp;

    private Node node(String name) throws Exception {
        Path dir = tmp.resolve(name);
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        return Node.start(Repo.open(dir));
    }

    private static Multiaddr dialable(Node n) {
        return n.listenAddresses().getFirst().encapsulate("/p2p/" + n.host().peerId());
    }

    @Test
    void anAnnouncedRootIsFetchedFromItsAnnouncerAcrossTheMesh() throws Exception {
        byte[] data = new byte[2_000_000];
        new Random(11).nextBytes(data);
        try (Node a = node("a"); Node b = node("b"); Node c = node("c")) {
            b.host().connect(dialable(a));
            c.host().connect(dialable(b));
            var pb = b.pubsub().orElseThrow();
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(15), () ->
                    pb.meshPeers(ContentNotices.TOPIC).contains(a.host().peerId())
                            && pb.meshPeers(ContentNotices.TOPIC).contains(c.host().peerId()))).isTrue();

            Cid root = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream(data), "f").cid();
            a.repo().blocks().sync();
            assertThat(a.announce(List.of(root))).containsExactly(root);

            ContentNotices notices = c.contentNotices().orElseThrow();
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> !notices.announcers(root).isEmpty())).isTrue();
            ContentNotices.Announcement heard = notices.announcers(root).getFirst();
            assertThat(heard.author()).isEqualTo(a.host().peerId());
            assertThat(heard.addresses()).isEqualTo(a.listenAddresses());
            assertThat(c.host().isConnected(a.host().peerId())).isFalse();

            try (FetchSession s = c.fetcher().open(Duration.ofSeconds(20))) {
                s.fetchAll(root);
            }
            try (var in = new UnixfsExporter(c.repo().blocks()).cat(root)) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            assertThat(c.host().isConnected(a.host().peerId())).isTrue();
            assertThat(b.repo().blocks().has(root)).isFalse(); // b only relayed the notice
        }
    }

    @Test
    void aPeersTrustLevelIsItsApplicationScoreAndScoringCanBeTurnedOff() throws Exception {
        try (Node a = node("a"); Node b = node("b")) {
            b.host().connect(dialable(a));
            var pa = a.pubsub().orElseThrow();
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> pa.peers(null).contains(b.host().peerId()))).isTrue();
            a.trust().set(b.identity().did(), 7);
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> pa.score(b.host().peerId()).orElseThrow() >= 7)).isTrue();
        }
        Path dir = tmp.resolve("unscored");
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> c.set("Pubsub.PeerScoring",
                dev.ferry.node.repo.RepoConfig.parseValue("false", true)));
        try (Node n = Node.start(Repo.open(dir))) {
            assertThat(n.pubsub().orElseThrow().config().scoring()).isNull();
            assertThat(n.pubsub().orElseThrow().scores()).isEmpty();
        }
        Repo.updateConfig(dir, c -> {
            c.set("Pubsub.PeerScoring", dev.ferry.node.repo.RepoConfig.parseValue("true", true));
            c.set("Pubsub.PeerExchange", dev.ferry.node.repo.RepoConfig.parseValue("false", true));
        });
        try (Node n = Node.start(Repo.open(dir))) {
            assertThat(n.pubsub().orElseThrow().config().scoring().peerExchange()).isFalse();
        }
    }

    @Test
    void privateRootsAreNeverAnnounced() throws Exception {
        try (Node a = node("a")) {
            Cid shown = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream("public".getBytes()), "p").cid();
            Cid kept = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream("private".getBytes()), "q").cid();
            a.privateContent().markPrivate(kept, a.repo().blocks());
            assertThat(a.announce(List.of(shown, kept))).containsExactly(shown);
            assertThat(a.announce(List.of(kept))).isEmpty();
            Cid inlined = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults().withInlineLimit(32))
                    .importStream(new ByteArrayInputStream("tiny".getBytes()), "t").cid();
            assertThat(inlined.isIdentity()).isTrue();
            assertThat(a.announce(List.of(inlined, shown))).as("an identity root is in its CID").containsExactly(shown);
        }
    }
}
