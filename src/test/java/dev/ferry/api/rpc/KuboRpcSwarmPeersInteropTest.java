package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.testing.NodeJs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm kubo-rpc-client 7's {@code swarm.peers}, plain and with {@code verbose, streams, latency, direction} and
 * {@code identify}: it parses ferry's answer (multiaddr, peer id) and reads the optional fields where Kubo puts them.
 */
@Tag("interop")
@Timeout(120)
class KuboRpcSwarmPeersInteropTest {
    private static final String HELD = "/ferry-test/held/1.0.0";

    @TempDir
    Path tmp;

    @Test
    void kuboRpcClientReadsThePeersAndTheirDetails() throws Exception {
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a")); RpcTestNode b = RpcTestNode.start(tmp.resolve("b"))) {
            PeerId idB = b.node.identity().peerId();
            a.node.host().connect(b.node.listenAddresses().getFirst().encapsulate("/p2p/" + idB));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (a.node.host().peerStore().get(idB).flatMap(p -> p.agent()).isEmpty()) {
                assertThat(System.nanoTime()).as("identify from B").isLessThan(end);
                Thread.sleep(50);
            }
            a.node.services().ping().ping(idB);
            CountDownLatch release = new CountDownLatch(1);
            b.node.host().setHandler(HELD, s -> release.await(60, TimeUnit.SECONDS));
            try (NegotiatedStream held = a.node.host().newStream(idB, HELD)) {
                JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(90), new byte[0],
                        "rpc/swarm-peers-client.mjs", "http://127.0.0.1:" + a.server.address().getPort() + "/api/v0"));
                String addr = b.node.listenAddresses().getFirst().toString();

                JsonNode plain = out.get("plain");
                assertThat(plain).hasSize(1);
                assertThat(plain.get(0).get("addr").asText()).isEqualTo(addr);
                assertThat(plain.get(0).get("peer").asText()).isEqualTo(idB.toString());
                assertThat(plain.get(0).get("peerType").asText()).isEqualTo("Ed25519");
                assertThat(plain.get(0).get("latency").isNull()).isTrue();
                assertThat(plain.get(0).get("direction").isNull()).isTrue();
                assertThat(plain.get(0).get("streams").isNull()).isTrue();
                assertThat(plain.get(0).get("muxer").isNull()).isTrue();

                JsonNode detailed = out.get("detailed").get(0);
                assertThat(detailed.get("latency").asText()).matches("\\d+(\\.\\d+)?(ns|µs|ms|s)");
                // the client names 0 inbound and anything else outbound; Kubo (and ferry) write 2 for outbound
                assertThat(detailed.get("direction").asText()).isEqualTo("outbound");
                assertThat(detailed.get("streams").toString()).contains("{\"Protocol\":\"" + HELD + "\"}");
                assertThat(detailed.get("identify").get("ID").asText()).isEqualTo(idB.toString());

                JsonNode identified = out.get("identified").get(0);
                assertThat(identified.get("latency").isNull()).isTrue();
                assertThat(identified.get("identify").get("ID").asText()).isEqualTo(idB.toString());
                assertThat(identified.get("identify").get("AgentVersion").asText())
                        .isEqualTo(b.node.services().identify().agentVersion());
                assertThat(identified.get("identify").get("Addresses").toString()).contains(addr + "/p2p/" + idB);
            } finally {
                release.countDown();
            }
        }
    }
}
