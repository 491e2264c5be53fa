package dev.ferry.routing.delegated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.store.Block;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against a router on 127.0.0.1 that answers what each test sets, honest or not. */
@Timeout(30)
class DelegatedRouterTest {
    private static final PeerId A = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
    private static final Cid CID = Block.raw("some content".getBytes(StandardCharsets.UTF_8)).cid();

    /** An answer: status, content type (null for none), body; {@code stall} keeps the body open. */
    record Answer(int status, String type, byte[] body, boolean stall) {
        static Answer of(int status, String type, String body) {
            return new Answer(status, type, body.getBytes(StandardCharsets.UTF_8), false);
        }
    }

    private HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, String> accepts = new ConcurrentHashMap<>();
    private final Map<String, String> queries = new ConcurrentHashMap<>();
    private DelegatedRouters routers;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
        routers = DelegatedRouters.of(List.of(base()), new DelegatedRouter.Limits(Duration.ofMillis(700),
                Duration.ofSeconds(2), 4096, 3));
    }

    @AfterEach
    void stop() {
        routers.close();
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        accepts.put(path, x.getRequestHeaders().getFirst("Accept"));
        queries.put(path, x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery());
        Answer a = answers.getOrDefault(path, Answer.of(404, "text/plain", "not here"));
        if (a.type() != null) {
            x.getResponseHeaders().set("Content-Type", a.type());
        }
        x.sendResponseHeaders(a.status(), 0);
        try (OutputStream out = x.getResponseBody()) {
            out.write(a.body());
            out.flush();
            if (a.stall()) {
                Thread.sleep(5000);
            }
        } catch (InterruptedException | IOException e) {
            // the client gave up
        }
    }

    private DelegatedRouter router() {
        return new DelegatedRouter(base(), java.net.http.HttpClient.newHttpClient(),
                new DelegatedRouter.Limits(Duration.ofMillis(700), Duration.ofSeconds(2), 4096, 3));
    }

    private static String record(PeerId p, String addr) {
        return "{\"Schema\":\"peer\",\"ID\":\"" + p + "\",\"Addrs\":[\"" + addr + "\"]}";
    }

    @Test
    void providersAsJsonAndAsNdjson() {
        String path = "/routing/v1/providers/" + CID.toV1();
        answers.put(path, Answer.of(200, "application/json", "{\"Providers\":[" + record(A, "/ip4/1.2.3.4/tcp/1")
                + "]}"));
        assertThat(routers.providers(CID, 10)).extracting(RoutedPeer::id).containsExactly(A);
        assertThat(accepts.get(path)).contains("application/x-ndjson").contains("application/json");
        answers.put(path, Answer.of(200, "application/x-ndjson; charset=utf-8", (record(A, "/ip4/1.2.3.4/tcp/1")
                + "\n").repeat(5)));
        assertThat(router().providers(CID)).hasSize(3); // the record cap
        assertThat(routers.providers(CID, 10)).hasSize(1); // one per peer
    }

    @Test
    void notFoundIsNoneAndOtherFailuresAreErrors() {
        String path = "/routing/v1/providers/" + CID.toV1();
        assertThat(router().providers(CID)).isEmpty(); // 404
        answers.put(path, Answer.of(500, "text/plain", "boom"));
        assertThatThrownBy(() -> router().providers(CID)).isInstanceOf(DelegatedRoutingException.class)
                .hasMessageContaining("HTTP 500");
        answers.put(path, Answer.of(200, "text/html", "<html>"));
        assertThatThrownBy(() -> router().providers(CID)).hasMessageContaining("text/html");
        answers.put(path, Answer.of(200, "application/json", "{\"Providers\":[" + "1,".repeat(3000) + "1]}"));
        assertThatThrownBy(() -> router().providers(CID)).hasMessageContaining("more than 4096 bytes");
        answers.put(path, new Answer(200, "application/json", "{\"Providers\":[".getBytes(StandardCharsets.UTF_8),
                true));
        long start = System.nanoTime();
        assertThatThrownBy(() -> router().providers(CID)).isInstanceOf(DelegatedRoutingException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        // the set leaves a failed router out rather than failing
        assertThat(routers.providers(CID, 10)).isEmpty();
    }

    @Test
    void peersAndIpnsRecords() {
        answers.put("/routing/v1/peers/" + A.toCidString(dev.ferry.multiformats.Multibase.BASE36),
                Answer.of(200, "application/json", "{\"Peers\":[" + record(A, "/ip4/5.6.7.8/tcp/9") + "]}"));
        assertThat(routers.peer(A).orElseThrow().addrs()).hasToString("[/ip4/5.6.7.8/tcp/9]");
        IpnsName name = new IpnsName(A);
        assertThat(routers.ipns(name)).isEmpty();
        answers.put("/routing/v1/ipns/" + name, Answer.of(200, "text/plain; charset=utf-8", "Record not found"));
        assertThat(router().ipns(name)).isEmpty();
        answers.put("/routing/v1/ipns/" + name, new Answer(200, "application/vnd.ipfs.ipns-record",
                new byte[] {1, 2, 3}, false));
        assertThat(routers.ipns(name)).singleElement().isEqualTo(new byte[] {1, 2, 3});
        assertThat(accepts.get("/routing/v1/ipns/" + name)).isEqualTo("application/vnd.ipfs.ipns-record");
        answers.put("/routing/v1/ipns/" + name, new Answer(200, "application/vnd.ipfs.ipns-record",
                new byte[dev.ferry.routing.ipns.IpnsRecord.MAX_SIZE + 1], false));
        assertThatThrownBy(() -> router().ipns(name)).isInstanceOf(DelegatedRoutingException.class);
    }

    @Test
    void baseUrlsAreChecked() {
        assertThat(DelegatedRouter.parse("https://cid.contact/")).hasToString("https://cid.contact");
        for (String bad : List.of("ftp://x", "https:///nohost", "https://x/?q=1", "https://u@x", "not a url")) {
            assertThatThrownBy(() -> DelegatedRouter.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static final PeerId B = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
    private static final PeerId C = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());

    /** A router that ignores the filters: what it sends that ferry cannot use is dropped on arrival. */
    @Test
    void filtersAreSentAndAppliedWhenTheRouterIgnoresThem() {
        String path = "/routing/v1/providers/" + CID.toV1();
        answers.put(path, Answer.of(200, "application/x-ndjson", String.join("\n",
                "{\"Schema\":\"peer\",\"ID\":\"" + A + "\",\"Addrs\":[\"/ip4/1.2.3.4/udp/1/quic-v1\","
                        + "\"/ip4/1.2.3.4/tcp/1\"],\"Protocols\":[\"transport-bitswap\"]}",
                "{\"Schema\":\"peer\",\"ID\":\"" + B + "\",\"Addrs\":[\"/ip4/1.2.3.4/udp/1/quic-v1\"]}",
                "{\"Schema\":\"peer\",\"ID\":\"" + C + "\",\"Addrs\":[],"
                        + "\"Protocols\":[\"transport-graphsync-filecoinv1\"]}")));
        List<RoutedPeer> got = routers.providers(CID, 10);
        assertThat(got).extracting(RoutedPeer::id).containsExactly(A);
        assertThat(got.getFirst().addrs()).hasToString("[/ip4/1.2.3.4/tcp/1]");
        assertThat(queries.get(path)).isEqualTo("filter-addrs=tcp,unknown"
                + "&filter-protocols=transport-bitswap,transport-ipfs-gateway-http,unknown");
        // a router asked without filters hands everything on
        DelegatedRouter plain = new DelegatedRouter(base(), java.net.http.HttpClient.newHttpClient(),
                new DelegatedRouter.Limits(Duration.ofMillis(700), Duration.ofSeconds(2), 4096, 3),
                DelegatedRouter.Filters.NONE);
        assertThat(plain.providers(CID)).extracting(RoutedPeer::id).containsExactly(A, B, C);
        assertThat(queries.get(path)).isEmpty();
    }

    @Test
    void closestPeersByPeerIdAndByCid() {
        String byPeer = "/routing/v1/dht/closest/peers/" + A.toCidString(dev.ferry.multiformats.Multibase.BASE36);
        answers.put(byPeer, Answer.of(200, "application/json", "{\"Peers\":[" + record(B, "/ip4/5.6.7.8/tcp/9")
                + "," + record(C, "/ip4/5.6.7.8/udp/9/quic-v1") + "]}"));
        assertThat(routers.closestPeers(A, 10)).extracting(RoutedPeer::id).containsExactly(B);
        assertThat(queries.get(byPeer)).isEqualTo("filter-addrs=tcp,unknown"); // no protocol filter for peers
        String byCid = "/routing/v1/dht/closest/peers/" + CID.toV1();
        answers.put(byCid, Answer.of(200, "application/x-ndjson", record(C, "/ip4/5.6.7.8/tcp/9") + "\n"
                + record(B, "/ip4/5.6.7.8/tcp/10") + "\n"));
        assertThat(routers.closestPeers(CID, 1)).extracting(RoutedPeer::id).containsExactly(C);
        assertThat(router().closestPeers(B)).isEmpty(); // 404: none
        answers.put(byCid, Answer.of(501, "text/plain", "not implemented"));
        assertThatThrownBy(() -> router().closestPeers(CID)).hasMessageContaining("HTTP 501");
        assertThat(routers.closestPeers(CID, 10)).isEmpty(); // the set leaves it out
    }
}
