package dev.ferry.pubsub;

import static dev.ferry.pubsub.PubsubTest.await;
import static dev.ferry.pubsub.PubsubTest.next;
import static dev.ferry.pubsub.PubsubTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.JsPeer;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ferry's pubsub against js-libp2p's ({@code @libp2p/gossipsub} and {@code @libp2p/floodsub} from npm, driven through
 * interop/pubsub/peer.mjs): messages both ways, signatures checked by each side, relaying through each other.
 */
@Tag("interop")
@Timeout(120)
class PubsubInteropTest {
    static final Duration CALL = Duration.ofSeconds(20);
    private final TestHosts hosts = new TestHosts();
    private final List<Pubsub> services = new ArrayList<>();
    private final List<JsPeer> js = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (JsPeer p : js) {
            p.close();
        }
        services.forEach(Pubsub::close);
        hosts.close();
    }

    Pubsub ferry() throws Exception {
        return ferry(PubsubConfig.defaults().withHeartbeat(Duration.ofMillis(200)));
    }

    Pubsub ferry(PubsubConfig config) throws Exception {
        Host h = hosts.start();
        IdentifyService.install(h); // js-libp2p opens its pubsub stream once identify says we speak the protocol
        Pubsub p = Pubsub.start(h, h.identity(), config);
        services.add(p);
        return p;
    }

    JsPeer js(String router) throws Exception {
        return js(Map.of("FERRY_JS_PUBSUB", router));
    }

    JsPeer js(Map<String, String> env) throws Exception {
        JsPeer p = new JsPeer("pubsub/peer.mjs", env);
        js.add(p);
        return p;
    }

    static Host host(Pubsub p) {
        return PubsubTest.hostOf(p);
    }

    static void connect(Pubsub f, JsPeer j) throws Exception {
        host(f).connect(Multiaddr.parse(j.address));
    }

    static void jsDial(JsPeer j, Pubsub f) throws Exception {
        j.call("dial", Map.of("addr", TestHosts.dialable(host(f)).toString()), CALL);
    }

    static void subscribe(JsPeer j, String topic) throws Exception {
        j.call("subscribe", Map.of("topic", topic), CALL);
    }

    static void waitPeer(JsPeer j, String topic, String peer) throws Exception {
        j.call("waitPeer", Map.of("topic", topic, "peer", peer, "timeoutMs", 15000), CALL);
    }

    static List<String> publish(JsPeer j, String topic, String data) throws Exception {
        JsonNode r = j.call("publish", Map.of("topic", topic,
                "data", Base64.getEncoder().encodeToString(utf8(data))), CALL);
        List<String> to = new ArrayList<>();
        r.path("recipients").forEach(n -> to.add(n.asText()));
        return to;
    }

    /** The next message event of {@code j}, decoded: data as text. */
    static JsonNode message(JsPeer j) throws Exception {
        return j.awaitEvent("message", CALL);
    }

    static String text(JsonNode message) {
        return new String(Base64.getDecoder().decode(message.get("data").asText()), StandardCharsets.UTF_8);
    }

    static List<String> mesh(JsPeer j, String topic) throws Exception {
        List<String> l = new ArrayList<>();
        j.call("mesh", Map.of("topic", topic), CALL).path("peers").forEach(n -> l.add(n.asText()));
        return l;
    }

    static void awaitMesh(JsPeer j, String topic, String peer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!mesh(j, topic).contains(peer)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("js mesh of " + topic + " never held " + peer);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void gossipsubBothWaysWithAMeshOnEachSide() throws Exception {
        Pubsub f = ferry();
        JsPeer j = js("gossipsub");
        Subscription sub = f.subscribe("interop");
        subscribe(j, "interop");
        connect(f, j);
        waitPeer(j, "interop", host(f).peerId().toString());
        await("ferry sees js", () -> f.peers("interop").contains(PeerId.parse(j.peerId)));
        assertThat(f.protocolOf(PeerId.parse(j.peerId))).contains(Pubsub.MESHSUB_12_ID);

        // js -> ferry: ferry checks js's signature
        assertThat(publish(j, "interop", "from js")).contains(host(f).peerId().toString());
        PubsubMessage m = next(sub);
        assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("from js");
        assertThat(m.author()).contains(PeerId.parse(j.peerId));

        // ferry -> js: js checks ferry's signature and reads its 8-byte sequence number
        long before = System.nanoTime();
        assertThat(f.publish("interop", utf8("from ferry"))).isEqualTo(1);
        JsonNode got = message(j);
        assertThat(text(got)).isEqualTo("from ferry");
        assertThat(got.get("from").asText()).isEqualTo(host(f).peerId().toString());
        assertThat(got.get("type").asText()).isEqualTo("signed");
        assertThat(got.get("seqno").asText()).hasSize(16);
        assertThat(HexFormat.fromHexDigitsToLong(got.get("seqno").asText())).isNotZero();

        // both grafted each other
        await("ferry's mesh holds js", () -> f.meshPeers("interop").contains(PeerId.parse(j.peerId)));
        awaitMesh(j, "interop", host(f).peerId().toString());
        assertThat(f.stats().invalid()).isZero();
        assertThat((System.nanoTime() - before) / 1_000_000).isLessThan(20_000);
    }

    @Test
    void ferryRelaysBetweenTwoJsPeersAndJsRelaysBetweenTwoFerryNodes() throws Exception {
        // js A - ferry - js B
        Pubsub hub = ferry();
        JsPeer a = js("gossipsub");
        JsPeer b = js("gossipsub");
        hub.subscribe("relay");
        subscribe(a, "relay");
        subscribe(b, "relay");
        jsDial(a, hub);
        jsDial(b, hub);
        waitPeer(a, "relay", host(hub).peerId().toString());
        waitPeer(b, "relay", host(hub).peerId().toString());
        await("hub meshes both", () -> hub.meshPeers("relay").size() == 2);
        publish(a, "relay", "a to b through ferry");
        JsonNode atB = message(b);
        assertThat(text(atB)).isEqualTo("a to b through ferry");
        assertThat(atB.get("from").asText()).isEqualTo(a.peerId); // the author's signature survived the relay

        // ferry X - js B - ferry Y
        Pubsub x = ferry();
        Pubsub y = ferry();
        Subscription sy = y.subscribe("relay");
        x.subscribe("relay");
        connect(x, b);
        connect(y, b);
        waitPeer(b, "relay", host(x).peerId().toString());
        waitPeer(b, "relay", host(y).peerId().toString());
        await("x sees b", () -> x.peers("relay").contains(PeerId.parse(b.peerId)));
        awaitMesh(b, "relay", host(y).peerId().toString()); // else b would graft y only after forwarding
        x.publish("relay", utf8("x to y through js"));
        PubsubMessage m = next(sy);
        assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("x to y through js");
        assertThat(m.author()).contains(host(x).peerId());
        assertThat(m.receivedFrom()).isEqualTo(PeerId.parse(b.peerId));
    }

    @Test
    void jsFloodsubAndFerryGossipsubShareATopic() throws Exception {
        Pubsub f = ferry();
        JsPeer j = js("floodsub");
        Subscription sub = f.subscribe("flood");
        subscribe(j, "flood");
        connect(f, j);
        waitPeer(j, "flood", host(f).peerId().toString());
        await("ferry sees js", () -> f.peers("flood").contains(PeerId.parse(j.peerId)));
        assertThat(f.protocolOf(PeerId.parse(j.peerId))).contains(Pubsub.FLOODSUB_ID);

        // js floodsub's random sequence numbers lose leading zero bytes now and then: all must still arrive
        int n = 300;
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < n; i++) {
            sent.add("flood " + i);
            publish(j, "flood", "flood " + i);
        }
        Set<String> got = new HashSet<>();
        for (int i = 0; i < n; i++) {
            got.add(new String(next(sub).data(), StandardCharsets.UTF_8));
        }
        assertThat(got).isEqualTo(sent);
        assertThat(f.stats().invalid()).isZero();

        f.publish("flood", utf8("to floodsub"));
        JsonNode m = message(j);
        assertThat(text(m)).isEqualTo("to floodsub");
        assertThat(m.get("from").asText()).isEqualTo(host(f).peerId().toString());
    }

    @Test
    void gossipCarriesMessagesToPeersOutsideTheMesh() throws Exception {
        // ferry's meshes hold one peer and it publishes to the mesh only; the js peer does not flood its own either
        PubsubConfig narrow = PubsubConfig.defaults().withHeartbeat(Duration.ofMillis(200))
                .withMeshDegree(1, 1, 1, 6).withFloodPublish(false);
        Pubsub f = ferry(narrow);
        Pubsub f2 = ferry(narrow);
        Subscription sf = f.subscribe("gossip");
        f2.subscribe("gossip");
        host(f2).connect(TestHosts.dialable(host(f)));
        await("f meshes f2", () -> f.meshPeers("gossip").contains(host(f2).peerId()));

        JsPeer j = js(Map.of("FERRY_JS_PUBSUB", "gossipsub", "FERRY_JS_FLOOD_PUBLISH", "false"));
        subscribe(j, "gossip");
        connect(f, j);
        waitPeer(j, "gossip", host(f).peerId().toString());
        await("f sees js", () -> f.peers("gossip").contains(PeerId.parse(j.peerId)));
        Thread.sleep(2500); // the js heartbeat grafts f, and f, its mesh full, prunes it
        assertThat(f.meshPeers("gossip")).containsExactly(host(f2).peerId());
        assertThat(mesh(j, "gossip")).doesNotContain(host(f).peerId().toString());

        // ferry -> js: sent to f2 only; js hears of it in f's IHAVE and asks with IWANT
        f.publish("gossip", utf8("told by gossip"));
        assertThat(next(sf).receivedFrom()).isEqualTo(host(f).peerId()); // its own, delivered locally
        JsonNode m = message(j);
        assertThat(text(m)).isEqualTo("told by gossip");
        assertThat(m.get("from").asText()).isEqualTo(host(f).peerId().toString());

        // js -> ferry: js's mesh for the topic is empty; ferry still gets the message
        publish(j, "gossip", "js outside the mesh");
        PubsubMessage got = next(sf);
        assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("js outside the mesh");
        assertThat(got.author()).contains(PeerId.parse(j.peerId));
        assertThat(f.stats().invalid()).isZero();
    }
}
