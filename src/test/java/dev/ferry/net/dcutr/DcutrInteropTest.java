package dev.ferry.net.dcutr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.JsPeer;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.net.ping.PingService;
import dev.ferry.net.relay.RelayClient;
import dev.ferry.net.relay.RelayLimits;
import dev.ferry.net.relay.RelayService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ferry's DCUtR against js-libp2p 3 with @libp2p/dcutr 3 and @libp2p/circuit-relay-v2 4
 * (interop/libp2p/dcutr-peer.mjs), through a ferry relay on 127.0.0.1.
 *
 * <p>js dials (and accepts in its CONNECT) only public addresses: it drops private ones, loopback included, but takes
 * DNS names as public. So a ferry peer that tells {@code /dns4/localhost/tcp/PORT} besides its own gets the whole
 * exchange from js; one that tells only {@code 127.0.0.1} sees js's CONNECT, answers it, and js gives up there, three
 * times (and a js peer that already knows such a name for ferry from identify dials it at once, without DCUtR).
 */
@Tag("interop")
@Timeout(180)
class DcutrInteropTest {
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
        JsPeer p = new JsPeer("libp2p/dcutr-peer.mjs", env);
        js.add(p);
        return p;
    }

    record Ferry(Host host, RelayClient client, HolePunchService dcutr) {}

    Ferry ferry() throws Exception {
        Host h = hosts.start();
        IdentifyService.install(h);
        PingService.install(h);
        h.setHandler(ECHO, s -> s.in().transferTo(s.out())); // not on limited connections
        return new Ferry(h, RelayClient.install(h), HolePunchService.install(h,
                HolePunchConfig.defaults().withRelayedGrace(Duration.ofSeconds(2))));
    }

    Host relay() throws Exception {
        Host r = hosts.start();
        RelayService.install(r, RelayLimits.defaults());
        IdentifyService.install(r);
        return r;
    }

    static Multiaddr localhost(Host h) {
        return Multiaddr.parse("/dns4/localhost/tcp/" + h.listenAddresses().getFirst().valueOf("tcp").orElseThrow());
    }

    static boolean direct(Host h, PeerId peer) {
        return h.connections(peer).stream().anyMatch(c -> c.isOpen() && !c.limited());
    }

    static boolean within(Duration d, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.call();
    }

    static JsonNode connections(JsPeer p, Host to) throws Exception {
        return p.call("connections", Map.of("peer", to.peerId().toString()), Duration.ofSeconds(10)).path("list");
    }

    static boolean jsDirect(JsPeer p, Host to) throws Exception {
        for (JsonNode c : connections(p, to)) {
            if (!c.path("limited").asBoolean()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aFerryPeerReachedByJsThroughARelayHolePunchesToADirectConnection() throws Exception {
        Host r = relay();
        Ferry f = ferry();
        f.host().setAppendAnnounce(List.of(localhost(f.host()))); // an address js takes for public
        f.client().reserve(TestHosts.dialable(r));
        JsPeer j = js(Map.of());
        PeerId jsId = PeerId.parse(j.peerId);
        String circuit = TestHosts.dialable(r).encapsulate("/p2p-circuit/p2p/" + f.host().peerId()).toString();

        assertThat(j.call("dial", Map.of("addr", circuit), Duration.ofSeconds(30)).path("limited").asBoolean())
                .isTrue();

        // ferry, to which the relay brought the connection, initiates; js answers, and both dial
        assertThat(within(Duration.ofSeconds(30), () -> f.dcutr().stats().succeeded() == 1))
                .as("%s", f.dcutr().stats()).isTrue();
        assertThat(f.dcutr().stats().attempts()).isEqualTo(1);
        assertThat(direct(f.host(), jsId)).isTrue();
        assertThat(within(Duration.ofSeconds(10), () -> jsDirect(j, f.host()))).isTrue();
        // a protocol neither side runs over a relay, both ways
        assertThat(j.call("echo", Map.of("peer", f.host().peerId().toString(), "size", 50_000),
                Duration.ofSeconds(30)).path("bytes").asInt()).isEqualTo(50_000);
        try (NegotiatedStream s = f.host().newStream(jsId, ECHO)) {
            assertThat(s.connection().limited()).isFalse();
            s.out().write("ferry to js".getBytes());
            s.closeWrite();
            assertThat(new String(s.in().readAllBytes())).isEqualTo("ferry to js");
        }
        // the relayed connection is closed (js closes its end at once, ferry after its grace)
        assertThat(within(Duration.ofSeconds(15), () -> f.host().connections(jsId).stream()
                .noneMatch(Connection::limited))).isTrue();
    }

    @Test
    void aJsPeerReachedByFerryThroughARelayStartsDcutrButRefusesFerrysLoopbackAddresses() throws Exception {
        Host r = relay();
        JsPeer j = js(Map.of("FERRY_JS_RELAY_LISTEN", TestHosts.dialable(r).toString()));
        j.call("addrs", Map.of("circuit", true), Duration.ofSeconds(30));
        PeerId jsId = PeerId.parse(j.peerId);
        Ferry f = ferry();

        Connection relayed = f.host().connect(TestHosts.dialable(r).encapsulate("/p2p-circuit/p2p/" + jsId));
        assertThat(relayed.limited()).isTrue();

        // js, to which the relay brought the connection, sends CONNECT with its addresses; ferry answers with its
        // own, all on 127.0.0.1, which js drops as private: it sends no SYNC, and tries again, three times in all
        assertThat(within(Duration.ofSeconds(40), () -> f.dcutr().stats().answered() == 3))
                .as("%s", f.dcutr().stats()).isTrue();
        Thread.sleep(1000);
        assertThat(f.dcutr().stats().answered()).isEqualTo(3);
        assertThat(f.dcutr().stats().synced()).isZero();
        assertThat(f.dcutr().stats().initiated()).isZero(); // ferry dialled: the other side initiates
        assertThat(relayed.isOpen()).isTrue();
        assertThat(direct(f.host(), jsId)).isFalse();
        assertThat(jsDirect(j, f.host())).isFalse();
        assertThat(within(Duration.ofSeconds(5), () -> relayed.openStreams() == 0)).isTrue(); // none left behind
    }

    @Test
    void aJsPeerThatKnowsAPublicLookingAddressOfFerryUpgradesWithoutDcutr() throws Exception {
        Host r = relay();
        JsPeer j = js(Map.of("FERRY_JS_RELAY_LISTEN", TestHosts.dialable(r).toString()));
        j.call("addrs", Map.of("circuit", true), Duration.ofSeconds(30));
        PeerId jsId = PeerId.parse(j.peerId);
        Ferry f = ferry();
        f.host().setAppendAnnounce(List.of(localhost(f.host())));

        Connection relayed = f.host().connect(TestHosts.dialable(r).encapsulate("/p2p-circuit/p2p/" + jsId));

        // js learns the name through identify and dials it itself (the spec's unilateral upgrade), then closes the
        // relayed connection
        assertThat(within(Duration.ofSeconds(30), () -> direct(f.host(), jsId))).isTrue();
        assertThat(within(Duration.ofSeconds(10), () -> !relayed.isOpen())).isTrue();
        assertThat(f.dcutr().stats().answered()).isZero();
        assertThat(j.call("echo", Map.of("peer", f.host().peerId().toString(), "size", 1000),
                Duration.ofSeconds(30)).path("bytes").asInt()).isEqualTo(1000);
    }
}
