package dev.ferry.exchange.ferry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.TestHosts;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real hosts on 127.0.0.1: records exchanged on connect, pushed on update, the index answers for held content. */
@Timeout(90)
class CapabilitiesServiceTest {
    final TestHosts hosts = new TestHosts();
    final List<CapabilitiesService> services = new ArrayList<>();

    @AfterEach
    void close() {
        services.forEach(CapabilitiesService::close);
        hosts.close();
    }

    /** A host with a block store and the service announcing it. */
    record Peer(Host host, MemoryBlockstore store, CapabilitiesService service, CapabilitiesEvents events) {
        PeerId id() {
            return host.peerId();
        }

        Cid add(String text) {
            Block b = Block.raw(text.getBytes(StandardCharsets.UTF_8));
            store.put(b);
            return b.cid();
        }
    }

    Peer peer(CapabilitiesConfig config, TrustLevels trust) throws Exception {
        Host h = hosts.start();
        MemoryBlockstore store = new MemoryBlockstore();
        CapabilitiesConfig c = config.withIpfs(IpfsNode.ferry(h.listenAddresses()));
        CapabilitiesService s = CapabilitiesService.start(h, h.identity(), ContentIndexBuilder.of(store, c).asSupplier(),
                c, trust, java.time.InstantSource.system());
        services.add(s);
        return new Peer(h, store, s, CapabilitiesEvents.on(s));
    }

    Peer peer() throws Exception {
        return peer(CapabilitiesConfig.defaults().withMinPushInterval(Duration.ofMillis(50)), TrustLevels.NONE);
    }

    @Test
    void twoHostsExchangeOnConnectAndPushOnUpdate() throws Exception {
        Peer a = peer();
        Peer b = peer();
        Cid early = a.add("held before the connection");
        a.service().update();
        a.host().connect(TestHosts.dialable(b.host()));

        CapabilitiesRecord aSeenByB = b.events().awaitUpdate(a.id(), r -> true);
        CapabilitiesRecord bSeenByA = a.events().awaitUpdate(b.id(), r -> true);
        assertThat(aSeenByB.did()).isEqualTo(a.host().identity().did());
        assertThat(aSeenByB).isEqualTo(a.service().local());
        assertThat(bSeenByA).isEqualTo(b.service().local());
        assertThat(aSeenByB.ipfs().type()).isEqualTo(IpfsNodeType.FERRY);
        assertThat(aSeenByB.ipfs().swarmAddresses()).isEqualTo(a.host().listenAddresses());
        assertThat(b.service().peerCapabilities(a.id())).contains(aSeenByB);
        assertThat(aSeenByB.mightServe(early)).isTrue();
        assertThat(b.service().peersThatMightServe(early)).containsExactly(a.id());
        assertThat(a.service().peersThatMightServe(early)).isEmpty();

        // new content: pushed again with a higher sequence number
        Cid later = a.add("added after the connection");
        assertThat(aSeenByB.mightServe(later)).isFalse();
        long before = aSeenByB.seq();
        a.service().update();
        CapabilitiesRecord pushed = b.events().awaitUpdate(a.id(), r -> r.seq() > before);
        assertThat(pushed.mightServe(later)).isTrue();
        assertThat(pushed.mightServe(early)).isTrue();
        assertThat(b.service().peersThatMightServe(later)).containsExactly(a.id());

        // new limits and node details: pushed too
        a.service().update(IpfsNode.disabled(), new BandwidthLimit(1 << 20, 2 << 20));
        CapabilitiesRecord limited = b.events().awaitUpdate(a.id(), r -> !r.bandwidth().unlimited());
        assertThat(limited.bandwidth()).isEqualTo(new BandwidthLimit(1 << 20, 2 << 20));
        assertThat(limited.ipfs().enabled()).isFalse();

        // background rebuild after content changes
        Cid third = a.add("third");
        a.service().contentChanged();
        assertThat(b.events().awaitUpdate(a.id(), r -> r.mightServe(third)).seq()).isGreaterThan(limited.seq());

        // disconnect: the record leaves the table
        a.host().connections(b.id()).forEach(dev.ferry.net.host.Connection::close);
        b.events().await(e -> e instanceof CapabilitiesEvents.Removed r && r.peer().equals(a.id()),
                Duration.ofSeconds(20));
        assertThat(b.service().peerCapabilities(a.id())).isEmpty();
        assertThat(b.service().rejections().values()).allMatch(n -> n == 0);
    }

