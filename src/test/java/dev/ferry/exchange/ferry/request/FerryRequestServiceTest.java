package dev.ferry.exchange.ferry.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.exchange.ferry.request.RequestFixtures.Call;
import dev.ferry.exchange.ferry.request.RequestFixtures.FakeUpstream;
import dev.ferry.exchange.ferry.request.RequestFixtures.Trust;
import dev.ferry.exchange.ferry.request.wire.RequestWire;
import dev.ferry.exchange.ferry.request.wire.ResponseFrame;
import dev.ferry.exchange.ferry.request.wire.WireRequest;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.TestHosts;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.MemoryBlockstore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The request protocol between real hosts on 127.0.0.1. */
@Timeout(60)
class FerryRequestServiceTest {
    static final Duration IDLE = Duration.ofSeconds(10);
    static final List<Source> PEER_ONLY = List.of(Source.PEER);

    final TestHosts hosts = new TestHosts();
    final List<FerryRequestService> services = new ArrayList<>();
    final SecureRandom random = new SecureRandom();

    @AfterEach
    void close() {
        services.forEach(FerryRequestService::close);
        hosts.close();
    }

    record Peer(Identity id, Host host, Blockstore store, FerryRequestService service) {}

    Peer peer(Blockstore store, TrustLevels trust, ServePolicy policy, ProxyUpstream upstream, RequestConfig config)
            throws Exception {
        Identity id = Identity.generate(random);
        Host h = hosts.start(id);
        FerryRequestService s = FerryRequestService.start(h, store, trust, policy, upstream, config);
        services.add(s);
        return new Peer(id, h, store, s);
    }

    Peer peer() throws Exception {
        return peer(new MemoryBlockstore(), TrustLevels.NONE, ServePolicy.SERVE_ALL, ProxyUpstream.NONE,
                RequestConfig.defaults());
    }

    static void connect(Peer from, Peer to) throws Exception {
        from.host().connect(TestHosts.dialable(to.host()));
    }

    static long count(Blockstore s) {
        try (Stream<Cid> c = s.cids()) {
            return c.count();
        }
    }

    @Test
    void aWholeDagIsServedFromThePeersStoreAndVerified() throws Exception {
        Peer a = peer();
        Peer b = peer();
        List<Block> dag = RequestFixtures.tree("served", 3, 4);
        Cid root = RequestFixtures.store(a.store(), dag);
        connect(b, a);

        MemoryBlockstore into = new MemoryBlockstore();
        java.util.concurrent.atomic.AtomicInteger imported = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        dev.ferry.store.ForwardingBlockstore watched = new dev.ferry.store.ForwardingBlockstore(into) {
            @Override
            public void put(Block block) {
                imported.incrementAndGet();
                super.put(block);
            }

            @Override
            public void putReceived(Block block) {
                received.incrementAndGet();
                super.putReceived(block);
            }
        };
        long n = b.service().fetch(a.host().peerId(), root, PEER_ONLY, 0, watched, IDLE);

        assertThat(n).isEqualTo(dag.size());
        for (Block blk : dag) {
            assertThat(into.get(blk.cid())).contains(blk);
        }
        // stored as received blocks (the store may drop them from memory once durable), not as local imports
        assertThat(received.get()).isEqualTo(dag.size());
        assertThat(imported.get()).isZero();
        assertThat(a.service().stats().served()).isEqualTo(1);
        assertThat(a.service().stats().blocksSent()).isEqualTo(dag.size());
        assertThat(b.service().stats().requestsSent()).isEqualTo(1);
        assertThat(a.service().stats().requestsSent()).isZero();
    }

    @Test
    void withTheDagLayersReaderADagCborDagTravelsWhole() throws Exception {
        DagLinks full = (c, data) -> dev.ferry.dag.walk.Links.supports(c.codec())
                ? dev.ferry.dag.walk.Links.of(c, data) : List.of();
        Block leaf = Block.raw("cbor leaf".getBytes());
        byte[] cid = leaf.cid().bytes();
        byte[] cbor = new byte[7 + 1 + cid.length];
        byte[] head = {(byte) 0xa1, 0x61, 0x61, (byte) 0xd8, 0x2a, 0x58, (byte) (cid.length + 1), 0x00};
        System.arraycopy(head, 0, cbor, 0, head.length);
        System.arraycopy(cid, 0, cbor, head.length, cid.length);
        cbor = java.util.Arrays.copyOf(cbor, head.length + cid.length);
        Block root = Block.create(1, dev.ferry.multiformats.Multicodec.DAG_CBOR.code(), cbor);
        MemoryBlockstore aStore = new MemoryBlockstore();
        aStore.putAll(List.of(root, leaf));
        Host ah = hosts.start(Identity.generate(random));
        Host bh = hosts.start(Identity.generate(random));
        services.add(FerryRequestService.start(ah, aStore, TrustLevels.NONE, ServePolicy.SERVE_ALL,
                ProxyUpstream.NONE, RequestConfig.defaults(), full, java.time.InstantSource.system()));
        FerryRequestService bs = FerryRequestService.start(bh, new MemoryBlockstore(), TrustLevels.NONE,
                ServePolicy.SERVE_ALL, ProxyUpstream.NONE, RequestConfig.defaults(), full,
                java.time.InstantSource.system());
        services.add(bs);
        bh.connect(TestHosts.dialable(ah));

        MemoryBlockstore into = new MemoryBlockstore();
        assertThat(bs.fetch(ah.peerId(), root.cid(), PEER_ONLY, 0, into, IDLE)).isEqualTo(2);
        assertThat(into.get(leaf.cid())).contains(leaf);
    }

