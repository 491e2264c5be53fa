package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.api.http.HttpAccess;
import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PrivateKey;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.NameException;
import dev.ferry.node.NameSystem;
import dev.ferry.node.Node;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.delegated.PublisherAnswer;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import dev.ferry.store.Block;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node without DHT peers publishes its names through delegated publishers ({@code Ipns.DelegatedPublishers}):
 * another node's routing API takes the records, and that node, and a third that uses it as its HTTP router, resolve
 * them. Everything on 127.0.0.1.
 */
@Timeout(60)
class DelegatedPublishingTest {
    private static final Cid ONE = Block.raw("one".getBytes(StandardCharsets.UTF_8)).cid();
    private static final Cid TWO = Block.raw("two".getBytes(StandardCharsets.UTF_8)).cid();

    @TempDir
    Path tmp;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    private Node node(String n, Map<String, String> config) throws Exception {
        Path dir = tmp.resolve(n);
        Repo.init(dir, new SecureRandom());
        Repo.updateConfig(dir, c -> {
            c.set("Addresses.Swarm", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/0\"]", true));
            c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
            config.forEach((k, v) -> c.set(k, RepoConfig.parseValue(v, true)));
        });
        return keep(Node.start(Repo.open(dir)));
    }

    /** Node {@code b}'s routing API on 127.0.0.1, as its gateway serves it. */
    private String routingApi(Node b) throws Exception {
        GatewayServer gw = keep(GatewayServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                b.cachingFetcher(), GatewayConfig.defaults(), HttpAccess.loopbackOnly(), new NameSystemNames(b.names()),
                new NodeDelegatedRouting(b)));
        return "http://127.0.0.1:" + gw.address().getPort();
    }

    /** A publisher that answers every request with {@code status}, counting them. */
    private String failing(int status, AtomicInteger requests) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.createContext("/", x -> {
            requests.incrementAndGet();
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(status, -1);
            x.close();
        });
        s.start();
        keep(() -> s.stop(0));
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    @Test
    void publishedThroughAnotherNodesRoutingApiWithoutDhtPeers() throws Exception {
        Node b = node("b", Map.of());
        String router = routingApi(b);
        AtomicInteger refused = new AtomicInteger();
        String broken = failing(500, refused);
        Node a = node("a", Map.of("Ipns.DelegatedPublishers", "[\"" + broken + "\", \"" + router + "\"]"));
        assertThat(a.delegatedPublishers()).extracting(URI::toString).containsExactly(broken, router);
        assertThat(a.dht().orElseThrow().table().size()).isZero();

        // no DHT peer and no flag: refused, pointing at the flag
        assertThatThrownBy(() -> a.names().publish("self", "/ipfs/" + ONE, Duration.ofHours(1),
                Duration.ofMinutes(1), false, false)).isInstanceOf(NameException.class)
                .hasMessageContaining("--allow-delegated");
        assertThatThrownBy(() -> a.names().publish("self", "/ipfs/" + ONE, Duration.ofHours(1),
                Duration.ofMinutes(1), true, true)).isInstanceOf(NameException.class)
                .hasMessageContaining("cannot use both");

        NameSystem.Published p = a.names().publish("self", "/ipfs/" + ONE, Duration.ofHours(1),
                Duration.ofMinutes(1), false, true);
        IpnsName name = p.record().name();
        assertThat(p.peers()).isZero();
        // the broken publisher is reported, and did not stop the one that took it
        assertThat(p.acceptedBy()).extracting(URI::toString).containsExactly(router);
        assertThat(p.publishers().getFirst().isAccepted()).isFalse();
        assertThat(p.publishers().getFirst().failure()).contains(broken, "HTTP 500");
        assertThat(refused.get()).isEqualTo(1);

        // b took it into its DHT store, and answers for it
        assertThat(b.names().resolve("/ipns/" + name, true, false)).isEqualTo("/ipfs/" + ONE);
        // and a third node, with b as its HTTP router, finds it there
        Node c = node("c", Map.of("Routing.Type", "\"delegated\"", "Routing.DelegatedRouters", "[\"" + router
                + "\"]"));
        assertThat(c.names().resolve("/ipns/" + name, true, false)).isEqualTo("/ipfs/" + ONE);

        // a record signed elsewhere, put with --allow-delegated, goes the same way
        PrivateKey other = Ed25519PrivateKey.generate(new SecureRandom());
        IpnsRecord signed = IpnsRecord.create(other, ("/ipfs/" + TWO).getBytes(StandardCharsets.UTF_8), 3,
                Instant.now().plus(Duration.ofHours(1)), Duration.ofMinutes(1).toNanos(), true);
        NameSystem.Published put = a.names().putRecord(signed.name(), signed.bytes(), false, false, true);
        assertThat(put.acceptedBy()).extracting(URI::toString).containsExactly(router);
        assertThat(c.names().resolve("/ipns/" + signed.name(), true, false)).isEqualTo("/ipfs/" + TWO);
        assertThat(refused.get()).isEqualTo(2);
    }

    @Test
    void nothingTookItMeansAnErrorAndTheRecordWaitsInTheRepo() throws Exception {
        AtomicInteger refused = new AtomicInteger();
        String broken = failing(503, refused);
        Node a = node("a", Map.of("Ipns.DelegatedPublishers", "[\"" + broken + "\"]"));
        assertThatThrownBy(() -> a.names().publish("self", "/ipfs/" + ONE, Duration.ofHours(1),
                Duration.ofMinutes(1), false, true)).isInstanceOf(NameException.class)
                .hasMessageContaining("no DHT peer and no delegated publisher took the record")
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("kept in this repo");
        IpnsName self = new IpnsName(a.identity().peerId());
        assertThat(a.names().resolve("/ipns/" + self, true, false)).isEqualTo("/ipfs/" + ONE);
        // --allow-offline asks for the repo only: the publisher's failure is no error then
        NameSystem.Published offline = a.names().publish("self", "/ipfs/" + TWO, Duration.ofHours(1),
                Duration.ofMinutes(1), true, false);
        assertThat(offline.acceptedBy()).isEmpty();
        assertThat(refused.get()).isEqualTo(2);
    }

    @Test
    void aNodeWithoutDhtPublishesToItsPublishersWithoutTheFlag() throws Exception {
        Node b = node("b", Map.of());
        String router = routingApi(b);
        Node a = node("a", Map.of("Routing.Type", "\"delegated\"", "Ipns.DelegatedPublishers", "[\"" + router
                + "\"]"));
        NameSystem.Published p = a.names().publish("self", "/ipfs/" + ONE, Duration.ofHours(1),
                Duration.ofMinutes(1), false, false);
        assertThat(p.acceptedBy()).extracting(URI::toString).containsExactly(router);
        assertThat(b.names().resolve("/ipns/" + p.record().name(), true, false)).isEqualTo("/ipfs/" + ONE);
        // without publishers the flag is refused with the way out
        Node lone = node("lone", Map.of());
        assertThatThrownBy(() -> lone.names().publish("self", "/ipfs/" + ONE, Duration.ofHours(1),
                Duration.ofMinutes(1), false, true)).isInstanceOf(NameException.class)
                .hasMessageContaining("no delegated publishers configured");
    }
}