    @Test
    void threeHostsSeeEachOtherAndOrderCandidatesByTrust() throws Exception {
        Peer a = peer();
        Peer c = peer();
        Did cDid = c.host().identity().did();
        Did aDid = a.host().identity().did();
        TrustLevels trust = did -> did.equals(cDid) ? 9 : did.equals(aDid) ? 2 : 0;
        Peer b = peer(CapabilitiesConfig.defaults().withMinPushInterval(Duration.ofMillis(50)), trust);
        Cid shared = Block.raw("shared".getBytes(StandardCharsets.UTF_8)).cid();
        a.add("shared");
        c.add("shared");
        Cid onlyA = a.add("only a");
        a.service().update();
        c.service().update();

        a.host().connect(TestHosts.dialable(b.host()));
        c.host().connect(TestHosts.dialable(b.host()));
        a.host().connect(TestHosts.dialable(c.host()));
        for (Peer p : List.of(a, b, c)) {
            for (Peer q : List.of(a, b, c)) {
                if (p != q) {
                    p.events().awaitUpdate(q.id(), r -> r.equals(q.service().local()));
                }
            }
        }
        assertThat(b.service().table()).containsOnlyKeys(a.id(), c.id());
        assertThat(b.service().peersThatMightServe(shared)).containsExactly(c.id(), a.id());
        assertThat(b.service().peersThatMightServe(onlyA)).containsExactly(a.id());
        assertThat(trust.levelOf(c.id())).isEqualTo(9);
        assertThat(TrustLevels.NONE.levelOf(c.id())).isZero();

        // c pushes; a and b both hear it
        Cid fresh = c.add("fresh at c");
        c.service().update();
        a.events().awaitUpdate(c.id(), r -> r.mightServe(fresh));
        b.events().awaitUpdate(c.id(), r -> r.mightServe(fresh));
    }

    @Test
    void plainPeersWithoutTheProtocolAreAbsent() throws Exception {
        Peer a = peer();
        Peer b = peer();
        Host plain = hosts.start(); // speaks libp2p, not /ferry/capabilities
        plain.connect(TestHosts.dialable(a.host()));
        b.host().connect(TestHosts.dialable(a.host()));
        a.events().awaitUpdate(b.id(), r -> true);
        assertThat(plain.isConnected(a.id())).isTrue();
        assertThat(a.service().peerCapabilities(plain.peerId())).isEmpty();
        assertThat(a.service().table()).containsOnlyKeys(b.id());
        // and a later push round skips it without trouble
        a.service().update();
        long seq = a.service().local().seq();
        b.events().awaitUpdate(a.id(), r -> r.seq() == seq);
        assertThat(plain.isConnected(a.id())).isTrue();
    }

    @Test
    void servicesStartedAfterTheConnectionStillExchange() throws Exception {
        Host h1 = hosts.start();
        Host h2 = hosts.start();
        h1.connect(TestHosts.dialable(h2));
        CapabilitiesConfig config = CapabilitiesConfig.defaults();
        // h2 first: its send to h1 finds no handler, so h1 counts as silent; h1's record, sent when h1's service
        // starts, shows h2 that h1 speaks the protocol after all, and h2 sends its record back
        CapabilitiesService s2 = CapabilitiesService.start(h2, h2.identity(),
                () -> BloomFilter.builder(0, 0.01).build(), config);
        services.add(s2);
        CapabilitiesEvents e2 = CapabilitiesEvents.on(s2);
        CapabilitiesService s1 = CapabilitiesService.start(h1, h1.identity(),
                () -> BloomFilter.builder(0, 0.01).build(), config);
        services.add(s1);
        CapabilitiesEvents e1 = CapabilitiesEvents.on(s1);
        e2.awaitUpdate(h1.peerId(), r -> true);
        e1.awaitUpdate(h2.peerId(), r -> r.equals(s2.local()));
        Map<PeerId, CapabilitiesRecord> t = s1.table();
        assertThat(t).containsOnlyKeys(h2.peerId());
    }
}
