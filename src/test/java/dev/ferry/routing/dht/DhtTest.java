package dev.ferry.routing.dht;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.routing.dht.wire.DhtCodec;
import dev.ferry.routing.dht.wire.DhtMessage;
import dev.ferry.routing.dht.wire.DhtMessageType;
import dev.ferry.routing.dht.wire.DhtPeer;
import dev.ferry.store.Block;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ferry DHT nodes on 127.0.0.1: lookups converge, providers are found across hops, bad servers are survived. */
@Timeout(90)
class DhtTest {
    static final DhtConfig CONFIG = DhtConfig.defaults().withProtocol(DhtConfig.LAN);
    private final TestHosts hosts = new TestHosts();
    private final List<Dht> dhts = new ArrayList<>();

    @AfterEach
    void tearDown() {
        dhts.forEach(Dht::close);
        hosts.close();
    }

    private Dht node(DhtConfig config) throws Exception {
        Host h = hosts.start();
        IdentifyService.install(h);
        Dht d = Dht.start(h, config, a -> true);
        dhts.add(d);
        return d;
    }

    private static Host host(Dht d) {
        try {
            var f = Dht.class.getDeclaredField("host");
            f.setAccessible(true);
            return (Host) f.get(d);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code n} nodes, each connected to the one before it only, then each bootstrapped. */
    private List<Dht> chain(int n, DhtConfig config) throws Exception {
        List<Dht> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Dht d = node(config);
            if (i > 0) {
                host(d).connect(TestHosts.dialable(host(out.get(i - 1))));
                Dht prev = out.get(i - 1);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!d.table().contains(host(prev).peerId())) { // identify told it the other serves the DHT
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.sleep(10);
                }
            }
            out.add(d);
        }
        for (Dht d : out) {
            d.bootstrap(Duration.ofSeconds(10));
        }
        return out;
    }

    @Test
    void aLookupFindsTheNearestPeersOfTheWholeNetwork() throws Exception {
        DhtConfig small = new DhtConfig(DhtConfig.LAN, 4, 3, Duration.ofSeconds(5), true);
        List<Dht> net = chain(12, small);
        byte[] key = "some key".getBytes(StandardCharsets.UTF_8);
        Dht asker = net.getLast();
        List<PeerId> everyone = new ArrayList<>();
        net.forEach(d -> everyone.add(host(d).peerId()));
        everyone.remove(host(asker).peerId());
        Comparator<KadId> order = KadId.byDistanceTo(KadId.of(key));
        everyone.sort((a, b) -> order.compare(KadId.of(a.bytes()), KadId.of(b.bytes())));
        assertThat(asker.closestPeers(key, Duration.ofSeconds(20))).isEqualTo(everyone.subList(0, 4));
    }

    @Test
    void aProviderIsFoundAcrossTheNetworkAndItsAddressesCome() throws Exception {
        List<Dht> net = chain(10, CONFIG);
        Cid cid = Block.raw("provided by the first node".getBytes(StandardCharsets.UTF_8)).cid();
        byte[] key = cid.multihash().bytes();
        Dht first = net.getFirst();
        assertThat(first.provide(key, Duration.ofSeconds(20))).isPositive();
        Dht last = net.getLast();
        int known = last.table().size();
        List<Provider> found = last.findProviders(key, 1, Duration.ofSeconds(20));
        // the lookup ended at the first provider; the requests it cancelled cost their peers nothing
        assertThat(last.table().size()).isGreaterThanOrEqualTo(known);
        assertThat(found).extracting(Provider::peer).containsExactly(host(first).peerId());
        assertThat(found.getFirst().addresses()).contains(host(first).listenAddresses().getFirst());
        // what the DHT said is enough to reach it
        host(last).connect(found.getFirst().addresses().getFirst().encapsulate("/p2p/" + host(first).peerId()));
        assertThat(host(last).isConnected(host(first).peerId())).isTrue();
        assertThat(last.findProviders(Block.raw(new byte[] {9}).cid().multihash().bytes(), 1,
                Duration.ofSeconds(10))).isEmpty();
        // and a peer is found by its ID
        Host second = host(net.get(1));
        assertThat(last.findPeer(second.peerId(), Duration.ofSeconds(10))).contains(second.listenAddresses().getFirst());
        assertThat(last.findPeer(RoutingTableTest.peer(), Duration.ofSeconds(10))).isEmpty();
        // a newcomer that knows only the last node finds the first's address through the DHT
        Dht newcomer = node(CONFIG);
        host(newcomer).connect(TestHosts.dialable(host(last)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!newcomer.table().contains(host(last).peerId())) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(10);
        }
        assertThat(host(newcomer).peerStore().addresses(host(first).peerId())).isEmpty();
        assertThat(newcomer.findPeer(host(first).peerId(), Duration.ofSeconds(10)))
                .contains(host(first).listenAddresses().getFirst());
    }

    @Test
    void garbageAndSilentServersDoNotStopALookup() throws Exception {
        DhtConfig fast = new DhtConfig(DhtConfig.LAN, 20, 3, Duration.ofMillis(500), true);
        List<Dht> net = chain(4, fast);
        Host liar = hosts.start();
        liar.setHandler(DhtConfig.LAN, s -> {
            s.in().readNBytes(1);
            s.out().write(new byte[] {0x05, 1, 2, 3, 4, 5}); // a frame that is no DHT message
            s.out().flush();
        });
        Host mute = hosts.start();
        mute.setHandler(DhtConfig.LAN, s -> s.in().readAllBytes()); // never answers
        Dht asker = net.getLast();
        for (Host bad : List.of(liar, mute)) {
            host(asker).connect(TestHosts.dialable(bad));
            asker.table().add(bad.peerId());
        }
        List<PeerId> closest = asker.closestPeers("k".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
        assertThat(closest).hasSize(3).doesNotContain(liar.peerId(), mute.peerId());
        assertThat(asker.table().contains(liar.peerId())).isFalse();
        assertThat(asker.table().contains(mute.peerId())).isFalse();
    }

    @Test
    void aProviderRecordCountsOnlyFromThePeerItNames() throws Exception {
        Dht d = node(CONFIG);
        PeerId honest = RoutingTableTest.peer();
        PeerId other = RoutingTableTest.peer();
        byte[] key = Block.raw(new byte[] {7}).cid().multihash().bytes();
        DhtMessage forged = new DhtMessage(DhtMessageType.ADD_PROVIDER, key, null, List.of(),
                List.of(new DhtPeer(other.bytes(), List.of(), 0)));
        assertThat(d.answer(honest, forged)).isNull();
        DhtMessage asked = d.answer(honest, DhtMessage.request(DhtMessageType.GET_PROVIDERS, key));
        assertThat(asked.providerPeers()).isEmpty();
        d.answer(honest, new DhtMessage(DhtMessageType.ADD_PROVIDER, key, null, List.of(),
                List.of(new DhtPeer(honest.bytes(), List.of(), 0))));
        asked = d.answer(other, DhtMessage.request(DhtMessageType.GET_PROVIDERS, key));
        assertThat(asked.providerPeers()).extracting(p -> PeerId.fromBytes(p.id())).containsExactly(honest);
        assertThat(d.answer(other, DhtMessage.request(DhtMessageType.PING, new byte[0])).type())
                .isEqualTo(DhtMessageType.PING);
        assertThat(DhtCodec.encode(d.answer(other, DhtMessage.request(DhtMessageType.GET_VALUE, key))))
                .isNotEmpty();
    }

    @Test
    void aStreamIdleBetweenRequestsIsReset() throws Exception {
        Host h = hosts.start(dev.ferry.net.host.HostConfig.defaults()
                .withStreamIdleTimeout(Duration.ofMillis(500)));
        Dht.start(h, CONFIG, a -> true);
        Host asker = hosts.start();
        asker.connect(dev.ferry.net.host.TestHosts.dialable(h));
        dev.ferry.net.host.NegotiatedStream s = asker.newStream(h.peerId(), DhtConfig.LAN);
        dev.ferry.routing.dht.wire.DhtCodec.write(s.out(), dev.ferry.routing.dht.wire.DhtMessage.request(
                dev.ferry.routing.dht.wire.DhtMessageType.PING, new byte[0]));
        s.out().flush();
        // answered, then the stream stays idle until the server gives up on it
        dev.ferry.testing.net.StreamEnds.Ending e = dev.ferry.testing.net.StreamEnds.await(s, Duration.ofSeconds(10));
        assertThat(e.end()).isEqualTo(dev.ferry.testing.net.StreamEnds.End.RESET);
        assertThat(e.answered()).isPositive();
    }
}
