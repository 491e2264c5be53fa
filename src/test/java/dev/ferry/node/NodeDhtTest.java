package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.dht.Provider;
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
 * The node's DHT: in a line a - b - c with pubsub off (so that no content notice helps), what a adds is provided to
 * b's DHT, and c's fetch finds a there, connects to it and gets the content over Bitswap.
 */
@Timeout(90)
class NodeDhtTest {
    @TempDir
    Path tmp;

    private Node node(String name, String routingType) throws Exception {
        return node(name, routingType, c -> { });
    }

    private Node node(String name, String routingType, java.util.function.Consumer<RepoConfig> more) throws Exception {
        Path dir = tmp.resolve(name);
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> {
            c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
            c.set("Routing.Type", RepoConfig.parseValue(routingType, false));
            c.set("Routing.PrivateAddresses", RepoConfig.parseValue("true", true)); // the test network is loopback
            more.accept(c);
        });
        return Node.start(Repo.open(dir));
    }

    /** A small DAG stored and pinned on {@code n} without announcing it (as a pin made before the start). */
    private static Cid pinQuietly(Node n, long seed) throws Exception {
        byte[] data = new byte[3000];
        new Random(seed).nextBytes(data);
        Cid root = new UnixfsImporter(n.repo().blocks(), ImportOptions.kuboDefaults())
                .importStream(new ByteArrayInputStream(data), "f").cid();
        new dev.ferry.node.content.Pinner(n.repo().blocks(), n.repo().pins()).pinRecursive(root);
        n.repo().blocks().sync();
        return root;
    }

    private static boolean provides(Node asker, Node provider, Cid root) {
        return asker.dht().orElseThrow().findProviders(root.multihash().bytes(), 1, Duration.ofSeconds(2)).stream()
                .anyMatch(p -> p.peer().equals(provider.host().peerId()));
    }

    @Test
    void reprovideAnnouncesThePinnedRootsToADhtPeerNow() throws Exception {
        try (Node a = node("a", "auto"); Node b = node("b", "dhtserver")) {
            b.host().connect(dialable(a));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> a.dht().orElseThrow().table().contains(b.host().peerId()))).isTrue();
            Cid first = pinQuietly(a, 1);
            Cid second = pinQuietly(a, 2);
            assertThat(provides(b, a, first)).isFalse();

            assertThat(a.reprovide()).isEqualTo(2);
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(3),
                    () -> provides(b, a, first) && provides(b, a, second))).isTrue();
        }
    }

    @Test
    void reproviderIntervalIsReadAndZeroRefusesAReprovide() throws Exception {
        try (Node a = node("a", "auto", c -> c.set("Reprovider.Interval", RepoConfig.parseValue("1s", false)));
                Node b = node("b", "dhtserver");
                Node off = node("off", "auto", c -> c.set("Reprovider.Interval", RepoConfig.parseValue("0", false)))) {
            b.host().connect(dialable(a));
            Cid root = pinQuietly(a, 3);
            // nobody asked: the one-second reprovider announces it
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(15), () -> provides(b, a, root))).isTrue();
            assertThatThrownBy(off::reprovide).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Reprovider.Interval");
        }
        try (Node none = node("none2", "none")) {
            assertThatThrownBy(none::reprovide).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Routing.Type");
        }
    }

    private static Multiaddr dialable(Node n) {
        return n.listenAddresses().getFirst().encapsulate("/p2p/" + n.host().peerId());
    }

    @Test
    void aFetchFindsAProviderOnTheDhtAndConnectsToIt() throws Exception {
        byte[] data = new byte[1_500_000];
        new Random(5).nextBytes(data);
        try (Node a = node("a", "auto"); Node b = node("b", "dhtserver"); Node c = node("c", "dhtclient")) {
            b.host().connect(dialable(a));
            c.host().connect(dialable(b));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> a.dht().orElseThrow().table().contains(b.host().peerId())
                            && c.dht().orElseThrow().table().contains(b.host().peerId()))).isTrue();
            // a client does not serve: b never puts c in its table
            assertThat(b.dht().orElseThrow().table().contains(c.host().peerId())).isFalse();

            Cid root = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream(data), "f").cid();
            a.repo().blocks().sync();
            a.announce(List.of(root)); // what an add through the daemon does
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(15), () -> !b.dht().orElseThrow()
                    .findProviders(root.multihash().bytes(), 1, Duration.ofSeconds(2)).isEmpty())).isTrue();
            assertThat(c.host().isConnected(a.host().peerId())).isFalse();
            try (FetchSession s = c.fetcher().open(Duration.ofSeconds(30))) {
                s.fetchAll(root);
            }
            try (var in = new UnixfsExporter(c.repo().blocks()).cat(root)) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            assertThat(c.host().isConnected(a.host().peerId())).isTrue();
            List<Provider> seen = c.dht().orElseThrow().findProviders(root.multihash().bytes(), 1,
                    Duration.ofSeconds(10));
            assertThat(seen).extracting(Provider::peer).containsExactly(a.host().peerId());
            assertThat(seen.getFirst().addresses()).isNotEmpty();
            assertThat(b.repo().blocks().has(root)).isFalse();
        }
    }

    @Test
    void routingNoneStartsNoDhtAndBadSettingsAreRefused() throws Exception {
        try (Node n = node("none", "none")) {
            assertThat(n.dht()).isEmpty();
            assertThat(n.host().protocols()).doesNotContain("/ipfs/kad/1.0.0");
        }
        Path dir = tmp.resolve("bad");
        Repo.init(dir, new SecureRandom());
        Repo.updateConfig(dir, c -> c.set("Routing.Type", RepoConfig.parseValue("kademlia", false)));
        assertThatThrownBy(() -> Node.start(Repo.open(dir))).isInstanceOf(RepoException.class)
                .hasMessageContaining("Routing.Type");
        Path dir2 = tmp.resolve("bad2");
        Repo.init(dir2, new SecureRandom());
        Repo.updateConfig(dir2, c -> c.set("Bootstrap", RepoConfig.parseValue("[\"/ip4/1.2.3.4/tcp/1\"]", true)));
        assertThatThrownBy(() -> Node.start(Repo.open(dir2))).isInstanceOf(RepoException.class)
                .hasMessageContaining("/p2p/");
    }
}
