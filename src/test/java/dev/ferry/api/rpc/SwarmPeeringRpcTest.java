package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Connection;
import dev.ferry.node.Node;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code swarm/peering/add|ls|rm}: Kubo's JSON, and the running peering set they change. */
@Timeout(90)
class SwarmPeeringRpcTest {
    @TempDir
    Path tmp;

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(end);
            Thread.sleep(50);
        }
    }

    /** Whether the peering service protects {@code peer} from trimming (another tag, set and cleared, tells). */
    private static boolean protectedByPeering(Node node, PeerId peer) {
        node.host().connectionManager().protect(peer, "probe");
        return node.host().connectionManager().unprotect(peer, "probe");
    }

    @Test
    void peersAreAddedListedKeptConnectedAndRemoved() throws Exception {
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a")); RpcTestNode b = RpcTestNode.start(tmp.resolve("b"))) {
            PeerId idA = a.node.identity().peerId();
            PeerId idB = b.node.identity().peerId();
            String addrB = b.node.listenAddresses().getFirst().toString();

            var added = a.post("swarm/peering/add", "arg=" + addrB + "/p2p/" + idB);
            assertThat(RpcTestNode.text(added)).isEqualTo("{\"ID\":\"" + idB + "\",\"Status\":\"success\"}\n");
            assertThat(RpcTestNode.text(a.post("swarm/peering/ls", "")))
                    .isEqualTo("{\"Peers\":[{\"ID\":\"" + idB + "\",\"Addrs\":[\"" + addrB + "\"]}]}");
            assertThat(protectedByPeering(a.node, idB)).isTrue();
            await("A dials B", () -> a.node.host().isConnected(idB));

            // B drops A; only A's peering service dials back
            b.node.host().connections(idA).forEach(Connection::close);
            await("A redials B", () -> a.node.host().isConnected(idB) && b.node.host().isConnected(idA));

            List<JsonNode> removed = RpcTestNode.ndjson(a.post("swarm/peering/rm", "arg=" + idB + "&arg=" + idA));
            assertThat(removed).extracting(n -> n.path("ID").asText()).containsExactly(idB.toString(), idA.toString());
            assertThat(removed).allSatisfy(n -> assertThat(n.path("Status").asText()).isEqualTo("success"));
            assertThat(RpcTestNode.text(a.post("swarm/peering/ls", ""))).isEqualTo("{\"Peers\":[]}");
            assertThat(protectedByPeering(a.node, idB)).isFalse();
            assertThat(a.node.repo().config().get("Peering.Peers").map(Object::toString)).hasValue("[]");
        }
    }

    @Test
    void addressesOfOnePeerAreGroupedAndBadInputChangesNothing() throws Exception {
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a"))) {
            String other = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";
            List<JsonNode> added = RpcTestNode.ndjson(a.post("swarm/peering/add",
                    "arg=/ip4/127.0.0.1/tcp/9/p2p/" + other + "&arg=/ip4/127.0.0.2/tcp/9/p2p/" + other));
            assertThat(added).hasSize(1);
            assertThat(RpcTestNode.json(a.post("swarm/peering/ls", "")).path("Peers").get(0).path("Addrs").toString())
                    .isEqualTo("[\"/ip4/127.0.0.1/tcp/9\",\"/ip4/127.0.0.2/tcp/9\"]");

            String third = PeerId.fromPublicKey(dev.ferry.identity.Ed25519PrivateKey
                    .generate(new java.security.SecureRandom()).publicKey()).toString();
            var mixed = a.post("swarm/peering/add", "arg=/ip4/127.0.0.1/tcp/9/p2p/" + third + "&arg=/ip4/127.0.0.1/tcp/9");
            assertThat(mixed.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(mixed).path("Message").asText()).contains("/p2p/");
            assertThat(a.post("swarm/peering/add", "arg=/nope").statusCode()).isEqualTo(400);
            assertThat(a.post("swarm/peering/add", "").statusCode()).isEqualTo(400);
            assertThat(a.post("swarm/peering/rm", "arg=nope").statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(a.post("swarm/peering/ls", "")).path("Peers")).hasSize(1);
        }
    }
}
