package dev.ferry.routing.router;

import static dev.ferry.routing.gateway.GatewayTesting.addFile;
import static dev.ferry.routing.gateway.GatewayTesting.content;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ferry.exchange.bitswap.BitswapConfig;
import dev.ferry.exchange.bitswap.client.BitswapSession;
import dev.ferry.exchange.bitswap.testing.BitswapNode;
import dev.ferry.exchange.ferry.request.FerryRequester;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.ping.PingService;
import dev.ferry.routing.FetchSession;
import dev.ferry.testing.ManualClock;
import dev.ferry.store.MemoryBlockstore;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerMetricsTest {
    final ManualClock clock = new ManualClock();
    final PeerMetrics metrics = new PeerMetrics(0.3, Duration.ofMinutes(30), 2, clock);
    final PeerId p = RouterTesting.peer(false).id();

    static long dagBytes(MemoryBlockstore store, Cid root) {
        MemoryBlockstore copy = new MemoryBlockstore();
        RouterTesting.copyDag(store, root, copy);
        long n = 0;
        try (var s = copy.cids()) {
            for (Cid c : s.toList()) {
                n += copy.size(c).orElseThrow();
            }
        }
        return n;
    }

    @Test
    void averagesMoveWithRealPingsAndTransfersOverLoopback() throws IOException {
        try (TestHosts hosts = new TestHosts(); BitswapNode a = new BitswapNode(hosts, BitswapConfig.defaults());
                BitswapNode b = new BitswapNode(hosts, BitswapConfig.defaults())) {
            PingService pingA = PingService.install(a.host);
            PingService.install(b.host);
            a.connect(b);
            PeerId peer = b.host.peerId();

            Duration r1 = metrics.ping(pingA, peer);
            assertThat((double) metrics.latency(peer).orElseThrow().toNanos()).isCloseTo(r1.toNanos(), within(2.0)); // kept as a double
            Duration r2 = metrics.ping(pingA, peer);
            double expected = r1.toNanos() * 0.7 + r2.toNanos() * 0.3;
            assertThat((double) metrics.latency(peer).orElseThrow().toNanos()).isCloseTo(expected, within(2.0));

            Cid f1 = addFile(b.store, content(300_000, 1), true);
            Cid f2 = addFile(b.store, content(600_000, 2), true);
            double s1 = timedTransfer(a, b, f1);
            assertThat(metrics.bandwidth(peer).orElseThrow()).isCloseTo(s1, within(1e-6 * s1));
            double s2 = timedTransfer(a, b, f2);
            assertThat(metrics.bandwidth(peer).orElseThrow()).isCloseTo(0.7 * s1 + 0.3 * s2, within(1e-6 * s1));
            assertThat(metrics.latency(peer)).as("transfers leave the latency alone").isPresent();
        }
    }

    /** A real Bitswap transfer of the DAG under {@code root}; records it and returns the measured rate. */
    private double timedTransfer(BitswapNode a, BitswapNode b, Cid root) {
        long bytes = dagBytes(b.store, root);
        long t0 = System.nanoTime();
        try (BitswapSession s = a.bitswap.client().newSession()) {
            s.fetchAll(root, Duration.ofSeconds(20));
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        metrics.recordTransfer(b.host.peerId(), bytes, elapsed);
        return bytes / (elapsed.toNanos() / 1e9);
    }

    @Test
    void theRoutedFetcherFeedsTheMetricsFromARealTransfer() throws IOException {
        try (TestHosts hosts = new TestHosts(); BitswapNode a = new BitswapNode(hosts, BitswapConfig.defaults());
                BitswapNode b = new BitswapNode(hosts, BitswapConfig.defaults())) {
            a.connect(b);
            Cid file = addFile(b.store, content(400_000, 5), true);
            RouterTesting.Peer ferryB = new RouterTesting.Peer(b.host.identity(),
                    RouterTesting.record(b.host.identity(), false, bloomOf(b.store)));
            // the ferry request goes over Bitswap here: a real transfer, then the verified blocks are handed over
            FerryRequester overBitswap = (peer, root, preferred, ttl, into, idle) -> {
                try (BitswapSession s = a.bitswap.client().newSession()) {
                    s.fetchAll(root, idle);
                }
                RouterTesting.copyDag(a.store, root, into);
                return 1;
            };
            MemoryBlockstore local = new MemoryBlockstore();
            ContentRouter router = ContentRouter.builder(local).peers(() -> RouterTesting.table(ferryB))
                    .requester(overBitswap).metrics(new PeerMetrics(0.3, Duration.ofMinutes(30), 10, clock))
                    .clock(clock).build();
            try (FetchSession s = router.fetcher().open(Duration.ofSeconds(20))) {
                assertThat(s.fetchAll(file)).isPositive();
            }
            PeerId peer = b.host.peerId();
            assertThat(router.metrics().bandwidth(peer)).isPresent();
            assertThat(router.metrics().bandwidth(peer).getAsDouble()).isPositive();
            assertThat(router.metrics().latency(peer)).isPresent();
            Score s = router.score(new Candidate.FerryPeer(peer, java.util.Optional.empty(), 0, true, false));
            assertThat(s.parts()).containsKeys("Bandwidth", "Latency");
        }
    }

    private static dev.ferry.exchange.ferry.BloomFilter bloomOf(MemoryBlockstore store) {
        var b = dev.ferry.exchange.ferry.BloomFilter.builder(Math.max(1, store.count()), 0.001);
        try (var s = store.cids()) {
            s.forEach(b::add);
        }
        return b.build();
    }

    @Test
    void smallTransfersDoNotCountAsBandwidthAndOldMeasurementsAreForgotten() {
        metrics.recordTransfer(p, PeerMetrics.MIN_TRANSFER_BYTES - 1, Duration.ofMillis(1));
        assertThat(metrics.bandwidth(p)).isEmpty();
        metrics.recordTransfer(p, 1_000_000, Duration.ofMillis(500));
        assertThat(metrics.bandwidth(p).orElseThrow()).isEqualTo(2_000_000.0);
        metrics.recordLatency(p, Duration.ofMillis(10));
        clock.advance(Duration.ofMinutes(29));
        assertThat(metrics.latency(p)).contains(Duration.ofMillis(10));
        clock.advance(Duration.ofMinutes(1));
        assertThat(metrics.of(p).latency()).isEmpty();
        assertThat(metrics.of(p).bytesPerSecond()).isEmpty();
        metrics.recordLatency(p, Duration.ofMillis(50));
        assertThat(metrics.latency(p)).as("a fresh start, not an average with the forgotten sample")
                .contains(Duration.ofMillis(50));
    }

    @Test
    void boundedInPeers() {
        PeerId q = RouterTesting.peer(false).id();
        PeerId r = RouterTesting.peer(false).id();
        metrics.recordLatency(p, Duration.ofMillis(1));
        clock.advance(Duration.ofSeconds(1));
        metrics.recordLatency(q, Duration.ofMillis(2));
        clock.advance(Duration.ofSeconds(1));
        metrics.recordLatency(r, Duration.ofMillis(3));
        assertThat(metrics.latency(p)).as("the least recently updated went").isEmpty();
        assertThat(metrics.latency(q)).isPresent();
        assertThat(metrics.latency(r)).isPresent();
    }
}