    @Test
    void missingContentIsNotFound() throws Exception {
        Peer a = peer();
        Peer b = peer();
        connect(b, a);
        Cid absent = Block.raw(new byte[] {1, 2, 3}).cid();

        assertThatThrownBy(() -> b.service().fetch(a.host().peerId(), absent, List.of(Source.PEER, Source.IPFS), 2,
                new MemoryBlockstore(), IDLE))
                .isInstanceOfSatisfying(FerryRequestException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefusalReason.NOT_FOUND));
        assertThat(a.service().stats().refused(RefusalReason.NOT_FOUND)).isEqualTo(1);
    }

    /** Requests propose the protocol lazily; a peer that does not serve it fails the request, not the connection. */
    @Test
    void aPeerWithoutTheProtocolFailsTheRequestCleanly() throws Exception {
        Peer a = peer();
        Peer b = peer();
        List<Block> dag = RequestFixtures.tree("after", 2, 2);
        Cid root = RequestFixtures.store(a.store(), dag);
        connect(b, a);
        a.host().removeHandler(FerryRequestService.PROTOCOL_ID);
        MemoryBlockstore into = new MemoryBlockstore();
        assertThatThrownBy(() -> b.service().fetch(a.host().peerId(), root, PEER_ONLY, 0, into, IDLE))
                .isInstanceOfSatisfying(FerryRequestException.class, e -> {
                    assertThat(e.reason()).isNull();
                    // the listener answers na, then takes the request behind the proposal for a malformed next
                    // proposal and resets the stream: the requester reads the refusal or the reset, whichever the
                    // stream delivers first
                    assertThat(e.getMessage()).containsAnyOf("ProtocolNotSupported", "reset");
                });
        assertThat(count(into)).isZero();
        assertThat(b.host().isConnected(a.host().peerId())).isTrue();
    }

    @Test
    void theServePolicyDecidesPerRequester() throws Exception {
        Identity trusted = Identity.generate(random);
        List<Block> dag = RequestFixtures.tree("secret", 2, 2);
        Cid root = dag.getFirst().cid();
        ServePolicy onlyTrusted = (did, cid) -> did.equals(trusted.did());
        Peer a = peer(new MemoryBlockstore(), TrustLevels.NONE, onlyTrusted, ProxyUpstream.NONE,
                RequestConfig.defaults());
        RequestFixtures.store(a.store(), dag);
        Peer stranger = peer();
        Host th = hosts.start(trusted);
        FerryRequestService ts = FerryRequestService.start(th, new MemoryBlockstore(), TrustLevels.NONE,
                ServePolicy.SERVE_ALL, ProxyUpstream.NONE, RequestConfig.defaults());
        services.add(ts);
        connect(stranger, a);
        th.connect(TestHosts.dialable(a.host()));

        MemoryBlockstore strangerInto = new MemoryBlockstore();
        assertThatThrownBy(() -> stranger.service().fetch(a.host().peerId(), root, PEER_ONLY, 0, strangerInto, IDLE))
                .isInstanceOfSatisfying(FerryRequestException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefusalReason.NOT_ALLOWED));
        assertThat(count(strangerInto)).isZero();

        MemoryBlockstore trustedInto = new MemoryBlockstore();
        assertThat(ts.fetch(a.host().peerId(), root, PEER_ONLY, 0, trustedInto, IDLE)).isEqualTo(dag.size());
    }

    @Test
    void aRequesterClaimingAnotherDidIsRefusedAndTheRightDidIsServed() throws Exception {
        Peer a = peer();
        Peer b = peer();
        Cid root = RequestFixtures.store(a.store(), RequestFixtures.tree("claim", 1, 1));
        connect(b, a);
        Identity other = Identity.generate(random);

        ResponseFrame.Header h = rawRequest(b.host(), a, new WireRequest(root, other.did().toString(), PEER_ONLY, 0));
        assertThat(h.status()).isEqualTo(RefusalReason.NOT_ALLOWED.code());
        assertThat(h.message()).contains("not the connection's DID");

        ResponseFrame.Header ok = rawRequest(b.host(), a, new WireRequest(root, b.id().did().toString(), PEER_ONLY,
                0));
        assertThat(ok.status()).isZero();
    }

    @Test
    void malformedRequestsAreRefusedAndThePeerKeepsServing() throws Exception {
        Peer a = peer();
        Peer b = peer();
        Cid root = RequestFixtures.store(a.store(), RequestFixtures.tree("garbage", 1, 1));
        connect(b, a);

        for (byte[] junk : List.of(new byte[] {0x05, (byte) 0xff, 0x01, 0x02, 0x03, 0x04},
                new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f})) {
            try (NegotiatedStream s = b.host().newStream(a.host().peerId(), FerryRequestService.PROTOCOL_ID)) {
                s.out().write(junk);
                s.out().flush();
                s.closeWrite();
                ResponseFrame f = RequestWire.decodeFrame(RequestWire.readFrame(s.in(), RequestWire.MAX_FRAME_BYTES));
                assertThat(f).isInstanceOfSatisfying(ResponseFrame.Header.class,
                        h -> assertThat(h.status()).isEqualTo(RefusalReason.BAD_REQUEST.code()));
            }
        }
        assertThat(b.service().fetch(a.host().peerId(), root, PEER_ONLY, 0, new MemoryBlockstore(), IDLE))
                .isEqualTo(3);
    }

    @Test
    void aTtlAboveTheMaximumIsRefused() throws Exception {
        Peer a = peer(new MemoryBlockstore(), TrustLevels.NONE, ServePolicy.SERVE_ALL, ProxyUpstream.NONE,
                RequestConfig.defaults().withMaxTtl(2));
        Peer b = peer();
        Cid root = RequestFixtures.store(a.store(), RequestFixtures.tree("ttl", 1, 1));
        connect(b, a);

        assertThatThrownBy(() -> b.service().fetch(a.host().peerId(), root, PEER_ONLY, 3, new MemoryBlockstore(),
                IDLE)).isInstanceOfSatisfying(FerryRequestException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefusalReason.BAD_REQUEST));
        assertThat(b.service().fetch(a.host().peerId(), root, PEER_ONLY, 2, new MemoryBlockstore(), IDLE))
                .isEqualTo(3);
    }

    @Test
    void aProxyFetchRunsForTrustedRequestersWithTtlMinusOneAndNeverForTtlZero() throws Exception {
        MemoryBlockstore network = new MemoryBlockstore();
        List<Block> dag = RequestFixtures.tree("proxied", 2, 3);
        Cid root = RequestFixtures.store(network, dag);
        FakeUpstream upstream = new FakeUpstream(network, Source.IPFS, Source.GATEWAY);
        Trust trust = new Trust();
        Peer a = peer(new MemoryBlockstore(), trust, ServePolicy.SERVE_ALL, upstream, RequestConfig.defaults());
        Peer b = peer();
        Peer c = peer();
        trust.set(b.id(), 5).set(c.id(), 4);
        connect(b, a);
        connect(c, a);
        List<Source> any = List.of(Source.PEER, Source.GATEWAY, Source.IPFS);

        assertThatThrownBy(() -> b.service().fetch(a.host().peerId(), root, any, 0, new MemoryBlockstore(), IDLE))
                .isInstanceOfSatisfying(FerryRequestException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefusalReason.TTL_EXHAUSTED));
        assertThatThrownBy(() -> c.service().fetch(a.host().peerId(), root, any, 2, new MemoryBlockstore(), IDLE))
                .isInstanceOfSatisfying(FerryRequestException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefusalReason.NOT_ALLOWED));
        assertThat(upstream.calls).isEmpty();
        assertThat(a.store().has(root)).isFalse();

        MemoryBlockstore into = new MemoryBlockstore();
        assertThat(b.service().fetch(a.host().peerId(), root, any, 2, into, IDLE)).isEqualTo(dag.size());
        assertThat(upstream.calls).containsExactly(new Call(Source.GATEWAY, root, 1)); // the requester's order
        assertThat(count(into)).isEqualTo(dag.size());
        assertThat(a.service().stats().proxied()).isEqualTo(1);
    }

    @Test
    void aSlowProxyFetchKeepsTheRequesterWaitingPastItsIdleTimeout() throws Exception {
        MemoryBlockstore network = new MemoryBlockstore();
        List<Block> dag = RequestFixtures.tree("slow-proxy", 1, 2);
        Cid root = RequestFixtures.store(network, dag);
        FakeUpstream fast = new FakeUpstream(network, Source.IPFS);
        ProxyUpstream slowNetwork = new ProxyUpstream() {
            @Override
            public boolean offers(Source source) {
                return source == Source.IPFS;
            }

            @Override
            public long fetch(Source source, Cid r, Blockstore into, Duration idle) {
                try {
                    Thread.sleep(1500); // a slow network, five times the requester's idle timeout
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return fast.fetch(source, r, into, idle, 0);
            }
        };
        Trust trust = new Trust();
        Peer a = peer(new MemoryBlockstore(), trust, ServePolicy.SERVE_ALL, slowNetwork,
                RequestConfig.defaults().withIdleTimeout(Duration.ofMillis(300)));
        Peer b = peer();
        trust.set(b.id(), 9);
        connect(b, a);

        MemoryBlockstore into = new MemoryBlockstore();
        assertThat(b.service().fetch(a.host().peerId(), root, List.of(Source.IPFS), 1, into, Duration.ofMillis(300)))
                .isEqualTo(dag.size());
        assertThat(count(into)).isEqualTo(dag.size());
    }

    @Test
    void aFloodGetsBusyWhileAnotherPeerIsStillServed() throws Exception {
        List<Block> slowDag = RequestFixtures.tree("slow", 1, 1);
        CountDownLatch entered = new CountDownLatch(4);
        CountDownLatch release = new CountDownLatch(1);
        MemoryBlockstore backing = new MemoryBlockstore();
        Cid slow = RequestFixtures.store(backing, slowDag);
        Cid quick = RequestFixtures.store(backing, RequestFixtures.tree("quick", 1, 2));
        Blockstore gated = new dev.ferry.store.ForwardingBlockstore(backing) {
            @Override
            public Optional<byte[]> bytesForPeer(Cid cid) { // what the server reads to answer
                if (cid.equals(slow)) {
                    entered.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.bytesForPeer(cid);
            }
        };
        Peer a = peer(gated, TrustLevels.NONE, ServePolicy.SERVE_ALL, ProxyUpstream.NONE,
                RequestConfig.defaults().withMaxPerPeer(4));
        Peer flooder = peer();
        Peer other = peer();
        connect(flooder, a);
        connect(other, a);

        try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> held = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                held.add(vt.submit(() -> flooder.service().fetch(a.host().peerId(), slow, PEER_ONLY, 0,
                        new MemoryBlockstore(), IDLE)));
            }
            assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> flooder.service().fetch(a.host().peerId(), slow, PEER_ONLY, 0,
                    new MemoryBlockstore(), IDLE)).isInstanceOfSatisfying(FerryRequestException.class,
                            e -> assertThat(e.reason()).isEqualTo(RefusalReason.BUSY));
            assertThat(other.service().fetch(a.host().peerId(), quick, PEER_ONLY, 0, new MemoryBlockstore(), IDLE))
                    .isEqualTo(4);

            release.countDown();
            for (Future<Long> f : held) {
                assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(slowDag.size());
            }
        }
        assertThat(a.service().stats().refused(RefusalReason.BUSY)).isEqualTo(1);
    }

    @Test
    void aPartialDagEndsNotFoundAndTheVerifiedPartIsKept() throws Exception {
        Peer a = peer();
        Peer b = peer();
        List<Block> dag = RequestFixtures.tree("partial", 2, 2);
        Cid root = RequestFixtures.store(a.store(), dag);
        Block lost = dag.getLast(); // the second mid node: its subtree follows the first one in DFS order
        a.store().delete(lost.cid());
        connect(b, a);

        MemoryBlockstore into = new MemoryBlockstore();
        assertThatThrownBy(() -> b.service().fetch(a.host().peerId(), root, PEER_ONLY, 0, into, IDLE))
                .isInstanceOfSatisfying(FerryRequestException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefusalReason.NOT_FOUND));
        assertThat(into.has(root)).isTrue();
        assertThat(into.has(lost.cid())).isFalse();
        assertThat(count(into)).isEqualTo(4); // root, first mid, its two leaves
    }

    /** Sends one crafted request and reads the header. */
    static ResponseFrame.Header rawRequest(Host from, Peer to, WireRequest req) throws Exception {
        try (NegotiatedStream s = from.newStream(to.host().peerId(), FerryRequestService.PROTOCOL_ID)) {
            RequestWire.writeFrame(s.out(), RequestWire.encodeRequest(req));
            s.out().flush();
            s.closeWrite();
            ResponseFrame f = RequestWire.decodeFrame(RequestWire.readFrame(s.in(), RequestWire.MAX_FRAME_BYTES));
            assertThat(f).isInstanceOf(ResponseFrame.Header.class);
            s.reset();
            return (ResponseFrame.Header) f;
        }
    }
}
