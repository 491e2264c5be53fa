package dev.ferry.net.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.JsPeer;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.net.ping.PingService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ferry's Circuit Relay v2 against js-libp2p 3 with @libp2p/circuit-relay-v2 4 (interop/libp2p/relay-peer.mjs): ferry
 * reserving on and dialled through a js relay, and js peers reserving on and dialling through a ferry relay.
 */
@Tag("interop")
@Timeout(180)
class RelayInteropTest {
    static final String ECHO = "/ferry/echo/1.0.0";
    final TestHosts hosts = new TestHosts();
    final List<JsPeer> js = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        try {
            for (JsPeer p : js) {
                p.close();
            }
        } finally {
            hosts.close();
        }
    }

    JsPeer js(Map<String, String> env) throws Exception {
        JsPeer p = new JsPeer("libp2p/relay-peer.mjs", env);
        js.add(p);
        return p;
    }

    record Ferry(Host host, RelayClient client, PingService ping, IdentifyService identify) {}

    Ferry ferry() throws Exception {
        Host h = hosts.start();
        Ferry f = new Ferry(h, RelayClient.install(h), PingService.install(h), IdentifyService.install(h));
        h.setHandler(ECHO, s -> s.in().transferTo(s.out()));
        h.allowOnLimitedConnections(ECHO);
        return f;
    }

    @Test
    void ferryReservesOnAJsRelayAndIsReachedThroughItByFerryAndByJs() throws Exception {
        JsPeer relay = js(Map.of("FERRY_JS_RELAY_SERVER", "1"));
        Multiaddr relayAddr = Multiaddr.parse(relay.address);
        PeerId relayId = PeerId.parse(relay.peerId);
        Ferry a = ferry();

        RelayReservation r = a.client().reserve(relayAddr);

        assertThat(r.relay()).isEqualTo(relayId);
        assertThat(r.voucher()).isNotNull(); // js signs one; it verified, and names this relay and us
        assertThat(r.voucher().peer()).isEqualTo(a.host().peerId());
        assertThat(r.expiry()).isAfter(java.time.Instant.now().plusSeconds(60));
        // js's defaults, 2 minutes and 128 KiB: js writes the duration in milliseconds where the spec says seconds,
        // and ferry takes the wire's value as the spec reads it (the relay, not the client, enforces it)
        assertThat(r.limit()).isEqualTo(new dev.ferry.net.relay.wire.Limit(120_000, 128 * 1024));
        Multiaddr circuit = relayAddr.encapsulate("/p2p-circuit");
        assertThat(r.circuits()).contains(circuit);
        assertThat(a.host().announceAddresses()).contains(circuit);
        assertThat(relay.call("reservations", Map.of(), Duration.ofSeconds(10)).path("peers").toString())
                .contains(a.host().peerId().toString());

        // ferry B through the js relay: ping and identify over the limited connection
        Ferry b = ferry();
        Connection c = b.host().connect(circuit.encapsulate("/p2p/" + a.host().peerId()));
        assertThat(c.limited()).isTrue();
        assertThat(b.ping().ping(a.host().peerId())).isPositive();
        assertThat(b.identify().awaitPeer(a.host().peerId(), p -> p.protocols().contains(ECHO),
                Duration.ofSeconds(10))).isTrue();

        // a js peer through the js relay to ferry A
        JsPeer dialer = js(Map.of());
        String target = circuit.encapsulate("/p2p/" + a.host().peerId()).toString();
        JsonNode ping = dialer.call("ping", Map.of("addr", target), Duration.ofSeconds(40));
        assertThat(ping.path("limited").asBoolean()).isTrue();
        JsonNode echo = dialer.call("echo", Map.of("addr", target, "size", 10_000), Duration.ofSeconds(40));
        assertThat(echo.path("bytes").asInt()).isEqualTo(10_000);
        PeerId dialerId = PeerId.parse(dialer.peerId);
        assertThat(a.host().connections(dialerId)).anySatisfy(x -> {
            assertThat(x.limited()).isTrue();
            assertThat(x.remoteAddress()).contains(circuit);
        });
    }

    @Test
    void jsPeersReserveOnAFerryRelayAndReachEachOtherAndFerryThroughIt() throws Exception {
        Host relay = hosts.start();
        RelayService service = RelayService.install(relay, RelayLimits.defaults());
        IdentifyService.install(relay);
        Multiaddr relayAddr = TestHosts.dialable(relay);

        JsPeer listener = js(Map.of("FERRY_JS_RELAY_LISTEN", relayAddr.toString()));
        JsonNode addrs = listener.call("addrs", Map.of("circuit", true), Duration.ofSeconds(30));
        Multiaddr circuit = relayAddr.encapsulate("/p2p-circuit");
        assertThat(addrs.path("addrs").toString()).contains(circuit.toString());
        PeerId listenerId = PeerId.parse(listener.peerId);
        assertThat(service.hasReservation(listenerId)).isTrue();

        // js to js through the ferry relay
        JsPeer dialer = js(Map.of());
        String target = circuit.encapsulate("/p2p/" + listenerId).toString();
        JsonNode echo = dialer.call("echo", Map.of("addr", target, "size", 20_000), Duration.ofSeconds(40));
        assertThat(echo.path("bytes").asInt()).isEqualTo(20_000);
        assertThat(echo.path("limited").asBoolean()).isTrue();
        assertThat(dialer.call("ping", Map.of("addr", target), Duration.ofSeconds(40)).path("limited").asBoolean())
                .isTrue();

        // ferry to js through the ferry relay
        Ferry f = ferry();
        Connection c = f.host().connect(Multiaddr.parse(target));
        assertThat(c.limited()).isTrue();
        assertThat(f.ping().ping(listenerId)).isPositive();
    }

    @Test
    void aFerryRelayResetsAJsCircuitPastItsDataLimit() throws Exception {
        Host relay = hosts.start();
        RelayService.install(relay, RelayLimits.defaults().withCircuitLimit(Duration.ofMinutes(2), 16 * 1024));
        Multiaddr relayAddr = TestHosts.dialable(relay);
        JsPeer listener = js(Map.of("FERRY_JS_RELAY_LISTEN", relayAddr.toString()));
        listener.call("addrs", Map.of("circuit", true), Duration.ofSeconds(30));
        JsPeer dialer = js(Map.of());
        String target = relayAddr.encapsulate("/p2p-circuit/p2p/" + listener.peerId).toString();

        // within the limit the echo comes back; 64 KiB each way is far past it
        assertThat(dialer.call("echo", Map.of("addr", target, "size", 2_000), Duration.ofSeconds(40))
                .path("bytes").asInt()).isEqualTo(2_000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dialer.call("echo",
                Map.of("addr", target, "size", 64 * 1024), Duration.ofSeconds(40))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("js peer failed 'echo'");
    }
}
