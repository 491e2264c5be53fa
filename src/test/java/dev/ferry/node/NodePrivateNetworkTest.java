package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.pnet.SwarmKey;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoException;
import dev.ferry.node.repo.SwarmKeyFile;
import dev.ferry.routing.FetchSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A repository's swarm.key puts its node in that private network: members exchange content, others cannot connect. */
@Timeout(90)
class NodePrivateNetworkTest {
    @TempDir
    Path tmp;

    private Path repo(String name, SwarmKey key) throws IOException {
        Path dir = tmp.resolve(name);
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        if (key != null) {
            Files.writeString(dir.resolve(SwarmKeyFile.NAME), key.encode());
        }
        return dir;
    }

    private static Multiaddr dialable(Node n) {
        return n.listenAddresses().getFirst().encapsulate("/p2p/" + n.host().peerId());
    }

    @Test
    void membersExchangeContentAndOutsidersCannotConnect() throws Exception {
        SwarmKey key = SwarmKey.generate(new SecureRandom());
        Path repoA = repo("a", key);
        Path repoB = repo("b", key);
        Path repoC = repo("c", null);
        byte[] data = new byte[3_000_000];
        new Random(5).nextBytes(data);
        try (Node a = Node.start(Repo.open(repoA)); Node b = Node.start(Repo.open(repoB));
                Node c = Node.start(Repo.open(repoC))) {
            assertThat(a.privateNetwork()).contains(key);
            assertThat(c.privateNetwork()).isEmpty();
            Cid root = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream(data), "f").cid();
            a.repo().blocks().sync();
            a.contentChanged();

            b.host().connect(dialable(a));
            try (FetchSession s = b.fetcher().open(Duration.ofSeconds(20))) {
                s.fetchAll(root);
            }
            try (var in = new UnixfsExporter(b.repo().blocks()).cat(root)) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }

            PeerId idA = a.host().peerId();
            // an outsider knocking (the other direction, and other keys, are in PrivateNetworkHostTest)
            assertThatThrownBy(() -> c.host().connect(dialable(a))).isInstanceOf(IOException.class);
            assertThat(c.host().isConnected(idA)).isFalse();
            assertThat(a.host().isConnected(c.host().peerId())).isFalse();
            try (FetchSession s = c.fetcher().open(Duration.ofSeconds(1))) {
                assertThatThrownBy(() -> s.get(root)).isInstanceOf(RuntimeException.class);
            }
        }
    }

    @Test
    void nothingGoesOutOverHttpInAPrivateNetwork() throws Exception {
        Path dir = repo("p", SwarmKey.generate(new SecureRandom()));
        // a publisher that would take anything: it must never be asked
        com.sun.net.httpserver.HttpServer publisher = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        publisher.createContext("/", x -> {
            asked.incrementAndGet();
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        publisher.start();
        String url = "[\"http://127.0.0.1:" + publisher.getAddress().getPort() + "\"]";
        Repo.updateConfig(dir, c -> {
            c.set("Ipns.DelegatedPublishers", dev.ferry.node.repo.RepoConfig.parseValue(url, true));
            c.set("Routing.DelegatedRouters", dev.ferry.node.repo.RepoConfig.parseValue(url, true));
        });
        try (Node n = Node.start(Repo.open(dir))) {
            assertThat(n.delegatedPublishers()).isEmpty();
            assertThat(n.delegatedRouters()).isEmpty();
            assertThatThrownBy(() -> n.names().publish("self", "/ipfs/" + dev.ferry.store.Block.raw(new byte[] {1})
                    .cid(), Duration.ofHours(1), Duration.ofMinutes(1), false, true))
                    .isInstanceOf(NameException.class).hasMessageContaining("no delegated publishers configured");
            n.names().publish("self", "/ipfs/" + dev.ferry.store.Block.raw(new byte[] {1}).cid(),
                    Duration.ofHours(1), Duration.ofMinutes(1), true, false);
        } finally {
            publisher.stop(0);
        }
        assertThat(asked.get()).isZero();
    }

    @Test
    void aBadKeyFileStopsTheStart() throws Exception {
        Path dir = repo("bad", null);
        Files.writeString(dir.resolve(SwarmKeyFile.NAME), "/key/swarm/psk/1.0.0/\n/base16/\nabcd\n");
        try (Repo r = Repo.open(dir)) {
            assertThatThrownBy(() -> Node.start(r)).isInstanceOf(RepoException.class)
                    .hasMessageContaining("invalid swarm key").hasMessageContaining(SwarmKeyFile.NAME);
        }
    }
}
