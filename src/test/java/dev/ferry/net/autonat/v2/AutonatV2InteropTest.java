package dev.ferry.net.autonat.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.Reachability;
import dev.ferry.net.autonat.v2.wire.DialResponseStatus;
import dev.ferry.net.autonat.v2.wire.DialStatus;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.JsPeer;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ferry's AutoNAT v2 against js-libp2p 3 and @libp2p/autonat-v2 2.0.15 (interop/libp2p/autonat-v2-peer.mjs).
 *
 * <p>js asking ferry: the fixture plays js's client by hand with the package's codec (js's own client never asks
 * about loopback), and the package's dial-back handler checks the nonce ferry brings. ferry asking js: js's server
 * never dials a private IP (loopback included) and then answers nothing at all, so what can be checked on one machine
 * is its refusal of a transport it lacks, its silence on loopback, and its dial data request for another IP (a
 * multicast one, which it does not count as private and cannot connect to).
 */
@Tag("interop")
@Timeout(180)
class AutonatV2InteropTest {
    static final AutonatV2Config LOOPBACK = AutonatV2Config.defaults().withAllowPrivate(true)
            .withDialTimeout(Duration.ofSeconds(2)).withDialData(30_000, 100_000, Duration.ZERO);

    static TestHosts hosts;
    static Host ferry;
    static IdentifyService identify;
    static AutonatV2Server server;
    static AutonatV2Client client;
    static JsPeer js;
    static PeerId jsPeer;
    static List<Multiaddr> jsListen = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        hosts = new TestHosts();
        ferry = hosts.start();
        identify = IdentifyService.install(ferry);
        server = AutonatV2Server.install(ferry, LOOPBACK);
        client = AutonatV2Client.create(ferry, LOOPBACK);
        js = new JsPeer("libp2p/autonat-v2-peer.mjs", Map.of());
        jsPeer = PeerId.parse(js.peerId);
        for (JsonNode a : js.call("addrs", Map.of(), Duration.ofSeconds(10)).path("addrs")) {
            jsListen.add(Multiaddr.parse(a.asText()).decapsulate("p2p"));
        }
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

    static Multiaddr jsAt(String ip) {
        return jsListen.stream().filter(a -> a.toString().startsWith("/ip4/" + ip + "/")).findFirst().orElseThrow();
    }

    JsonNode jsAsks(List<Multiaddr> addrs, boolean register) throws Exception {
        return js.call("ask", Map.of("addr", TestHosts.dialable(ferry).toString(),
                "addrs", addrs.stream().map(Multiaddr::toString).toList(), "register", register),
                Duration.ofSeconds(60));
    }

    @Test
    void jsIsDialledBackAtItsOwnIpAndItsHandlerTakesTheNonce() throws Exception {
        Multiaddr quic = Multiaddr.parse("/ip4/127.0.0.1/udp/4001/quic-v1");
        JsonNode r = jsAsks(List.of(quic, jsAt("127.0.0.1")), true);

        assertThat(r.path("status").asText()).isEqualTo("OK");
        assertThat(r.path("dialStatus").asText()).isEqualTo("OK");
        assertThat(r.path("addrIdx").asInt()).isEqualTo(1); // the first one ferry can dial
        assertThat(r.path("dataRequested").isNull()).isTrue();
        assertThat(r.path("dialBackReceived").asBoolean()).isTrue();
        assertThat(r.path("inboundDuring").asInt()).isEqualTo(1);
        assertThat(ferry.connections(jsPeer)).hasSize(1); // the dial-back was closed, not kept
    }

    @Test
    void jsPaysDialDataForAnotherIp() throws Exception {
        long asked = server.dialDataAsked();
        JsonNode r = jsAsks(List.of(jsAt("127.0.0.2")), true);

        assertThat(r.path("dataRequested").asLong()).isBetween(30_000L, 100_000L);
        assertThat(r.path("dataSent").asLong()).isGreaterThanOrEqualTo(r.path("dataRequested").asLong());
        assertThat(server.dialDataAsked()).isEqualTo(asked + 1);
        assertThat(r.path("status").asText()).isEqualTo("OK");
        assertThat(r.path("dialStatus").asText()).isEqualTo("OK");
        assertThat(r.path("dialBackReceived").asBoolean()).isTrue();
    }

    @Test
    void aClosedPortIsADialErrorAndANonceJsDoesNotKnowADialBackError() throws Exception {
        int closed;
        try (ServerSocket ss = new ServerSocket(0)) {
            closed = ss.getLocalPort();
        }
        JsonNode r = jsAsks(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + closed)), true);
        assertThat(r.path("status").asText()).isEqualTo("OK");
        assertThat(r.path("dialStatus").asText()).isEqualTo("E_DIAL_ERROR");

        long before = server.answered().get("E_DIAL_BACK_ERROR");
        JsonNode unknown = jsAsks(List.of(jsAt("127.0.0.1")), false);
        assertThat(unknown.path("dialStatus").asText()).isEqualTo("E_DIAL_BACK_ERROR"); // js reset the stream
        assertThat(unknown.path("inboundDuring").asInt()).isEqualTo(1); // connected all the same
        assertThat(server.answered().get("E_DIAL_BACK_ERROR")).isEqualTo(before + 1);
    }

    @Test
    void ferryAsksJsWhichRefusesWhatItCannotDialAndChargesForAnotherIp() throws Exception {
        ferry.connect(Multiaddr.parse(js.address));
        assertThat(identify.awaitPeer(jsPeer, p -> p.protocols().contains(AutonatV2Server.DIAL_REQUEST),
                Duration.ofSeconds(10))).isTrue();
        assertThat(client.servers()).contains(jsPeer);

        // a transport js lacks: a well-formed refusal
        Multiaddr quic = Multiaddr.parse("/ip4/127.0.0.1/udp/4001/quic-v1");
        AddressProbeResult refused = client.probe(jsPeer, List.of(quic));
        assertThat(refused.status()).isEqualTo(DialResponseStatus.E_DIAL_REFUSED);
        assertThat(refused.observation()).isEqualTo(Reachability.UNKNOWN);

        // loopback: js will not dial a private IP and says nothing before closing the stream
        Multiaddr mine = ferry.listenAddresses().getFirst();
        assertThatThrownBy(() -> client.probe(jsPeer, List.of(mine))).hasMessageContaining("end of the stream");
        assertThat(client.verdict(mine).successes() + client.verdict(mine).failures()).isZero();

        // another IP, not a private one to js: it asks for dial data, ferry pays it, js's dial fails
        Multiaddr multicast = Multiaddr.parse("/ip4/224.0.0.1/tcp/4001");
        AddressProbeResult charged = client.probe(jsPeer, List.of(multicast));
        assertThat(charged.dialDataBytes()).isBetween(30_000L, 100_000L);
        assertThat(charged.status()).isEqualTo(DialResponseStatus.OK);
        assertThat(charged.dialStatus()).isEqualTo(DialStatus.E_DIAL_ERROR);
        assertThat(charged.observation()).isEqualTo(Reachability.PRIVATE);
        assertThat(client.verdict(multicast).failures()).isEqualTo(1);
    }
}
