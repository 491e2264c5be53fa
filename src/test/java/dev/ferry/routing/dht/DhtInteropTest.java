package dev.ferry.routing.dht;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.JsPeer;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.store.Block;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ferry's DHT against js-libp2p's {@code @libp2p/kad-dht} (a server on the LAN protocol): provider records both ways
 * (ADD_PROVIDER), and lookups both ways (GET_PROVIDERS, FIND_NODE), each side answering the other's requests.
 */
@Tag("interop")
@Timeout(120)
class DhtInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TestHosts hosts = new TestHosts();
    private final List<Dht> dhts = new ArrayList<>();
    private final List<JsPeer> js = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (JsPeer j : js) {
            j.close();
        }
        dhts.forEach(Dht::close);
        hosts.close();
    }

    private record Ferry(Host host, Dht dht) {}

    private Ferry ferry() throws Exception {
        Host h = hosts.start();
        IdentifyService.install(h);
        dev.ferry.net.ping.PingService.install(h); // js-libp2p's routing table pings new contacts
        Dht d = Dht.start(h, DhtConfig.defaults().withProtocol(DhtConfig.LAN), a -> true);
        dhts.add(d);
        return new Ferry(h, d);
    }

    private JsPeer jsPeer() throws Exception {
        JsPeer j = new JsPeer("dht/peer.mjs", Map.of());
        js.add(j);
        return j;
    }

    private static void awaitTable(JsPeer j) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (j.call("table", Map.of(), WAIT).get("size").asInt() < 1) {
            assertThat(System.nanoTime()).as("the js routing table stays empty").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitTable(Ferry f, PeerId peer) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!f.dht().table().contains(peer)) {
            assertThat(System.nanoTime()).as("ferry's routing table lacks " + peer).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static List<String> providers(JsonNode reply) {
        List<String> out = new ArrayList<>();
        reply.get("providers").forEach(p -> out.add(p.get("peer").asText()));
        return out;
    }

    @Test
    void providersAndLookupsWorkBothWays() throws Exception {
        Ferry f1 = ferry();
        JsPeer j1 = jsPeer();
        PeerId j1Id = PeerId.parse(j1.peerId);
        f1.host().connect(Multiaddr.parse(j1.address));
        awaitTable(f1, j1Id);
        awaitTable(j1);

        Cid a = Block.raw("provided by js".getBytes(StandardCharsets.UTF_8)).cid();
        Cid b = Block.raw("provided by ferry".getBytes(StandardCharsets.UTF_8)).cid();
        // js announces to ferry (ADD_PROVIDER js -> ferry server)
        j1.call("provide", Map.of("cid", a.toString()), WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (f1.dht().findProviders(a.multihash().bytes(), 1, Duration.ofSeconds(5)).isEmpty()) {
            assertThat(System.nanoTime()).as("ferry never kept js's provider record").isLessThan(deadline);
            Thread.sleep(50);
        }
        // ferry announces to js (ADD_PROVIDER ferry -> js server)
        assertThat(f1.dht().provide(b.multihash().bytes(), WAIT)).isEqualTo(1);
        assertThat(providers(j1.call("findprovs", Map.of("cid", b.toString(), "count", 1), WAIT)))
                .containsExactly(f1.host().peerId().toString());

        // a fresh ferry node asks js (GET_PROVIDERS ferry -> js server)
        Ferry f2 = ferry();
        f2.host().connect(Multiaddr.parse(j1.address));
        awaitTable(f2, j1Id);
        List<Provider> ofA = f2.dht().findProviders(a.multihash().bytes(), 1, WAIT);
        assertThat(ofA).extracting(Provider::peer).containsExactly(j1Id);
        List<Provider> ofB = f2.dht().findProviders(b.multihash().bytes(), 1, WAIT);
        assertThat(ofB).extracting(Provider::peer).containsExactly(f1.host().peerId());
        assertThat(ofB.getFirst().addresses()).contains(f1.host().listenAddresses().getFirst());

        // a fresh js node asks ferry (GET_PROVIDERS js -> ferry server)
        JsPeer j2 = jsPeer();
        j2.call("dial", Map.of("addr", TestHosts.dialable(f1.host()).toString()), WAIT);
        awaitTable(j2);
        assertThat(providers(j2.call("findprovs", Map.of("cid", b.toString(), "count", 1), WAIT)))
                .containsExactly(f1.host().peerId().toString());
        assertThat(providers(j2.call("findprovs", Map.of("cid", a.toString(), "count", 1), WAIT)))
                .containsExactly(j1.peerId);

        // FIND_NODE both ways
        JsonNode closest = j2.call("closest", Map.of("peer", f2.host().peerId().toString()), WAIT);
        List<String> seen = new ArrayList<>();
        closest.get("peers").forEach(p -> seen.add(p.asText()));
        assertThat(seen).contains(f1.host().peerId().toString());
        assertThat(f2.dht().closestPeers(PeerId.parse(j2.peerId).bytes(), WAIT)).contains(j1Id);
    }
}
