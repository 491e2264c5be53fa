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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes over the WebSocket transport: one listening on {@code /ws} only serves a DAG over Bitswap to a node that
 * dials it there; {@code Swarm.Transports.Network.Websocket: false} refuses {@code /ws} addresses both ways.
 */
@Timeout(60)
class NodeWebSocketTest {
    @TempDir
    Path tmp;

    private Path repo(String name, String listen, Consumer<RepoConfig> config) {
        Path dir = tmp.resolve(name);
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, listen);
        Repo.updateConfig(dir, c -> {
            c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
            c.set("Routing.Type", RepoConfig.parseValue("\"none\"", true));
            config.accept(c);
        });
        return dir;
    }

    private static Multiaddr dialable(Node n) {
        return n.listenAddresses().getFirst().encapsulate("/p2p/" + n.host().peerId());
    }

    @Test
    void aNodeListeningOnWebSocketsOnlyServesContentThere() throws Exception {
        byte[] data = new byte[3_000_000];
        new Random(9).nextBytes(data);
        try (Node a = Node.start(Repo.open(repo("a", "/ip4/127.0.0.1/tcp/0/ws", c -> { })));
                Node b = Node.start(Repo.open(repo("b", "/ip4/127.0.0.1/tcp/0", c -> { })))) {
            assertThat(a.listenAddresses()).singleElement().satisfies(m ->
                    assertThat(m.toString()).matches("/ip4/127\\.0\\.0\\.1/tcp/\\d+/ws"));
            assertThat(a.host().announceAddresses()).allSatisfy(m -> assertThat(m.toString()).endsWith("/ws"));
            Cid root = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream(data), "f").cid();
            a.repo().blocks().sync();
            a.contentChanged();

            b.host().connect(dialable(a));
            assertThat(b.host().connections(a.host().peerId())).singleElement()
                    .satisfies(c -> assertThat(c.remoteAddress().orElseThrow().toString()).endsWith("/ws"));
            try (FetchSession s = b.fetcher().open(Duration.ofSeconds(20))) {
                s.fetchAll(root);
            }
            try (var in = new UnixfsExporter(b.repo().blocks()).cat(root)) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            assertThat(a.host().connections(b.host().peerId())).anySatisfy(c ->
                    assertThat(c.remoteAddress().orElseThrow().toString()).endsWith("/ws"));
        }
    }

    @Test
    void turningWebSocketsOffRefusesWsAddressesBothWays() throws Exception {
        Consumer<RepoConfig> off = c -> c.set("Swarm.Transports.Network.Websocket",
                RepoConfig.parseValue("false", true));
        try (Repo r = Repo.open(repo("off-listen", "/ip4/127.0.0.1/tcp/0/ws", off))) {
            assertThatThrownBy(() -> Node.start(r)).hasMessageContaining("Swarm.Transports.Network.Websocket");
        }
        try (Node ws = Node.start(Repo.open(repo("ws", "/ip4/127.0.0.1/tcp/0/ws", c -> { })));
                Node tcpOnly = Node.start(Repo.open(repo("tcp", "/ip4/127.0.0.1/tcp/0", off)))) {
            assertThatThrownBy(() -> tcpOnly.host().connect(dialable(ws))).isInstanceOf(IOException.class)
                    .hasMessageContaining("WebSocket transport is disabled");
            assertThat(tcpOnly.host().isConnected(ws.host().peerId())).isFalse();
        }
    }

    @Test
    void transportFlagsAreReadStrictly() throws Exception {
        try (Repo r = Repo.open(repo("bad", "/ip4/127.0.0.1/tcp/0",
                c -> c.set("Swarm.Transports.Network.TCP", RepoConfig.parseValue("\"yes\"", true))))) {
            assertThatThrownBy(() -> Node.start(r)).isInstanceOf(RepoException.class)
                    .hasMessageContaining("Swarm.Transports.Network.TCP must be true, false or null");
        }
        try (Repo r = Repo.open(repo("none", "/ip4/127.0.0.1/tcp/0", c -> {
            c.set("Swarm.Transports.Network.TCP", RepoConfig.parseValue("false", true));
            c.set("Swarm.Transports.Network.Websocket", RepoConfig.parseValue("false", true));
        }))) {
            assertThatThrownBy(() -> Node.start(r)).isInstanceOf(RepoException.class)
                    .hasMessageContaining("both off");
        }
    }
}
