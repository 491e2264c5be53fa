package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.NegotiatedStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code swarm/peers} and its options: which of Kubo's fields each adds, and what they hold. */
@Timeout(90)
class SwarmPeersRpcTest {
    private static final String HELD = "/ferry-test/held/1.0.0";

    @TempDir
    static Path tmp;
    static RpcTestNode a;
    static RpcTestNode b;
    static PeerId idA;
    static PeerId idB;

    @BeforeAll
    static void connect() throws Exception {
        a = RpcTestNode.start(tmp.resolve("a"));
        b = RpcTestNode.start(tmp.resolve("b"));
        idA = a.node.identity().peerId();
        idB = b.node.identity().peerId();
        a.node.host().connect(b.node.listenAddresses().getFirst().encapsulate("/p2p/" + idB));
        await("identify from B", () -> a.node.host().peerStore().get(idB)
                .map(p -> p.agent().isPresent() && !p.protocols().isEmpty()).orElse(false));
        await("B sees A", () -> b.node.host().isConnected(idA));
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(end);
            Thread.sleep(50);
        }
    }

    private static JsonNode onlyPeer(RpcTestNode n, String query) throws Exception {
        var res = n.post("swarm/peers", query);
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(200);
        JsonNode peers = RpcTestNode.json(res).get("Peers");
        assertThat(peers).hasSize(1);
        return peers.get(0);
    }

    private static List<String> fields(JsonNode peer) {
        List<String> names = new ArrayList<>();
        peer.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void withoutOptionsOnlyTheAddressThePeerAndAnEmptyIdentify() throws Exception {
        JsonNode p = onlyPeer(a, "");
        assertThat(fields(p)).containsExactly("Addr", "Peer", "Identify");
        assertThat(p.get("Peer").asText()).isEqualTo(idB.toString());
        assertThat(p.get("Addr").asText()).isEqualTo(b.node.listenAddresses().getFirst().toString());
        assertThat(p.get("Identify").toString())
                .isEqualTo("{\"ID\":\"\",\"PublicKey\":\"\",\"Addresses\":null,\"AgentVersion\":\"\",\"Protocols\":null}");
        // false options are no options
        assertThat(fields(onlyPeer(a, "verbose=false&latency=false&direction=false&streams=false&identify=false")))
                .containsExactly("Addr", "Peer", "Identify");
    }

    @Test
    void directionIsOneForInboundAndTwoForOutbound() throws Exception {
        JsonNode fromA = onlyPeer(a, "direction=true");
        assertThat(fields(fromA)).containsExactly("Addr", "Peer", "Direction", "Identify");
        assertThat(fromA.get("Direction").asInt()).isEqualTo(2);
        assertThat(onlyPeer(b, "direction=true").get("Direction").asInt()).isEqualTo(1);
    }

    @Test
    void latencyIsAGoDurationOnceMeasured() throws Exception {
        a.node.services().ping().ping(idB);
        JsonNode p = onlyPeer(a, "latency=true");
        assertThat(fields(p)).containsExactly("Addr", "Peer", "Latency", "Identify");
        assertThat(p.get("Latency").asText()).matches("\\d+(\\.\\d+)?(ns|µs|ms|s)");
    }

    @Test
    void streamsListTheOpenStreamsProtocolsSorted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        b.node.host().setHandler(HELD, s -> release.await(30, TimeUnit.SECONDS));
        try (NegotiatedStream s1 = a.node.host().newStream(idB, HELD);
                NegotiatedStream s2 = a.node.host().newStream(idB, HELD)) {
            await("B serves both", () -> b.node.host().connections(idA).stream()
                    .mapToLong(c -> c.streamProtocols().stream().filter(HELD::equals).count()).sum() == 2);
            JsonNode p = onlyPeer(a, "streams=true");
            assertThat(fields(p)).containsExactly("Addr", "Peer", "Streams", "Identify");
            List<String> protocols = new ArrayList<>();
            p.get("Streams").forEach(s -> protocols.add(s.get("Protocol").asText()));
            assertThat(protocols).isSorted().containsSubsequence(HELD, HELD);
            JsonNode atB = onlyPeer(b, "streams=true");
            assertThat(atB.get("Streams").toString()).contains("{\"Protocol\":\"" + HELD + "\"}");
        } finally {
            release.countDown();
            b.node.host().removeHandler(HELD);
        }
    }

    @Test
    void identifyTellsWhatThePeerSaid() throws Exception {
        JsonNode id = onlyPeer(a, "identify=true").get("Identify");
        assertThat(id.get("ID").asText()).isEqualTo(idB.toString());
        assertThat(id.get("PublicKey").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(b.node.identity().publicKey().marshal()));
        assertThat(id.get("AgentVersion").asText()).isEqualTo(b.node.services().identify().agentVersion());
        List<String> protocols = new ArrayList<>();
        id.get("Protocols").forEach(x -> protocols.add(x.asText()));
        assertThat(protocols).isSorted().contains("/ipfs/id/1.0.0");
        List<String> addrs = new ArrayList<>();
        id.get("Addresses").forEach(x -> addrs.add(x.asText()));
        assertThat(addrs).isSorted().isNotEmpty().allMatch(s -> s.endsWith("/p2p/" + idB));
    }

    @Test
    void verboseIsEverything() throws Exception {
        JsonNode p = onlyPeer(a, "verbose=true");
        assertThat(fields(p)).contains("Addr", "Peer", "Latency", "Direction", "Identify");
        assertThat(p.get("Identify").get("ID").asText()).isEqualTo(idB.toString());
        assertThat(a.post("swarm/peers", "latency=maybe").statusCode()).isEqualTo(400);
    }
}
