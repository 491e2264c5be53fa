package dev.ferry.routing;

import static dev.ferry.routing.gateway.GatewayTesting.addFile;
import static dev.ferry.routing.gateway.GatewayTesting.assertOnlyVerifiedBlocksOf;
import static dev.ferry.routing.gateway.GatewayTesting.content;
import static dev.ferry.routing.gateway.GatewayTesting.dagOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.exchange.bitswap.BitswapConfig;
import dev.ferry.exchange.bitswap.testing.BitswapNode;
import dev.ferry.exchange.bitswap.testing.FixturePeer;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BlockPresence;
import dev.ferry.exchange.bitswap.wire.PresenceType;
import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.exchange.bitswap.wire.WantType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import dev.ferry.net.host.TestHosts;
import dev.ferry.routing.gateway.GatewayPool;
import dev.ferry.routing.gateway.GatewayPoolConfig;
import dev.ferry.routing.gateway.HostileGateway;
import dev.ferry.routing.gateway.HostileGateway.Mode;
import dev.ferry.store.Block;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FallbackFetcherTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration SHORT_DELAY = Duration.ofMillis(300);
    private static final GatewayPoolConfig CONFIG = GatewayPoolConfig.defaults()
            .withIdleTimeout(Duration.ofSeconds(2)).withConnectTimeout(Duration.ofSeconds(2));
    private final TestHosts hosts = new TestHosts();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private BitswapNode holder;
    private BitswapNode fetcherNode;
    private HostileGateway good;
    private byte[] data;
    private Cid file;

    @BeforeEach
    void setUp() throws IOException {
        holder = node();
        fetcherNode = node();
        good = gateway(Mode.GOOD);
        data = content(150_000, 21);
        file = addFile(holder.store, data, true);
        addFile(good.store, data, true);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        hosts.close();
    }

    private BitswapNode node() throws IOException {
        BitswapNode n = new BitswapNode(hosts, BitswapConfig.defaults());
        closeables.add(n);
        return n;
    }

    private HostileGateway gateway(Mode m) throws IOException {
        HostileGateway g = new HostileGateway(m);
        closeables.add(g);
        return g;
    }

    private FallbackFetcher fetcher(Duration delay, HostileGateway... gateways) {
        GatewayPool pool = GatewayPool.of(Stream.of(gateways).map(HostileGateway::uri).toList(), CONFIG);
        closeables.add(pool);
        return new FallbackFetcher(new BitswapFetcher(fetcherNode.store, fetcherNode.bitswap), pool, delay);
    }

    private byte[] cat(Cid root) throws IOException {
        try (InputStream in = new UnixfsExporter(fetcherNode.store).cat(root)) {
            return in.readAllBytes();
        }
    }

    @Test
    void peerThatHasTheContentWinsAndTheGatewayIsNeverAsked() throws IOException {
        fetcherNode.connect(holder);
        FallbackFetcher f = fetcher(Duration.ofSeconds(15), good);
        try (FetchSession s = f.open(TIMEOUT)) {
            assertThat(s.get(file).cid()).isEqualTo(file);
            assertThat(s.fetchAll(file)).isEqualTo(dagOf(holder.store, file, "all").size());
        }
        assertThat(cat(file)).isEqualTo(data);
        assertThat(good.requests()).isZero();
        assertThat(((dev.ferry.routing.gateway.GatewayPool) f.gateways()).scores().getFirst().successes()).isZero();
    }

    @Test
    void withoutPeersTheGatewayIsAskedAfterTheDelay() throws IOException {
        FallbackFetcher f = fetcher(SHORT_DELAY, good);
        Set<Multihash> dag = dagOf(good.store, file, "all");
        try (FetchSession s = f.open(TIMEOUT)) {
            long t0 = System.nanoTime();
            Block root = s.get(file);
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(SHORT_DELAY.toNanos());
            assertThat(root).isEqualTo(good.store.get(file).orElseThrow());
            assertThat(fetcherNode.store.has(file)).isTrue(); // stored once verified
            assertThat(good.rawRequests.get()).isEqualTo(1);

            assertThat(s.fetchAll(file)).isEqualTo(dag.size());
        }
        assertThat(good.carRequests.get()).isEqualTo(1); // the missing part as one entity CAR
        assertThat(cat(file)).isEqualTo(data);
        assertThat(assertOnlyVerifiedBlocksOf(fetcherNode.store, dag)).isEqualTo(dag.size());
        assertThat(fetcherNode.bitswap.stats().wantlist()).isEmpty();
    }

    @Test
    void silentPeerLosesToTheGateway() throws Exception {
        // says HAVE to everything and never sends a block
        FixturePeer silent = new FixturePeer(hosts.start(), (in, out) -> {
            List<BlockPresence> haves = new ArrayList<>();
            for (WantEntry e : in.wants()) {
                if (!e.cancel() && e.type() == WantType.HAVE) {
                    haves.add(new BlockPresence(e.cid(), PresenceType.HAVE));
                }
            }
            if (!haves.isEmpty()) {
                out.send(BitswapMessage.ofBlocks(List.of(), haves));
            }
        });
        fetcherNode.host.connect(TestHosts.dialable(silent.host));
        FallbackFetcher f = fetcher(SHORT_DELAY, good);
        Set<Multihash> dag = dagOf(good.store, file, "all");
        try (FetchSession s = f.open(TIMEOUT)) {
            long t0 = System.nanoTime();
            assertThat(s.get(file).cid()).isEqualTo(file);
            assertThat(System.nanoTime() - t0).isLessThan(TIMEOUT.toNanos() / 2);
            assertThat(s.fetchAll(file)).isEqualTo(dag.size());
        }
        assertThat(silent.received.get()).isPositive(); // the peer was asked first
        assertThat(good.requests()).isPositive();
        assertThat(cat(file)).isEqualTo(data);
        assertThat(assertOnlyVerifiedBlocksOf(fetcherNode.store, dag)).isEqualTo(dag.size());
        assertThat(fetcherNode.bitswap.stats().wantlist()).isEmpty(); // the losing wants were cancelled
    }

    @Test
    void hostileGatewayInTheChainLeavesOnlyVerifiedBlocksOfTheDag() throws IOException {
        HostileGateway hostile = gateway(Mode.EXTRA_BLOCKS);
        addFile(hostile.store, data, true);
        FallbackFetcher f = fetcher(SHORT_DELAY, hostile, good);
        Set<Multihash> dag = dagOf(good.store, file, "all");
        try (FetchSession s = f.open(TIMEOUT)) {
            assertThat(s.fetchAll(file)).isEqualTo(dag.size());
        }
        assertThat(assertOnlyVerifiedBlocksOf(fetcherNode.store, dag)).isEqualTo(dag.size());
        assertThat(((dev.ferry.routing.gateway.GatewayPool) f.gateways()).scores().getFirst().gateway())
                .isEqualTo(good.uri());
        assertThat(((dev.ferry.routing.gateway.GatewayPool) f.gateways()).scores().getLast().invalid()).isEqualTo(1);
    }

    @Test
    void directoryIsFetchedEntityByEntity(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Files.write(dir.resolve("a"), content(40_000, 22));
        Files.write(dir.resolve("b"), content(40_000, 23));
        ImportOptions opts = ImportOptions.kuboDefaults().withChunkSize(16 * 1024);
        Cid d = new UnixfsImporter(good.store, opts).importPath(dir).cid();
        FallbackFetcher f = fetcher(SHORT_DELAY, good);
        Set<Multihash> dag = dagOf(good.store, d, "all");
        try (FetchSession s = f.open(TIMEOUT)) {
            assertThat(s.fetchAll(d)).isEqualTo(dag.size());
        }
        assertThat(good.carRequests.get()).isEqualTo(3); // the directory, then each file
        assertThat(assertOnlyVerifiedBlocksOf(fetcherNode.store, dag)).isEqualTo(dag.size());
    }

    @Test
    void withoutGatewaysItIsTheBitswapFetcher() throws IOException {
        FallbackFetcher f = fetcher(SHORT_DELAY);
        assertThat(f.local()).isSameAs(fetcherNode.store);
        Cid nowhere = Block.raw(content(64, 24)).cid();
        try (FetchSession s = f.open(Duration.ofMillis(500))) {
            assertThatThrownBy(() -> s.get(nowhere)).isInstanceOf(FetchTimeoutException.class);
        }
        fetcherNode.connect(holder);
        try (FetchSession s = f.open(TIMEOUT)) {
            assertThat(s.fetchAll(file)).isPositive();
        }
        assertThat(cat(file)).isEqualTo(data);
    }

    @Test
    void nothingAnywhereTimesOutCleanly() throws IOException {
        FallbackFetcher f = fetcher(Duration.ofMillis(100), good);
        Cid nowhere = Block.raw(content(64, 25)).cid();
        try (FetchSession s = f.open(Duration.ofMillis(1500))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> s.get(nowhere)).isInstanceOfSatisfying(FetchTimeoutException.class,
                    e -> assertThat(e.cid()).isEqualTo(nowhere));
            assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(10).toNanos());
        }
        assertThat(good.rawRequests.get()).isEqualTo(1);
        assertThat(fetcherNode.bitswap.stats().wantlist()).isEmpty();
    }

    /** Providers' gateways that turn up while the fetch runs, as HTTP retrieval's do. */
    private dev.ferry.routing.gateway.ProviderGateways providerGateways() {
        var g = new dev.ferry.routing.gateway.ProviderGateways(host -> true, CONFIG, java.time.InstantSource.system());
        closeables.add(g);
        return g;
    }

    private static void later(Duration d, Runnable r) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(d);
                r.run();
            } catch (InterruptedException e) {
                // the test ended
            }
        });
    }

    @Test
    void gatewaysFoundDuringAFetchAreAskedOnceThere() throws IOException {
        var found = providerGateways();
        FallbackFetcher f = new FallbackFetcher(new BitswapFetcher(fetcherNode.store, fetcherNode.bitswap), found,
                SHORT_DELAY);
        dev.ferry.multiformats.Multiaddr addr = dev.ferry.multiformats.Multiaddr.parse("/ip4/127.0.0.1/tcp/"
                + good.uri().getPort() + "/http");
        later(Duration.ofMillis(800), () -> found.learn(file, java.util.List.of(addr)));
        long t0 = System.nanoTime();
        try (FetchSession s = f.open(Duration.ofSeconds(5))) {
            assertThat(s.fetchAll(file)).isEqualTo(HostileGateway.dag(good.store, file, "all").size());
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        assertThat(cat(file)).isEqualTo(data);
        assertThat(good.requests()).isPositive();
    }

    @Test
    void withNoGatewayEverTheFetchEndsAtItsTimeout() {
        FallbackFetcher f = new FallbackFetcher(new BitswapFetcher(fetcherNode.store, fetcherNode.bitswap),
                providerGateways(), SHORT_DELAY);
        long t0 = System.nanoTime();
        try (FetchSession s = f.open(Duration.ofMillis(1200))) {
            assertThatThrownBy(() -> s.fetchAll(file)).isInstanceOf(FetchTimeoutException.class);
            assertThatThrownBy(() -> s.get(file)).isInstanceOf(FetchTimeoutException.class);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).isBetween(Duration.ofMillis(2300), Duration.ofMillis(4500));
    }
}
