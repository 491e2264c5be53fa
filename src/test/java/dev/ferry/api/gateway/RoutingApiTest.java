package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.http.HttpAccess;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.Node;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import dev.ferry.testing.NodeJs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Delegated Routing V1 API on a node's gateway: two nodes on a DHT, content and a name published on one, the API
 * served by the other; checked over plain HTTP, and through {@code @helia/delegated-routing-v1-http-api-client} and
 * {@code @helia/verified-fetch} (an {@code ipns://} URL resolved and fetched with ferry as router and gateway).
 */
@Timeout(120)
class RoutingApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;
    private Node a;
    private Node b;
    private GatewayServer gw;
    private Cid root;
    private IpnsName name;

    private Node node(String n) throws Exception {
        Path dir = tmp.resolve(n);
        Repo.init(dir, new SecureRandom());
        Repo.updateConfig(dir, c -> {
            c.set("Addresses.Swarm", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/0\"]", true));
            c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
            c.set("Routing.PrivateAddresses", RepoConfig.parseValue("true", true));
        });
        return Node.start(Repo.open(dir));
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
    void twoNodes() throws Exception {
        a = node("a");
        b = node("b");
        b.host().connect(a.listenAddresses().getFirst().encapsulate("/p2p/" + a.host().peerId()));
        assertThat(within(Duration.ofSeconds(10), () -> a.dht().orElseThrow().table().contains(b.host().peerId())
                && b.dht().orElseThrow().table().contains(a.host().peerId()))).isTrue();
        Path site = tmp.resolve("site");
        Files.createDirectories(site.resolve("docs"));
        Files.writeString(site.resolve("docs/index.txt"), "served through a name");
        root = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults()).importPath(site).cid();
        a.repo().blocks().sync();
        assertThat(a.dht().orElseThrow().provide(root.multihash().bytes(), Duration.ofSeconds(10))).isPositive();
        name = a.names().publish("self", "/ipfs/" + root + "/docs", Duration.ofHours(1), Duration.ofMinutes(1),
                false).record().name();
        gw = GatewayServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), b.cachingFetcher(),
                GatewayConfig.defaults(), HttpAccess.loopbackOnly(), new NameSystemNames(b.names()),
                new NodeDelegatedRouting(b));
    }

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
        for (Node n : new Node[] {b, a}) {
            if (n != null) {
                n.close();
            }
        }
    }

    private String base() {
        return "http://127.0.0.1:" + gw.address().getPort();
    }

    private HttpResponse<byte[]> send(String method, String path, String contentType, byte[] body, String accept)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        if (accept != null) {
            r.header("Accept", accept);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void providersPeersAndRecordsOverHttp() throws Exception {
        HttpResponse<byte[]> provs = send("GET", "/routing/v1/providers/" + root, null, null, null);
        assertThat(provs.statusCode()).isEqualTo(200);
        assertThat(provs.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        JsonNode p = JSON.readTree(provs.body()).get("Providers").get(0);
        assertThat(p.get("Schema").asText()).isEqualTo("peer");
        assertThat(p.get("ID").asText()).isEqualTo(a.host().peerId().toString());
        assertThat(p.get("Addrs").toString()).contains(a.listenAddresses().getFirst().toString());
        assertThat(p.get("Protocols").toString()).contains("transport-bitswap");
        HttpResponse<byte[]> nd = send("GET", "/routing/v1/providers/" + root, null, null, "application/x-ndjson");
        assertThat(nd.headers().firstValue("Content-Type")).contains("application/x-ndjson");
        assertThat(new String(nd.body(), StandardCharsets.UTF_8).lines().toList()).hasSize(1);
        Cid nobody = dev.ferry.store.Block.raw("nobody has this".getBytes()).cid();
        assertThat(JSON.readTree(send("GET", "/routing/v1/providers/" + nobody, null, null, null).body())
                .get("Providers")).isEmpty();

        JsonNode peers = JSON.readTree(send("GET", "/routing/v1/peers/" + a.host().peerId().toCid(), null, null,
                null).body());
        assertThat(peers.get("Peers").get(0).get("ID").asText()).isEqualTo(a.host().peerId().toString());

        HttpResponse<byte[]> rec = send("GET", "/routing/v1/ipns/" + name, null, null,
                "application/vnd.ipfs.ipns-record");
        assertThat(rec.statusCode()).isEqualTo(200);
        assertThat(rec.headers().firstValue("Content-Type")).contains("application/vnd.ipfs.ipns-record");
        assertThat(IpnsRecord.verify(name, rec.body(), Instant.now()).path()).isEqualTo("/ipfs/" + root + "/docs");

        // a record put through b reaches a's DHT store
        PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
        IpnsName other = new IpnsName(PeerId.fromPublicKey(key.publicKey()));
        IpnsRecord r = IpnsRecord.create(key, ("/ipfs/" + root).getBytes(StandardCharsets.UTF_8), 1,
                Instant.now().plusSeconds(600), 3_600_000_000_000L, true);
        assertThat(send("PUT", "/routing/v1/ipns/" + other, "application/vnd.ipfs.ipns-record", r.bytes(), null)
                .statusCode()).isEqualTo(200);
        assertThat(a.dht().orElseThrow().values().get(other.routingKey())).isPresent();
        // a TTL of an hour, valid for ten minutes: cached no longer than it is valid
        HttpResponse<byte[]> back = send("GET", "/routing/v1/ipns/" + other, null, null,
                "application/vnd.ipfs.ipns-record");
        assertThat(back.body()).isEqualTo(r.bytes());
        long maxAge = Long.parseLong(back.headers().firstValue("Cache-Control").orElseThrow()
                .replace("public, max-age=", ""));
        assertThat(maxAge).isBetween(500L, 600L);
        // what is refused
        List<Integer> refused = new ArrayList<>();
        refused.add(send("PUT", "/routing/v1/ipns/" + name, "application/vnd.ipfs.ipns-record", r.bytes(), null)
                .statusCode()); // another name's record
        refused.add(send("PUT", "/routing/v1/ipns/" + other, "application/octet-stream", r.bytes(), null)
                .statusCode());
        refused.add(send("PUT", "/routing/v1/ipns/" + other, "application/vnd.ipfs.ipns-record",
                new byte[IpnsRecord.MAX_SIZE + 1], null).statusCode());
        refused.add(send("GET", "/routing/v1/providers/not-a-cid", null, null, null).statusCode());
        refused.add(send("GET", "/routing/v1/ipns/example.com", null, null, null).statusCode());
        refused.add(send("POST", "/routing/v1/providers/" + root, null, null, null).statusCode());
        refused.add(send("GET", "/routing/v1/elsewhere/x", null, null, null).statusCode());
        refused.add(send("GET", "/routing/v1/ipns/" + new IpnsName(PeerId.fromPublicKey(
                Ed25519PrivateKey.generate(new SecureRandom()).publicKey())), null, null, null).statusCode());
        assertThat(refused).containsExactly(400, 415, 413, 422, 422, 405, 404, 404);
    }

    @Test
    @Tag("interop")
    void heliaClientsUseFerryAsRouterAndGateway() throws Exception {
        String json = NodeJs.run(Duration.ofSeconds(100), new byte[0], "gateway/routing-v1.mjs", base(),
                name.toString(), "/index.txt", root.toString(), a.host().peerId().toString());
        JsonNode out = JSON.readTree(json);
        assertThat(out.get("getIpns").asText()).isEqualTo("/ipfs/" + root + "/docs");
        // the client gives IDs in their CID form
        List<PeerId> providers = new ArrayList<>();
        out.get("providers").forEach(id -> providers.add(PeerId.parse(id.asText())));
        assertThat(providers).containsExactly(a.host().peerId());
        assertThat(PeerId.parse(out.get("peers").get(0).get("id").asText())).isEqualTo(a.host().peerId());
        assertThat(out.get("peers").get(0).get("addrs").toString()).contains(a.listenAddresses().getFirst().toString());
        assertThat(out.get("putBack").asText()).isEqualTo("/ipfs/" + root);
        IpnsName put = IpnsName.parse(out.get("putName").asText());
        assertThat(b.names().record(put, false).orElseThrow().sequence()).isEqualTo(7);
        assertThat(out.get("missing").asText()).isEqualTo("NotFoundError");
        assertThat(out.get("fetchStatus").asInt()).isEqualTo(200);
        assertThat(out.get("fetchBody").asText()).isEqualTo("served through a name");
    }
}
