package dev.ferry.api.rpc;

import dev.ferry.api.http.AccessToken;
import dev.ferry.api.http.HttpAccess;
import dev.ferry.api.pinning.PinningServiceApi;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.Node;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A node serving the Pinning Service API with two access tokens ({@code alice}, {@code bob}), and an origin node on
 * another repository that holds content the service does not have.
 */
final class PinningServiceFixture implements AutoCloseable {
    static final String ALICE = "alice-secret";
    static final String BOB = "bob-secret";

    final Node service;
    final RpcServer server;
    final Node origin;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PinningServiceFixture(Node service, RpcServer server, Node origin) {
        this.service = service;
        this.server = server;
        this.origin = origin;
    }

    static PinningServiceFixture start(Path tmp) throws Exception {
        Node service = node(tmp.resolve("service"));
        Node origin = node(tmp.resolve("origin"));
        HttpAccess access = HttpAccess.of(List.of(
                AccessToken.of("alice", "bearer:" + ALICE, List.of(PinningServiceApi.PREFIX)),
                AccessToken.of("bob", "bearer:" + BOB, List.of(PinningServiceApi.PREFIX, "/api/v0"))), List.of());
        RpcServer server = RpcServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), access);
        NodeRpc.install(server, service, "0.0.0-test", () -> { });
        return new PinningServiceFixture(service, server, origin);
    }

    private static Node node(Path dir) throws Exception {
        Repo.init(dir, new SecureRandom());
        Repo.updateConfig(dir, c -> c.set("Addresses.Swarm", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/0\"]", true)));
        return Node.start(Repo.open(dir));
    }

    /** A file of {@code size} random bytes added (and pinned) on the origin. */
    Cid addOnOrigin(int size, long seed) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Cid root = new UnixfsImporter(origin.repo().blocks(), ImportOptions.kuboDefaults())
                .importStream(new ByteArrayInputStream(data), "f").cid();
        origin.repo().blocks().sync();
        return root;
    }

    String originAddress() {
        return origin.listenAddresses().getFirst() + "/p2p/" + origin.host().peerId();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.address().getPort() + PinningServiceApi.PREFIX;
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint() + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        server.close();
        try {
            service.close();
        } finally {
            origin.close();
        }
    }
}
