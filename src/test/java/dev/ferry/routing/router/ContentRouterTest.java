package dev.ferry.routing.router;

import static dev.ferry.routing.router.RouterTesting.peer;
import static dev.ferry.routing.router.RouterTesting.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.routing.gateway.GatewayPool;
import dev.ferry.routing.gateway.GatewayPoolConfig;
import dev.ferry.testing.ManualClock;
import dev.ferry.routing.router.RouterTesting.Peer;
import dev.ferry.routing.router.RouterTesting.StoreStage;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ContentRouterTest {
    final ManualClock clock = new ManualClock();
    final MemoryBlockstore local = new MemoryBlockstore();
    final Block block = Block.raw("routed content".getBytes(StandardCharsets.UTF_8));
    final Cid cid = block.cid();
    // A: IPFS access, claims the CID, trust 5, measured 40 ms and 2 MB/s
    final Peer a = peer(true, cid);
    // B: no IPFS, claims the CID, trust 0, only the host's ping time (120 ms), measured 500 kB/s
    final Peer b = peer(false, cid);
    // C: IPFS access, does not claim the CID, trust 2: a proxy
    final Peer c = peer(true);
    // D: no IPFS, no claim: not a candidate
    final Peer d = peer(false);
    final PeerMetrics metrics = new PeerMetrics(0.3, Duration.ofMinutes(30), 100, clock);
    final IndexReputation reputation = new IndexReputation(3, Duration.ofHours(1), 100, clock);

    ContentRouter.Builder builder() {
        metrics.recordLatency(a.id(), Duration.ofMillis(40));
        metrics.recordTransfer(a.id(), 2_000_000, Duration.ofSeconds(1));
        metrics.recordTransfer(b.id(), 500_000, Duration.ofSeconds(1));
        Map<dev.ferry.identity.Did, Integer> levels = Map.of(a.identity().did(), 5, c.identity().did(), 2);
        return ContentRouter.builder(local).peers(() -> table(a, b, c, d))
                .trust(did -> levels.getOrDefault(did, 0))
                .pingLatency(p -> p.equals(b.id()) ? Optional.of(Duration.ofMillis(120)) : Optional.empty())
                .ipfsStages(new StoreStage(local, new MemoryBlockstore()))
                .clock(clock).metrics(metrics).reputation(reputation);
    }

    static String describe(RankedCandidate r) {
        return r.candidate().type() + r.candidate().peerOf().map(p -> ":" + p).orElse("");
    }

    String name(PeerId p, String type) {
        return type + ":" + p;
    }

    @Test
    void defaultScoreIsTheFormulaPartByPart() {
        List<RankedCandidate> route = builder().build().route(cid);
        assertThat(route).extracting(ContentRouterTest::describe).containsExactly(
                name(a.id(), "peer"), name(a.id(), "proxy"), name(b.id(), "peer"), name(c.id(), "proxy"), "ipfs");
        assertThat(route).extracting(RankedCandidate::rank).containsExactly(1, 2, 3, 4, 5);

        Score sa = route.get(0).score();
        assertThat(sa.parts()).containsOnlyKeys("Direct", "IpfsAccess", "Trust", "Bandwidth", "Latency");
        assertThat(sa.part("Direct")).isEqualTo(100);
        assertThat(sa.part("IpfsAccess")).isEqualTo(50);
        assertThat(sa.part("Trust")).isEqualTo(50);
        assertThat(sa.part("Bandwidth")).isEqualTo(20);
        assertThat(sa.part("Latency")).isCloseTo(-4.0, within(1e-9));
        assertThat(sa.total()).isCloseTo(216.0, within(1e-9));

        Score proxyA = route.get(1).score();
        assertThat(proxyA.parts()).containsOnlyKeys("IpfsAccess", "Trust", "Bandwidth", "Latency");
        assertThat(proxyA.total()).isCloseTo(116.0, within(1e-9));

        Score sb = route.get(2).score();
        assertThat(sb.parts()).containsOnlyKeys("Direct", "Trust", "Bandwidth", "Latency");
        assertThat(sb.part("Bandwidth")).as("500 kB/s is not above 1 MB/s").isZero();
        assertThat(sb.part("Latency")).as("the host's ping time before any own measurement").isCloseTo(-12.0, within(1e-9));
        assertThat(sb.total()).isCloseTo(88.0, within(1e-9));

        Score sc = route.get(3).score();
        assertThat(sc.parts()).containsOnlyKeys("IpfsAccess", "Trust");
        assertThat(sc.total()).isEqualTo(70.0);

        assertThat(route.get(4).score().parts()).containsExactly(Map.entry("IpfsAccess", 50.0));
        assertThat(route).noneMatch(r -> r.candidate().peerOf().equals(Optional.of(d.id())));
        Candidate.FerryPeer fa = (Candidate.FerryPeer) route.get(0).candidate();
        assertThat(fa.did()).contains(a.identity().did());
        assertThat(fa.trust()).isEqualTo(5);
        assertThat(fa.indexMatch()).isTrue();
        assertThat(fa.hasIpfs()).isTrue();
    }

    @Test
    void localStoreRanksFirst() {
        local.put(block);
        List<RankedCandidate> route = builder().build().route(cid);
        assertThat(route.getFirst().candidate()).isInstanceOf(Candidate.Local.class);
        assertThat(route.getFirst().score().parts()).containsExactly(Map.entry("Local", 1000.0));
        assertThat(route.getFirst().rank()).isEqualTo(1);
    }

    @Test
    void weightsAreConfigurable() {
        ScoreWeights w = ScoreWeights.defaults().withDirectPeer(10).withTrustPerLevel(0).withLatencyPerMs(1)
                .withFastBonus(5, 1_500_000).withIpfsAccess(60);
        List<RankedCandidate> route = builder().config(RoutingConfig.defaults().withWeights(w)).build().route(cid);
        // A: 10 + 60 + 0 + 5 - 40 = 35; A proxy: 60 + 5 - 40 = 25; B: 10 + 0 + 0 - 120 = -110; C: 60; ipfs: 60
        // (on equal scores our own Bitswap goes before a proxy)
        assertThat(route).extracting(ContentRouterTest::describe).containsExactly(
                "ipfs", name(c.id(), "proxy"), name(a.id(), "peer"), name(a.id(), "proxy"), name(b.id(), "peer"));
        assertThat(route.get(2).score().total()).isCloseTo(35.0, within(1e-9));
        assertThat(route.get(4).score().total()).isCloseTo(-110.0, within(1e-9));
    }

    @Test
    void indexMissesCostScoreAndRepeatedMissesDropTheIndex() {
        ContentRouter r = builder().build();
        reputation.recordMiss(a.id());
        Score s = r.route(cid).getFirst().score();
        assertThat(s.part("Misses")).isEqualTo(-25.0);
        assertThat(s.total()).isCloseTo(191.0, within(1e-9));
        reputation.recordMiss(a.id());
        reputation.recordMiss(a.id());
        assertThat(reputation.distrusted(a.id())).isTrue();
        assertThat(r.route(cid)).extracting(ContentRouterTest::describe).containsExactly(
                name(a.id(), "proxy"), name(b.id(), "peer"), name(c.id(), "proxy"), "ipfs");
        clock.advance(Duration.ofHours(1));
        assertThat(reputation.misses(a.id())).as("misses are forgotten after an hour").isZero();
        assertThat(describe(r.route(cid).getFirst())).isEqualTo(name(a.id(), "peer"));
    }

    @Test
    void aDeliveryForgivesOneMiss() {
        reputation.recordMiss(a.id());
        reputation.recordMiss(a.id());
        reputation.recordHit(a.id());
        assertThat(reputation.misses(a.id())).isEqualTo(1);
        reputation.recordHit(a.id());
        reputation.recordHit(a.id());
        assertThat(reputation.misses(a.id())).isZero();
    }

    @Test
    void gatewaysAreCandidatesWithTheirPoolScore() {
        try (GatewayPool pool = GatewayPool.of(List.of(URI.create("http://127.0.0.1:9/")), GatewayPoolConfig.defaults(),
                clock)) {
            ContentRouter r = builder().gateways(pool).build();
            RankedCandidate g = r.route(cid).stream().filter(x -> x.candidate() instanceof Candidate.Gateway)
                    .findFirst().orElseThrow();
            assertThat(g.candidate()).isInstanceOf(Candidate.Gateway.class);
            assertThat(g.score().parts()).containsOnlyKeys("IpfsAccess", "Gateway");
            // an untried gateway: smoothed success (0 + 1) / (0 + 2) over 1 + 1 s assumed latency
            assertThat(g.score().part("Gateway")).isCloseTo(0.25, within(1e-9));
            assertThat(g.score().total()).isCloseTo(50.25, within(1e-9));
        }
    }

    @Test
    void contentClassesReorderAsDocumented() {
        // directPeer 0: by score alone the IPFS network (50) outranks peer B (-12)
        RoutingConfig cfg = RoutingConfig.defaults().withWeights(ScoreWeights.defaults().withDirectPeer(0));
        ContentFacts[] facts = {ContentFacts.UNKNOWN};
        ContentRouter r = builder().config(cfg).hints(x -> facts[0]).build();
        List<String> neutral = r.route(cid).stream().map(ContentRouterTest::describe).toList();
        assertThat(neutral).containsExactly(name(a.id(), "peer"), name(a.id(), "proxy"), name(c.id(), "proxy"), "ipfs",
                name(b.id(), "peer"));
        assertThat(r.explain(cid).preference()).isEqualTo(Preference.NONE);

        // small (known size below 1 MiB): ferry peers first, each group by score
        facts[0] = new ContentFacts(OptionalLong.of(1000), Optional.empty(), false, false);
        Route small = r.explain(cid);
        assertThat(small.classes()).containsExactly(ContentClass.SMALL);
        assertThat(small.preference()).isEqualTo(Preference.P2P);
        assertThat(small.candidates()).extracting(ContentRouterTest::describe).containsExactly(
                name(a.id(), "peer"), name(a.id(), "proxy"), name(c.id(), "proxy"), name(b.id(), "peer"), "ipfs");

        // large: the IPFS stages first
        facts[0] = new ContentFacts(OptionalLong.of(64L << 20), Optional.empty(), false, false);
        Route large = r.explain(cid);
        assertThat(large.classes()).containsExactly(ContentClass.LARGE);
        assertThat(large.candidates().getFirst().candidate()).isInstanceOf(Candidate.IpfsNetwork.class);

        // private: P2P, and no proxies (they would ask the public network)
        facts[0] = new ContentFacts(OptionalLong.of(64L << 20), Optional.empty(), true, true);
        Route priv = r.explain(cid);
        assertThat(priv.preference()).as("privacy wins over large and public").isEqualTo(Preference.P2P);
        assertThat(priv.candidates()).extracting(ContentRouterTest::describe).containsExactly(
                name(a.id(), "peer"), name(b.id(), "peer"), "ipfs");

        // recent and archived from the add time
        facts[0] = new ContentFacts(OptionalLong.empty(), Optional.of(clock.instant().minus(Duration.ofHours(2))),
                false, false);
        assertThat(r.explain(cid).classes()).containsExactly(ContentClass.RECENT);
        facts[0] = new ContentFacts(OptionalLong.empty(), Optional.of(clock.instant().minus(Duration.ofDays(31))),
                false, false);
        assertThat(r.explain(cid).classes()).containsExactly(ContentClass.ARCHIVED);
        assertThat(r.explain(cid).preference()).isEqualTo(Preference.IPFS);

        // small and public: one vote each, score order
        facts[0] = new ContentFacts(OptionalLong.of(10), Optional.empty(), false, true);
        assertThat(r.explain(cid).preference()).isEqualTo(Preference.NONE);
        assertThat(r.route(cid)).extracting(ContentRouterTest::describe).containsExactlyElementsOf(neutral);
    }

    @Test
    void classListsComeFromConfig() {
        RoutingPolicy p = RoutingConfig.fromValues(k -> switch (k) {
            case "Exchange.PreferP2P" -> Optional.of("[\"large\"]");
            case "Exchange.PreferIPFS" -> Optional.of("small, recent");
            case "Exchange.LargeFrom" -> Optional.of("10KB");
            case "Exchange.SmallBelow" -> Optional.of("1KiB");
            default -> Optional.empty();
        }).policy();
        assertThat(p.largeFrom()).isEqualTo(10_000);
        ContentFacts big = new ContentFacts(OptionalLong.of(20_000), Optional.empty(), false, false);
        assertThat(p.preference(p.classify(big, clock.instant()))).isEqualTo(Preference.P2P);
        ContentFacts tiny = new ContentFacts(OptionalLong.of(20), Optional.empty(), false, false);
        assertThat(p.preference(p.classify(tiny, clock.instant()))).isEqualTo(Preference.IPFS);
    }

    @Test
    void theLocalRootsSizeClassifiesIt() {
        local.put(block);
        ContentRouter r = builder().build();
        assertThat(r.explain(cid).classes()).containsExactly(ContentClass.SMALL);
    }
}
