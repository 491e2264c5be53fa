package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multibase;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.store.Block;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code routing/findprovs} and {@code routing/findpeer} of a node whose only routing is an HTTP router. */
@Timeout(60)
class RoutingRpcHttpRoutersTest {
    @TempDir
    Path tmp;

    @Test
    void findprovsAndFindpeerAnswerFromTheRouters() throws Exception {
        PeerId p = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
        Cid cid = Block.raw("provided elsewhere".getBytes(StandardCharsets.UTF_8)).cid();
        String record = "{\"Schema\":\"peer\",\"ID\":\"" + p + "\",\"Addrs\":[\"/ip4/10.1.2.3/tcp/4001\"]}";
        HttpServer router = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        router.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        router.createContext("/routing/v1/", x -> {
            String path = x.getRequestURI().getPath();
            boolean known = path.equals("/routing/v1/providers/" + cid.toV1())
                    || path.equals("/routing/v1/peers/" + p.toCidString(Multibase.BASE36));
            byte[] body = (record + "\n").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            x.sendResponseHeaders(known ? 200 : 404, known ? body.length : -1);
            try (OutputStream out = x.getResponseBody()) {
                if (known) {
                    out.write(body);
                }
            }
        });
        router.start();
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("n"), MultipartLimits.defaults(), c -> {
            c.set("Routing.Type", RepoConfig.parseValue("delegated", false));
            c.set("Routing.DelegatedRouters", RepoConfig.parseValue("[\"http://127.0.0.1:"
                    + router.getAddress().getPort() + "\"]", true));
            c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
        }); RpcTestNode off = RpcTestNode.start(tmp.resolve("off"), MultipartLimits.defaults(), c ->
                c.set("Routing.Type", RepoConfig.parseValue("none", false)))) {
            HttpResponse<byte[]> provs = n.post("routing/findprovs", "arg=" + cid);
            assertThat(provs.statusCode()).as(RpcTestNode.text(provs)).isEqualTo(200);
            List<JsonNode> events = RpcTestNode.ndjson(provs);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.get("Type").asInt()).isEqualTo(4);
                assertThat(e.get("Responses").get(0).get("ID").asText()).isEqualTo(p.toString());
                assertThat(e.get("Responses").get(0).get("Addrs").toString()).contains("/ip4/10.1.2.3/tcp/4001");
            });
            HttpResponse<byte[]> peer = n.post("routing/findpeer", "arg=" + p);
            assertThat(peer.statusCode()).as(RpcTestNode.text(peer)).isEqualTo(200);
            assertThat(RpcTestNode.ndjson(peer).getFirst().get("Responses").get(0).get("Addrs").toString())
                    .contains("/ip4/10.1.2.3/tcp/4001");
            HttpResponse<byte[]> none = n.post("routing/findpeer", "arg=" + PeerId.fromPublicKey(
                    Ed25519PrivateKey.generate(new SecureRandom()).publicKey()));
            assertThat(none.statusCode()).isEqualTo(500);
            HttpResponse<byte[]> noRouting = off.post("routing/findprovs", "arg=" + cid);
            assertThat(noRouting.statusCode()).isEqualTo(500);
            assertThat(RpcTestNode.text(noRouting)).contains("Routing.Type");
        } finally {
            router.stop(0);
        }
    }
}
