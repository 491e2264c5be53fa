package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.Node;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.dht.Provider;
import dev.ferry.routing.gateway.HostileGateway;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import dev.ferry.testing.NodeJs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ferry as the client of the reference HTTP router, {@code @helia/delegated-routing-v1-http-api-server}, whose
 * routing answers from a table (interop/routing/reference-router.mjs): a provider that is a ferry node (dialled,
 * Bitswap), a provider that only has an HTTP gateway (HTTP retrieval, verified), a peer's addresses, an IPNS record.
 */
@Tag("interop")
@Timeout(60)
class HttpRoutingInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private Process router;
    private OutputStream routerIn;
    private Node a;
    private Node b;
    private HostileGateway gateway;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {b, a, gateway}) {
            if (c != null) {
                c.close();
            }
        }
        if (router != null) {
            routerIn.close(); // the fixture's end
            if (!router.waitFor(5, TimeUnit.SECONDS)) {
                router.destroyForcibly();
            }
        }
    }

    private Node node(String n, String... keyValues) throws Exception {
        Path dir = tmp.resolve(n);
        Repo.init(dir, new SecureRandom());
        Repo.updateConfig(dir, c -> {
            c.set("Addresses.Swarm", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/0\"]", true));
            c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
            for (int i = 0; i < keyValues.length; i += 2) {
                c.set(keyValues[i], RepoConfig.parseValue(keyValues[i + 1], true));
            }
        });
        return Node.start(Repo.open(dir));
    }

    private Cid importFile(dev.ferry.store.Blockstore into, int size, long seed) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Path f = tmp.resolve("f" + seed);
        Files.write(f, data);
        return new UnixfsImporter(into, ImportOptions.kuboDefaults()).importPath(f).cid();
    }

    /** Starts the reference router on {@code table} and returns its base URL. */
    private String startRouter(ObjectNode table) throws Exception {
        router = new ProcessBuilder(NodeJs.binary().toString(), "routing/reference-router.mjs")
                .directory(NodeJs.interopDir().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        routerIn = router.getOutputStream();
        routerIn.write((JSON.writeValueAsString(table) + "\n").getBytes(StandardCharsets.UTF_8));
        routerIn.flush();
        BufferedReader out = new BufferedReader(new InputStreamReader(router.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as("the router's first line").isNotNull();
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // its request log, drained
        return JSON.readTree(first).get("url").asText();
    }

    @Test
    void providersPeersRecordsAndHttpRetrievalThroughTheReferenceRouter() throws Exception {
        a = node("a", "Routing.Type", "\"none\"");
        Cid viaBitswap = importFile(a.repo().blocks(), 400_000, 1);
        a.repo().blocks().sync();
        gateway = new HostileGateway(HostileGateway.Mode.GOOD);
        Cid viaHttp = importFile(gateway.store, 500_000, 2);
        PeerId httpProvider = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
        PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
        IpnsName name = new IpnsName(PeerId.fromPublicKey(key.publicKey()));
        IpnsRecord rec = IpnsRecord.create(key, ("/ipfs/" + viaHttp).getBytes(StandardCharsets.UTF_8), 3,
                Instant.now().plusSeconds(600), 60_000_000_000L, true);

        ObjectNode table = JSON.createObjectNode();
        ObjectNode providers = table.putObject("providers");
        ObjectNode pa = providers.putArray(viaBitswap.toV1().toString()).addObject();
        pa.put("id", a.host().peerId().toString());
        pa.putArray("addrs"); // none: the client asks for the peer's addresses
        ObjectNode ph = providers.putArray(viaHttp.toV1().toString()).addObject();
        ph.put("id", httpProvider.toString());
        ph.putArray("addrs").add("/ip4/127.0.0.1/tcp/" + gateway.uri().getPort() + "/http");
        var peerAddrs = table.putObject("peers").putArray(a.host().peerId().toString());
        a.listenAddresses().forEach(m -> peerAddrs.add(m.toString()));
        table.putObject("ipns").put(Base64.getEncoder().encodeToString(name.routingKey()),
                Base64.getEncoder().encodeToString(rec.bytes()));
        String url = startRouter(table);

        b = node("b", "Routing.Type", "\"delegated\"", "Routing.DelegatedRouters", "[\"" + url + "\"]",
                "Gateway.FallbackDelay", "\"500ms\"");
        List<Provider> found = b.findProviders(viaBitswap, 5, Duration.ofSeconds(5));
        assertThat(found).extracting(Provider::peer).containsExactly(a.host().peerId());
        assertThat(b.findPeer(a.host().peerId(), Duration.ofSeconds(5))).containsAll(a.listenAddresses());
        assertThat(b.findProviders(viaHttp, 5, Duration.ofSeconds(5)).getFirst().addresses())
                .hasToString("[/ip4/127.0.0.1/tcp/" + gateway.uri().getPort() + "/http]");
        assertThat(b.names().resolve("/ipns/" + name, true, false)).isEqualTo("/ipfs/" + viaHttp);

        try (FetchSession s = b.fetcher().open(Duration.ofSeconds(10))) {
            s.fetchAll(viaBitswap); // a is found, its addresses asked for, dialled
        }
        assertThat(b.host().isConnected(a.host().peerId())).isTrue();
        try (FetchSession s = b.fetcher().open(Duration.ofSeconds(10))) {
            assertThat(s.fetchAll(viaHttp)).isEqualTo(HostileGateway.dag(gateway.store, viaHttp, "all").size());
        }
        assertThat(gateway.requests()).isPositive();
        assertThat(b.providerGateways()).containsExactly(gateway.uri());
    }

    /**
     * ferry's {@code dht/closest} client against the reference server, which serves the endpoint (a peer ID or a CID
     * as the key) but not the IPIP-484 filters: what ferry cannot dial is dropped on arrival.
     */
    @Test
    void closestPeersThroughTheReferenceRouter() throws Exception {
        PeerId near = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
        PeerId quicOnly = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
        ObjectNode table = JSON.createObjectNode();
        var closest = table.putArray("closest");
        ObjectNode n = closest.addObject();
        n.put("id", near.toString());
        n.putArray("addrs").add("/ip4/127.0.0.1/tcp/4001").add("/ip4/127.0.0.1/udp/4001/quic-v1");
        ObjectNode q = closest.addObject();
        q.put("id", quicOnly.toString());
        q.putArray("addrs").add("/ip4/127.0.0.1/udp/4002/quic-v1");
        String url = startRouter(table);
        try (var routers = dev.ferry.routing.delegated.DelegatedRouters.of(
                List.of(dev.ferry.routing.delegated.DelegatedRouter.parse(url)),
                dev.ferry.routing.delegated.DelegatedRouter.Limits.defaults())) {
            PeerId target = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
            var got = routers.closestPeers(target, 20);
            assertThat(got).extracting(dev.ferry.routing.delegated.RoutedPeer::id).containsExactly(near);
            assertThat(got.getFirst().addrs()).hasToString("[/ip4/127.0.0.1/tcp/4001]");
            Cid content = dev.ferry.store.Block.raw("near what?".getBytes(StandardCharsets.UTF_8)).cid();
            assertThat(routers.closestPeers(content, 20)).extracting(dev.ferry.routing.delegated.RoutedPeer::id)
                    .containsExactly(near);
        }
    }
}
