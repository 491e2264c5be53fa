package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.api.http.HttpAccess;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.Node;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.FetchTimeoutException;
import dev.ferry.routing.dht.Provider;
import dev.ferry.routing.gateway.HostileGateway;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.store.Block;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node as a client of HTTP routers (Routing.Type delegated, no DHT): another node's routing API finds providers,
 * peers and names for it, and providers' HTTP gateways serve it blocks, verified. Everything on 127.0.0.1.
 */
@Timeout(60)
class HttpRoutingClientTest {
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
            c.set("Routing.PrivateAddresses", RepoConfig.parseValue("true", true));
            config.forEach((k, v) -> c.set(k, RepoConfig.parseValue(v, true)));
        });
        return keep(Node.start(Repo.open(dir)));
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Cid importFile(dev.ferry.store.Blockstore into, byte[] data) throws Exception {
        Path f = tmp.resolve("f" + System.nanoTime());
        Files.write(f, data);
        return new UnixfsImporter(into, ImportOptions.kuboDefaults()).importPath(f).cid();
    }

    @Test
    void aDelegatedOnlyNodeFindsFetchesAndResolvesThroughAnotherNodesRoutingApi() throws Exception {
        Node a = node("a", Map.of());
        byte[] data = bytes(700_000, 1);
        Cid root = importFile(a.repo().blocks(), data);
        a.repo().blocks().sync();
        a.dht().orElseThrow().provide(root.multihash().bytes(), Duration.ofSeconds(2)); // recorded on a itself
        IpnsName name = a.names().publish("self", "/ipfs/" + root, Duration.ofHours(1), Duration.ofMinutes(1),
                true).record().name();
        GatewayServer gw = keep(GatewayServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                a.cachingFetcher(), GatewayConfig.defaults(), HttpAccess.loopbackOnly(), new NameSystemNames(a.names()),
                new NodeDelegatedRouting(a)));
        String router = "http://127.0.0.1:" + gw.address().getPort();
        Node b = node("b", Map.of("Routing.Type", "\"delegated\"", "Routing.DelegatedRouters", "[\"" + router + "\"]"));
        assertThat(b.dht()).isEmpty();
        assertThat(b.delegatedRouters()).hasToString("[" + router + "]");

        List<Provider> found = b.findProviders(root, 5, Duration.ofSeconds(5));
        assertThat(found).extracting(Provider::peer).containsExactly(a.host().peerId());
        assertThat(found.getFirst().addresses()).contains(a.listenAddresses().getFirst());
        assertThat(b.findPeer(a.host().peerId(), Duration.ofSeconds(5))).contains(a.listenAddresses().getFirst());

        // not connected: the fetch finds a through the router, dials it, and Bitswap brings the blocks
        assertThat(b.host().isConnected(a.host().peerId())).isFalse();
        try (FetchSession s = b.fetcher().open(Duration.ofSeconds(15))) {
            s.fetchAll(root);
        }
        assertThat(b.host().isConnected(a.host().peerId())).isTrue();
        assertThat(b.repo().blocks().has(root)).isTrue();

        assertThat(b.names().resolve("/ipns/" + name, true, false)).isEqualTo("/ipfs/" + root);
    }

    /** A router answering every providers request for {@code root} with {@code providers} (others: 404). */
    private HttpServer router(Cid root, List<String> providers) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.createContext("/routing/v1/providers/", x -> {
            boolean ours = x.getRequestURI().getPath().endsWith("/" + root.toV1());
            byte[] body = ("{\"Providers\":[" + String.join(",", providers) + "]}").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(ours ? 200 : 404, ours ? body.length : -1);
            try (OutputStream out = x.getResponseBody()) {
                if (ours) {
                    out.write(body);
                }
            }
        });
        s.start();
        keep(() -> s.stop(0));
        return s;
    }

    private static String provider(HostileGateway g) {
        PeerId id = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
        return "{\"Schema\":\"peer\",\"ID\":\"" + id + "\",\"Addrs\":[\"/ip4/127.0.0.1/tcp/" + g.uri().getPort()
                + "/http\"],\"Protocols\":[\"transport-ipfs-gateway-http\"]}";
    }

    private Node client(HttpServer router, String name, Map<String, String> extra) throws Exception {
        // a short fallback delay: the peers (there are none) stall sooner, and the test runs faster
        Map<String, String> cfg = new java.util.HashMap<>(Map.of("Routing.Type", "\"delegated\"",
                "Routing.DelegatedRouters", "[\"http://127.0.0.1:" + router.getAddress().getPort() + "\"]",
                "Gateway.FallbackDelay", "\"500ms\""));
        cfg.putAll(extra);
        return node(name, cfg);
    }

    @Test
    void blocksComeVerifiedFromProvidersGatewaysAndLiarsAreRefused() throws Exception {
        HostileGateway good = keep(new HostileGateway(HostileGateway.Mode.GOOD));
        HostileGateway liar = keep(new HostileGateway(HostileGateway.Mode.WRONG_BYTES));
        byte[] data = bytes(600_000, 2);
        Cid root = importFile(good.store, data);
        importFile(liar.store, data);
        List<Block> dag = HostileGateway.dag(good.store, root, "all");
        // the liar listed last: the most recently found, asked first
        HttpServer router = router(root, List.of(provider(good), provider(liar)));
        Node b = client(router, "b", Map.of());
        try (FetchSession s = b.fetcher().open(Duration.ofSeconds(10))) {
            assertThat(s.fetchAll(root)).isEqualTo(dag.size());
        }
        assertThat(liar.requests()).isPositive();
        for (Block blk : dag) {
            assertThat(b.repo().blocks().get(blk.cid()).orElseThrow().data()).isEqualTo(blk.data());
        }
        // the liar is benched; the honest gateway stays
        assertThat(b.providerGateways()).containsExactly(good.uri());
    }

    @Test
    void onlyALiarMeansAClearFailureAndNoFalseBlockStored() throws Exception {
        HostileGateway liar = keep(new HostileGateway(HostileGateway.Mode.WRONG_BYTES));
        Cid root = importFile(liar.store, bytes(300_000, 3));
        List<Block> dag = HostileGateway.dag(liar.store, root, "all");
        Node b = client(router(root, List.of(provider(liar))), "b", Map.of());
        java.util.Set<Cid> before;
        try (var all = b.repo().blocks().cids()) {
            before = new java.util.HashSet<>(all.toList());
        }
        try (FetchSession s = b.fetcher().open(Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> s.fetchAll(root)).isInstanceOf(FetchTimeoutException.class);
        }
        assertThat(liar.requests()).isPositive();
        // the liar flips a byte of the last block it sends (raw answers: of every block): never stored; what
        // verified before it is the DAG's own, and nothing else came in
        assertThat(b.repo().blocks().has(dag.getLast().cid())).isFalse();
        java.util.Set<dev.ferry.multiformats.Multihash> ofDag = new java.util.HashSet<>(dag.stream()
                .map(blk -> blk.cid().multihash()).toList());
        try (var all = b.repo().blocks().cids()) {
            assertThat(all.filter(c -> !before.contains(c))).allMatch(c -> ofDag.contains(c.multihash()));
        }
    }

    @Test
    void retrievalOffOrOutsideTheAllowlistAsksNoGateway() throws Exception {
        HostileGateway good = keep(new HostileGateway(HostileGateway.Mode.GOOD));
        Cid root = importFile(good.store, bytes(1000, 4));
        HttpServer router = router(root, List.of(provider(good)));
        Consumer<Node> fails = n -> {
            try (FetchSession s = n.fetcher().open(Duration.ofMillis(2000))) {
                assertThatThrownBy(() -> s.get(root)).isInstanceOf(FetchTimeoutException.class);
            }
        };
        fails.accept(client(router, "off", Map.of("HTTPRetrieval.Enabled", "false")));
        fails.accept(client(router, "elsewhere", Map.of("HTTPRetrieval.Allowlist", "[\"example.com\"]")));
        assertThat(good.requests()).isZero();
        // allowed by name: asked
        Node ok = client(router, "allowed", Map.of("HTTPRetrieval.Allowlist", "[\"127.0.0.1\"]"));
        try (FetchSession s = ok.fetcher().open(Duration.ofSeconds(5))) {
            assertThat(s.get(root).cid()).isEqualTo(root);
        }
        assertThat(good.requests()).isPositive();
    }
}
