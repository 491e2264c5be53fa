package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.http.HttpAccess;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multibase;
import dev.ferry.node.Node;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.delegated.DelegatedRouter;
import dev.ferry.routing.delegated.DelegatedRouters;
import dev.ferry.routing.delegated.RoutedPeer;
import dev.ferry.store.Block;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /routing/v1/dht/closest/peers/{key}} and the IPIP-484 filters on a small DHT of three ferry nodes on
 * 127.0.0.1 ({@code a} and {@code c} joined through {@code b}, whose gateway serves the API), over plain HTTP and
 * through ferry's own client.
 */
@Timeout(120)
class RoutingApiClosestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;
    private final List<Node> nodes = new ArrayList<>();
    private Node a;
    private Node b;
    private Node c;
    private GatewayServer gw;

    private Node node(String n) throws Exception {
        Path dir = tmp.resolve(n);
        Repo.init(dir, new SecureRandom());
        Repo.updateConfig(dir, cfg -> {
            cfg.set("Addresses.Swarm", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/0\"]", true));
            cfg.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
            cfg.set("Routing.PrivateAddresses", RepoConfig.parseValue("true", true));
        });
        Node node = Node.start(Repo.open(dir));
        nodes.add(node);
        return node;
    }

    private static boolean within(Duration d, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return cond.getAsBoolean();
    }

    @BeforeEach
    void threeNodes() throws Exception {
        a = node("a");
        b = node("b");
        c = node("c");
        for (Node n : List.of(a, c)) {
            n.host().connect(b.listenAddresses().getFirst().encapsulate("/p2p/" + b.host().peerId()));
        }
        assertThat(within(Duration.ofSeconds(10), () -> b.dht().orElseThrow().table().contains(a.host().peerId())
                && b.dht().orElseThrow().table().contains(c.host().peerId()))).isTrue();
        gw = GatewayServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), b.cachingFetcher(),
                GatewayConfig.defaults(), HttpAccess.loopbackOnly(), new NameSystemNames(b.names()),
                new NodeDelegatedRouting(b));
    }

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
        nodes.reversed().forEach(Node::close);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + gw.address().getPort());
    }

    private HttpResponse<byte[]> get(String path, String accept) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base() + path));
        if (accept != null) {
            r.header("Accept", accept);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private List<String> ids(String path) throws Exception {
        HttpResponse<byte[]> r = get(path, null);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        List<String> out = new ArrayList<>();
        for (JsonNode p : JSON.readTree(r.body()).get("Peers")) {
            assertThat(p.get("Schema").asText()).isEqualTo("peer");
            out.add(p.get("ID").asText());
        }
        return out;
    }

    @Test
    void closestPeersToAPeerIdOrACid() throws Exception {
        String closest = "/routing/v1/dht/closest/peers/";
        PeerId target = c.host().peerId();
        Set<String> others = Set.of(a.host().peerId().toString(), c.host().peerId().toString());
        // the key as a libp2p-key CID (base36 and base32) or as a base58 peer ID: the same peers
        assertThat(ids(closest + target.toCidString(Multibase.BASE36))).containsExactlyInAnyOrderElementsOf(others);
        assertThat(ids(closest + target.toCid())).containsExactlyInAnyOrderElementsOf(others);
        assertThat(ids(closest + target)).containsExactlyInAnyOrderElementsOf(others);
        // a content CID: its multihash is the key
        Cid content = Block.raw("near whom?".getBytes(StandardCharsets.UTF_8)).cid();
        assertThat(ids(closest + content)).containsExactlyInAnyOrderElementsOf(others);

        JsonNode first = JSON.readTree(get(closest + target, null).body()).get("Peers").get(0);
        assertThat(first.get("Addrs").toString()).contains("/ip4/127.0.0.1/tcp/");
        HttpResponse<byte[]> nd = get(closest + target, "application/x-ndjson");
        assertThat(nd.headers().firstValue("Content-Type")).contains("application/x-ndjson");
        List<String> lines = new String(nd.body(), StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(JSON.readTree(l).get("Schema").asText())
                .isEqualTo("peer"));
        assertThat(nd.headers().firstValue("Access-Control-Allow-Origin")).contains("*");

        // what is refused: keys that are neither, extra segments, other methods
        List<Integer> refused = new ArrayList<>();
        for (String bad : List.of("not-a-key", "", "bafy%20x", target + "/more", "Qm", "%E2%82")) {
            refused.add(get(closest + bad, null).statusCode());
        }
        refused.add(HTTP.send(HttpRequest.newBuilder(URI.create(base() + closest + target))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode());
        assertThat(refused).containsExactly(400, 400, 400, 400, 400, 400, 405);
    }

    @Test
    void filtersOnClosestPeersProvidersAndPeers() throws Exception {
        String closest = "/routing/v1/dht/closest/peers/" + c.host().peerId();
        assertThat(ids(closest + "?filter-addrs=tcp")).hasSize(2);
        assertThat(ids(closest + "?filter-addrs=!tcp")).isEmpty(); // every address is TCP: no peer is left
        assertThat(ids(closest + "?filter-addrs=webtransport,webrtc-direct")).isEmpty();
        assertThat(ids(closest + "?filter-addrs=%21ip6%2Cip4")).hasSize(2); // percent-encoded ! and ,
        assertThat(ids(closest + "?filter-protocols=transport-graphsync-filecoinv1")).isEmpty();
        assertThat(ids(closest + "?filter-protocols=transport-bitswap,unknown")).hasSize(2);
        assertThat(ids(closest + "?filter-addrs=&filter-protocols=")).hasSize(2); // empty: no filter
        assertThat(ids(closest + "?other=1")).hasSize(2);
        for (String bad : List.of("?filter-addrs=!", "?filter-protocols=a%20b", "?filter-addrs=" + "x,".repeat(40),
                "?filter-addrs=%E2%82")) {
            HttpResponse<byte[]> r = get(closest + bad, null);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
        }
        // the same on /peers and /providers
        String peer = "/routing/v1/peers/" + a.host().peerId().toCid();
        assertThat(ids(peer + "?filter-addrs=tcp")).containsExactly(a.host().peerId().toString());
        assertThat(ids(peer + "?filter-addrs=quic-v1")).isEmpty();
        assertThat(get(peer + "?filter-protocols=!", null).statusCode()).isEqualTo(400);
        Cid root = Block.raw("provided by a".getBytes(StandardCharsets.UTF_8)).cid();
        a.repo().blocks().put(Block.raw("provided by a".getBytes(StandardCharsets.UTF_8)));
        assertThat(a.dht().orElseThrow().provide(root.multihash().bytes(), Duration.ofSeconds(10))).isPositive();
        HttpResponse<byte[]> provs = get("/routing/v1/providers/" + root + "?filter-protocols=transport-bitswap",
                null);
        assertThat(JSON.readTree(provs.body()).get("Providers")).hasSize(1);
        provs = get("/routing/v1/providers/" + root + "?filter-protocols=transport-ipfs-gateway-http", null);
        assertThat(JSON.readTree(provs.body()).get("Providers")).isEmpty();
    }

    @Test
    void ferrysClientAsksTheClosestPeers() {
        try (DelegatedRouters routers = DelegatedRouters.of(List.of(base()), DelegatedRouter.Limits.defaults())) {
            List<RoutedPeer> got = routers.closestPeers(c.host().peerId(), 20);
            assertThat(got).extracting(RoutedPeer::id).containsExactlyInAnyOrder(a.host().peerId(),
                    c.host().peerId());
            assertThat(got).allSatisfy(p -> assertThat(p.addrs()).isNotEmpty());
            Cid content = Block.raw("near whom?".getBytes(StandardCharsets.UTF_8)).cid();
            assertThat(routers.closestPeers(content, 1)).hasSize(1);
        }
    }

    /** The reference client ({@code @helia/delegated-routing-v1-http-api-client}) asks ferry, filters included. */
    @Test
    @org.junit.jupiter.api.Tag("interop")
    void theReferenceClientAsksFerry() throws Exception {
        Cid content = Block.raw("near whom?".getBytes(StandardCharsets.UTF_8)).cid();
        JsonNode out = JSON.readTree(dev.ferry.testing.NodeJs.run(Duration.ofSeconds(60), new byte[0],
                "gateway/routing-v1-closest.mjs", base().toString(), c.host().peerId().toString(),
                content.toString()));
        Set<PeerId> both = Set.of(a.host().peerId(), c.host().peerId());
        for (String ask : List.of("byPeer", "byCid", "tcp")) {
            Set<PeerId> got = new java.util.HashSet<>();
            out.get(ask).forEach(p -> {
                got.add(PeerId.parse(p.get("id").asText()));
                assertThat(p.get("addrs").toString()).contains("/ip4/127.0.0.1/tcp/");
            });
            assertThat(got).as(ask).isEqualTo(both);
        }
        assertThat(out.get("webtransport")).isEmpty();
        assertThat(out.get("graphsync")).isEmpty();
    }
}
