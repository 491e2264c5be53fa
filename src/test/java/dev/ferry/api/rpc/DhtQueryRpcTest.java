package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.Node;
import dev.ferry.node.repo.RepoConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dht/query} in a line of DHT servers a - b - c on loopback: a's lookup of c asks b, learns c from b's answer,
 * asks c, and ends with both as the closest peers, c first. Also the errors, and what Kubo no longer serves.
 */
@Timeout(90)
class DhtQueryRpcTest {
    @TempDir
    Path tmp;

    static RpcTestNode dhtNode(Path dir, String routingType) throws Exception {
        return RpcTestNode.start(dir, MultipartLimits.defaults(), c -> {
            c.set("Routing.Type", RepoConfig.parseValue(routingType, false));
            c.set("Routing.PrivateAddresses", RepoConfig.parseValue("true", true)); // the test network is loopback
            c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
        });
    }

    static Multiaddr dialable(Node n) {
        return n.listenAddresses().getFirst().encapsulate("/p2p/" + n.host().peerId());
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition never held").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void theLookupIsStreamedThenTheClosestPeers() throws Exception {
        try (RpcTestNode a = dhtNode(tmp.resolve("a"), "dhtserver");
                RpcTestNode b = dhtNode(tmp.resolve("b"), "dhtserver");
                RpcTestNode c = dhtNode(tmp.resolve("c"), "dhtserver")) {
            a.node.host().connect(dialable(b.node));
            b.node.host().connect(dialable(c.node));
            String idB = b.node.host().peerId().toString();
            String idC = c.node.host().peerId().toString();
            await(() -> a.node.dht().orElseThrow().table().contains(b.node.host().peerId())
                    && b.node.dht().orElseThrow().table().contains(c.node.host().peerId()));

            HttpResponse<byte[]> res = a.post("dht/query", "arg=" + idC);
            assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type")).contains("application/x-ndjson");
            List<JsonNode> events = RpcTestNode.ndjson(res);
            List<String> queried = new ArrayList<>();
            List<String> finals = new ArrayList<>();
            JsonNode fromB = null;
            for (JsonNode e : events) {
                assertThat(e.get("Extra").asText()).isEmpty();
                switch (e.get("Type").asInt()) {
                    case 0 -> queried.add(e.get("ID").asText());
                    case 1 -> fromB = e.get("ID").asText().equals(idB) ? e : fromB;
                    case 2 -> {
                        assertThat(e.get("Responses").isNull()).isTrue();
                        finals.add(e.get("ID").asText());
                    }
                    default -> throw new AssertionError("unexpected event " + e);
                }
            }
            assertThat(queried).containsExactlyInAnyOrder(idB, idC);
            assertThat(fromB).as("b's answer").isNotNull();
            JsonNode named = fromB.get("Responses").get(0);
            assertThat(named.get("ID").asText()).isEqualTo(idC);
            assertThat(named.get("Addrs").get(0).asText()).startsWith("/ip4/127.0.0.1/tcp/");
            assertThat(finals).containsExactly(idC, idB);
            // the finals come after the lookup's events
            assertThat(events.getLast().get("Type").asInt()).isEqualTo(2);
            assertThat(events.get(events.size() - 2).get("Type").asInt()).isEqualTo(2);

            assertError(a.post("dht/query", "arg=not-a-peer"), 400, "invalid peer ID");
            assertError(a.post("dht/query", ""), 400, "argument \"arg\" is required");
            for (String removed : List.of("findprovs", "findpeer", "get", "put", "provide")) {
                assertError(a.post("dht/" + removed, "arg=" + idC), 500, "removed, use 'ipfs routing' instead");
            }
        }
    }

    @Test
    void withoutPeersOrWithoutDhtTheQueryFailsAsKubos() throws Exception {
        try (RpcTestNode alone = dhtNode(tmp.resolve("alone"), "dhtserver");
                RpcTestNode none = dhtNode(tmp.resolve("none"), "none")) {
            String someone = none.node.host().peerId().toString();
            assertError(alone.post("dht/query", "arg=" + someone), 500, "failed to find any peer in table");
            assertError(none.post("dht/query", "arg=" + someone), 500, "routing service is not a DHT");
            // commands current Kubo does not have: unknown, as any other
            assertError(none.post("dns", "arg=example.com"), 404, "404 page not found");
            assertError(none.post("diag/net", ""), 404, "404 page not found");
        }
    }

    private static void assertError(HttpResponse<byte[]> res, int status, String message) throws Exception {
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(status);
        assertThat(RpcTestNode.json(res).get("Message").asText()).startsWith(message);
    }
}
