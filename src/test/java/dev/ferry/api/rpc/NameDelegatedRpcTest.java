package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubo's {@code allow-delegated} on {@code name/publish} and {@code name/put}: records go to
 * {@code Ipns.DelegatedPublishers} without DHT peers; the flag's combinations and what is refused.
 */
@Timeout(60)
class NameDelegatedRpcTest {
    private static final String PATH = "/ipfs/bafkqaddwgevxmmraojswg33smq";

    @TempDir
    Path dir;

    /** A PUT a publisher received: its path and body. */
    record Received(String path, byte[] body) {}

    @Test
    void publishAndPutGoToTheDelegatedPublishers() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer publisher = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        publisher.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        publisher.createContext("/routing/v1/ipns/", x -> {
            if (x.getRequestMethod().equals("PUT")) {
                received.add(new Received(x.getRequestURI().getPath(), x.getRequestBody().readAllBytes()));
            }
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        publisher.start();
        try (RpcTestNode n = RpcTestNode.start(dir.resolve("n"), MultipartLimits.defaults(), c ->
                c.set("Ipns.DelegatedPublishers", RepoConfig.parseValue("[\"http://127.0.0.1:"
                        + publisher.getAddress().getPort() + "\"]", true)))) {
            IpnsName self = new IpnsName(n.node.identity().peerId());
            // no DHT peer: the flag is needed, and the error says so
            HttpResponse<byte[]> plain = n.post("name/publish", "arg=" + PATH);
            assertThat(plain.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(plain).path("Message").asText()).contains("--allow-delegated");
            HttpResponse<byte[]> both = n.post("name/publish", "arg=" + PATH
                    + "&allow-offline=true&allow-delegated=true");
            assertThat(both.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(both).path("Message").asText()).contains("cannot use both");
            assertThat(received).isEmpty();

            HttpResponse<byte[]> published = n.post("name/publish", "arg=" + PATH + "&allow-delegated=true");
            assertThat(published.statusCode()).as(RpcTestNode.text(published)).isEqualTo(200);
            assertThat(RpcTestNode.json(published).path("Name").asText()).isEqualTo(self.toString());
            assertThat(received).singleElement().satisfies(r -> {
                assertThat(r.path()).isEqualTo("/routing/v1/ipns/" + self);
                assertThat(IpnsRecord.verify(self, r.body(), Instant.now()).path()).isEqualTo(PATH);
            });

            Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
            IpnsRecord other = IpnsRecord.create(key, PATH.getBytes(StandardCharsets.UTF_8), 1,
                    Instant.now().plus(Duration.ofHours(1)), Duration.ofMinutes(5).toNanos(), true);
            byte[] body = new RpcTestNode.Multipart().file("", other.bytes()).build();
            HttpResponse<byte[]> bothPut = n.postMultipart("name/put", "arg=" + other.name()
                    + "&allow-offline=true&allow-delegated=true", body);
            assertThat(RpcTestNode.json(bothPut).path("Message").asText()).contains("cannot use both");
            HttpResponse<byte[]> put = n.postMultipart("name/put", "arg=" + other.name() + "&allow-delegated=true",
                    body);
            assertThat(put.statusCode()).as(RpcTestNode.text(put)).isEqualTo(200);
            assertThat(received).hasSize(2);
            assertThat(received.getLast().body()).isEqualTo(other.bytes());
            assertThat(received.getLast().path()).isEqualTo("/routing/v1/ipns/" + other.name());
        } finally {
            publisher.stop(0);
        }
    }

    @Test
    void withoutPublishersTheFlagIsRefused() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(dir.resolve("none"))) {
            HttpResponse<byte[]> r = n.post("name/publish", "arg=" + PATH + "&allow-delegated=true");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(r).path("Message").asText())
                    .contains("no delegated publishers configured", "Ipns.DelegatedPublishers");
            HttpResponse<byte[]> offline = n.post("name/publish", "arg=" + PATH);
            assertThat(RpcTestNode.json(offline).path("Message").asText()).contains("--allow-offline")
                    .doesNotContain("--allow-delegated");
        }
    }
}
