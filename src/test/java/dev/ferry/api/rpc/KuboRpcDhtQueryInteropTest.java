package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.NodeJs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm kubo-rpc-client 7's {@code dht.query} against a line of ferry DHT servers a - b - c on loopback, and the
 * client's calls that current Kubo does not serve ({@code diag/net}, and {@code dns} behind {@code mount()}).
 */
@Tag("interop")
@Timeout(120)
class KuboRpcDhtQueryInteropTest {
    @TempDir
    Path tmp;

    @Test
    void theClientReadsTheQueryEvents() throws Exception {
        try (RpcTestNode a = DhtQueryRpcTest.dhtNode(tmp.resolve("a"), "dhtserver");
                RpcTestNode b = DhtQueryRpcTest.dhtNode(tmp.resolve("b"), "dhtserver");
                RpcTestNode c = DhtQueryRpcTest.dhtNode(tmp.resolve("c"), "dhtserver")) {
            a.node.host().connect(DhtQueryRpcTest.dialable(b.node));
            b.node.host().connect(DhtQueryRpcTest.dialable(c.node));
            DhtQueryRpcTest.await(() -> a.node.dht().orElseThrow().table().contains(b.node.host().peerId())
                    && b.node.dht().orElseThrow().table().contains(c.node.host().peerId()));
            String idB = b.node.host().peerId().toString();
            String idC = c.node.host().peerId().toString();

            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(90), new byte[0],
                    "rpc/dht-query-client.mjs", "http://127.0.0.1:" + a.server.address().getPort() + "/api/v0", idC));

            List<String> finals = new ArrayList<>();
            List<String> sending = new ArrayList<>();
            JsonNode fromB = null;
            for (JsonNode e : out.get("events")) {
                switch (e.get("name").asText()) {
                    case "SENDING_QUERY" -> sending.add(e.get("type").asText());
                    case "PEER_RESPONSE" -> fromB = e.get("from").asText().equals(idB) ? e : fromB;
                    case "FINAL_PEER" -> finals.add(e.get("peer").asText());
                    default -> throw new AssertionError("unexpected event " + e);
                }
            }
            assertThat(sending).containsExactly("0", "0");
            assertThat(fromB).isNotNull();
            assertThat(fromB.at("/closer/0/id").asText()).isEqualTo(idC);
            assertThat(fromB.at("/closer/0/multiaddrs/0").asText()).startsWith("/ip4/127.0.0.1/tcp/");
            assertThat(finals).containsExactly(idC, idB);

            assertThat(out.get("errBadPeer").asText()).isEqualTo("invalid peer ID");
            assertThat(out.get("errDiagNet").asText()).startsWith("404 page not found");
            assertThat(out.get("errDns").asText()).startsWith("404 page not found");
        }
    }
}
