package dev.ferry.net.autonat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.wire.AutonatMessage.Dial;
import dev.ferry.net.autonat.wire.AutonatMessage.DialResponse;
import dev.ferry.net.autonat.wire.AutonatMessage.PeerInfo;
import dev.ferry.net.autonat.wire.ResponseStatus;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.JsPeer;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ferry's AutoNAT against js-libp2p 3 and @libp2p/autonat 3, each asking the other (interop/libp2p/autonat-peer.mjs). */
@Tag("interop")
@Timeout(120)
class AutonatInteropTest {
    static final AutonatConfig LOOPBACK = AutonatConfig.defaults().withAllowPrivate(true)
            .withDialTimeout(Duration.ofSeconds(2));

    static TestHosts hosts;
    static Host ferry;
    static IdentifyService identify;
    static AutonatServer server;
    static AutonatClient client;
    static JsPeer js;
    static PeerId jsPeer;
    static Multiaddr jsListen;

    @BeforeAll
    static void start() throws Exception {
        hosts = new TestHosts();
        ferry = hosts.start();
        identify = IdentifyService.install(ferry);
        server = AutonatServer.install(ferry, LOOPBACK);
        client = AutonatClient.create(ferry, LOOPBACK);
        js = new JsPeer("libp2p/autonat-peer.mjs", Map.of());
        jsPeer = PeerId.parse(js.peerId);
        jsListen = Multiaddr.parse(js.address).decapsulate("p2p");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (js != null) {
                js.close();
            }
        } finally {
            if (client != null) {
                client.close();
            }
            if (hosts != null) {
                hosts.close();
            }
        }
    }

    JsonNode jsAsks(List<String> addrs) throws Exception {
        return js.call("ask", Map.of("addr", TestHosts.dialable(ferry).toString(), "addrs", addrs),
                Duration.ofSeconds(40));
    }

    @Test
    void jsIsDialledBackByFerryOnANewConnection() throws Exception {
        JsonNode r = jsAsks(List.of(jsListen.toString()));

        assertThat(r.path("status").asText()).isEqualTo("OK");
        assertThat(r.path("addr").asText()).isEqualTo(jsListen.toString());
        assertThat(r.path("inboundDuring").asInt()).isEqualTo(1);
        assertThat(ferry.connections(jsPeer)).hasSize(1); // the dial-back was closed, not kept
    }

    @Test
    void jsAtAClosedPortHearsOfADialError() throws Exception {
        int closed;
        try (ServerSocket ss = new ServerSocket(0)) {
            closed = ss.getLocalPort();
        }
        long before = server.answered().get(ResponseStatus.E_DIAL_ERROR);

        JsonNode r = jsAsks(List.of("/ip4/127.0.0.1/tcp/" + closed));

        assertThat(r.path("status").asText()).isEqualTo("E_DIAL_ERROR");
        assertThat(r.path("inboundDuring").asInt()).isZero();
        assertThat(r.path("text").asText()).isEqualTo("dial failed");
        assertThat(server.answered().get(ResponseStatus.E_DIAL_ERROR)).isEqualTo(before + 1);
    }

    @Test
    void jsNamingAnotherPeerIsABadRequest() throws Exception {
        JsonNode r = js.call("ask", Map.of("addr", TestHosts.dialable(ferry).toString(),
                "addrs", List.of(jsListen.toString()), "peerId", hosts.start().peerId().toString()),
                Duration.ofSeconds(20));
        assertThat(r.path("status").asText()).isEqualTo("E_BAD_REQUEST");
        assertThat(r.path("text").asText()).isEqualTo("peer id mismatch");
    }

    @Test
    void ferryAsksJsWhichRefusesLoopbackAddresses() throws Exception {
        ferry.connect(Multiaddr.parse(js.address));
        assertThat(identify.awaitPeer(jsPeer, p -> p.protocols().contains(AutonatServer.PROTOCOL_ID),
                Duration.ofSeconds(10))).isTrue();
        assertThat(client.servers()).contains(jsPeer);

        ProbeResult r = client.probe(jsPeer);

        // js-libp2p never dials private or loopback addresses, nor its own host: a well-formed refusal
        assertThat(r.status()).isEqualTo(ResponseStatus.E_DIAL_REFUSED);
        assertThat(r.text()).isEqualTo("no dialable addresses");
        assertThat(client.status().reachability()).isEqualTo(Reachability.UNKNOWN);

        // and js checks who asks, as ferry does
        DialResponse bad = AutonatTest.ask(ferry, jsPeer,
                new Dial(new PeerInfo(hosts.start().peerId().bytes(), List.of(jsListen.bytes()))));
        assertThat(bad.status()).isEqualTo(ResponseStatus.E_BAD_REQUEST);
        assertThat(bad.statusText()).isEqualTo("peer id mismatch");
    }
}
