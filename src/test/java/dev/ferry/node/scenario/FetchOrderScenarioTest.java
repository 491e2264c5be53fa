package dev.ferry.node.scenario;

import static dev.ferry.node.scenario.FiveNodes.addFile;
import static dev.ferry.node.scenario.FiveNodes.bytesOf;
import static dev.ferry.node.scenario.FiveNodes.content;
import static dev.ferry.node.scenario.FiveNodes.dagOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.exchange.bitswap.testing.HeliaPeer;
import dev.ferry.exchange.ferry.request.RefusalReason;
import dev.ferry.exchange.ferry.request.RequestStats;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.Node;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.FetchTimeoutException;
import dev.ferry.routing.SourceUse;
import dev.ferry.routing.gateway.GatewayTesting;
import dev.ferry.routing.gateway.HostileGateway;
import dev.ferry.routing.router.Candidate;
import dev.ferry.routing.router.PeerMetrics;
import dev.ferry.routing.router.RankedCandidate;
import dev.ferry.store.PinType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's fetch order, one scenario per step, each on five real ferry nodes on loopback (F fetches; it is
 * connected to the four others, which hold each other's capabilities records before anything is fetched):
 * <ol>
 *   <li>content F holds itself is served from its store, and no other node serves anything;</li>
 *   <li>content one connected ferry peer holds comes from that peer alone over /ferry/request, whole, is pinned, and
 *       feeds F's measured latency and bandwidth of that peer (which move with each transfer);</li>
 *   <li>content only a Helia node holds, connected to one ferry peer P alone, comes through P as a proxy when P
 *       trusts F at least {@code Exchange.ProxyTrust}, and not at all when P does not;</li>
 *   <li>content on no node, only on a trustless gateway in F's {@code Gateway.Fallback}, comes from that gateway;</li>
 *   <li>a peer whose index claims content it does not have costs a refused request: it is scored down, the fetch
 *       completes from a peer that has it, and after {@code Exchange.IndexDistrustAfter} misses its index is
 *       ignored.</li>
 * </ol>
 * Each checks, through the session's {@link FetchSession#sources()} and the other nodes' own counters, which source
 * served the content; every byte is compared with the original.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FetchOrderScenarioTest {
    private static final Duration FETCH = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void localContentIsServedFromTheStoreAndNoPeerIsAsked() throws Exception {
        try (FiveNodes c = FiveNodes.start(tmp, cfg -> { })) {
            Node f = c.f();
            byte[] data = content(1_200_000, 1);
            Cid root = addFile(f.repo().blocks(), data);
            f.contentChanged();
            c.connect();
            List<Cid> dag = dagOf(f, root);
            Map<Node, RequestStats> before = requestStats(c.others());

            assertThat(f.router().route(root).getFirst().candidate()).isInstanceOf(Candidate.Local.class);
            try (FetchSession s = f.fetcher().open(FETCH)) {
                assertThat(s.fetchAll(root)).isEqualTo(dag.size());
                try (InputStream in = new UnixfsExporter(s.blocks()).cat(root)) {
                    assertThat(in.readAllBytes()).isEqualTo(data);
                }
                assertThat(s.sources()).as("nothing came from anywhere").isEmpty();
            }
            for (Node n : c.others()) {
                assertThat(n.bitswap().stats().blocksSent()).as("Bitswap blocks sent by %s", id(n)).isZero();
                assertThat(n.requests().stats()).as("/ferry/request answers of %s", id(n)).isEqualTo(before.get(n));
            }
            assertThat(f.bitswap().stats().blocksReceived()).isZero();
        }
    }

    @Test
    void contentOnAConnectedPeerComesFromThatPeerWholeAndIsMeasured() throws Exception {
        try (FiveNodes c = FiveNodes.start(tmp, cfg -> { })) {
            Node f = c.f();
            Node b = c.other(2);
            PeerId idB = id(b);
            byte[] data = content(2_500_000, 2); // ten 256 KiB leaves under one root
            Cid root = addFile(b.repo().blocks(), data);
            b.contentChanged();
            c.connect();
            c.awaitClaim(b, root);
            List<Cid> dag = dagOf(b, root);
            assertThat(dag).hasSize(11);

            assertThat(f.router().route(root).getFirst().candidate())
                    .isEqualTo(new Candidate.FerryPeer(idB, Optional.of(b.identity().did()), 0, true, true));
            assertThat(f.router().metrics().of(idB)).as("nothing measured yet")
                    .isEqualTo(new PeerMetrics.Snapshot(Optional.empty(), OptionalDouble.empty()));
            try (FetchSession s = f.fetcher().open(FETCH)) {
                assertThat(s.fetchAll(root)).isEqualTo(dag.size());
                assertThat(s.sources()).containsExactly(
                        new SourceUse("peer", idB.toString(), dag.size(), bytesOf(b, dag)));
            }
            assertThat(cat(f, root)).isEqualTo(data);
            assertThat(f.repo().pins().isPinned(root, PinType.RECURSIVE)).as("pinned after a peer fetch").isTrue();
            assertThat(f.bitswap().stats().blocksReceived()).as("nothing over Bitswap").isZero();
            assertThat(b.requests().stats().served()).isEqualTo(1);
            assertThat(b.requests().stats().blocksSent()).isEqualTo(dag.size());
            for (Node n : c.others()) {
                if (n != b) {
                    assertThat(n.requests().stats().blocksSent()).as("blocks sent by %s", id(n)).isZero();
                }
            }

            // the transfer fed F's averages for B: a round trip (time to the first block) and a bandwidth
            PeerMetrics.Snapshot first = f.router().metrics().of(idB);
            assertThat(first.latency()).isPresent();
            assertThat(first.bytesPerSecond()).isPresent();
            assertThat(first.bytesPerSecond().getAsDouble()).isPositive();

            // a second transfer moves them again
            byte[] more = content(1_500_000, 3);
            Cid second = addFile(b.repo().blocks(), more);
            b.contentChanged();
            c.awaitClaim(b, second);
            try (FetchSession s = f.fetcher().open(FETCH)) {
                s.fetchAll(second);
                assertThat(s.sources()).extracting(SourceUse::type, SourceUse::id)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("peer", idB.toString()));
            }
            assertThat(cat(f, second)).isEqualTo(more);
            PeerMetrics.Snapshot then = f.router().metrics().of(idB);
            assertThat(then.bytesPerSecond().getAsDouble()).isNotEqualTo(first.bytesPerSecond().getAsDouble());
            assertThat(then.latency().orElseThrow()).isNotEqualTo(first.latency().orElseThrow());
        }
    }

    /** P trusts F at the proxy level and is the only node connected to the Helia node H. */
    @Test
    @Tag("interop")
    void contentOnlyOnAHeliaNodeComesThroughTheTrustedPeerConnectedToIt() throws Exception {
        byte[] data = content(1_300_000, 4);
        Path file = tmp.resolve("h.bin");
        Files.write(file, data);
        try (HeliaPeer h = new HeliaPeer(); FiveNodes c = FiveNodes.start(tmp, cfg -> { })) {
            Node f = c.f();
            Node p = c.other(3);
            PeerId idP = id(p);
            Cid root = Cid.parse(h.call("add-file " + file + " 0 false", 30).substring("added ".length()));
            PeerId idH = connectToHelia(p, h);
            c.connect();
            p.trust().set(f.identity().did(), 5); // Exchange.ProxyTrust, default 5
            f.trust().set(p.identity().did(), 5); // F ranks P's proxy above its own Bitswap
            assertThat(f.host().isConnected(idH)).isFalse();

            assertThat(f.router().route(root).getFirst().candidate())
                    .isEqualTo(new Candidate.Proxy(idP, Optional.of(p.identity().did()), 5));
            List<SourceUse> sources;
            try (FetchSession s = f.fetcher().open(FETCH)) {
                assertThat(s.fetchAll(root)).isGreaterThan(1);
                sources = s.sources();
            }
            List<Cid> dag = dagOf(f, root);
            assertThat(sources).containsExactly(new SourceUse("proxy", idP.toString(), dag.size(), bytesOf(f, dag)));
            assertThat(cat(f, root)).isEqualTo(data);
            assertThat(f.repo().pins().isPinned(root, PinType.RECURSIVE)).as("pinned after a proxy fetch").isTrue();
            assertThat(h.call("cat " + root, 30)).isEqualTo("cat " + sha256(data) + " " + data.length);
            assertThat(p.requests().stats().proxied()).isEqualTo(1);
            assertThat(p.bitswap().stats().perPeer().get(idH).blocksReceived()).as("P's Bitswap fetched from H")
                    .isEqualTo(dag.size());
            assertThat(f.bitswap().stats().blocksReceived()).isZero();
            assertThat(f.host().isConnected(idH)).as("F never reached H itself").isFalse();
        }
    }

    /** The twin of the proxy scenario: P does not trust F, so nothing arrives; trusted, the same fetch works. */
    @Test
    @Tag("interop")
    void aPeerThatDoesNotTrustTheRequesterRefusesToProxy() throws Exception {
        byte[] data = content(700_000, 5);
        Path file = tmp.resolve("h.bin");
        Files.write(file, data);
        try (HeliaPeer h = new HeliaPeer(); FiveNodes c = FiveNodes.start(tmp, cfg -> { })) {
            Node f = c.f();
            Node p = c.other(3);
            Cid root = Cid.parse(h.call("add-file " + file + " 0 false", 30).substring("added ".length()));
            connectToHelia(p, h);
            c.connect();
            p.trust().set(f.identity().did(), 0);
            f.trust().set(p.identity().did(), 5);
            long blocksBefore = count(f);

            long t0 = System.nanoTime();
            try (FetchSession s = f.fetcher().open(Duration.ofSeconds(2))) {
                assertThatThrownBy(() -> s.fetchAll(root)).isInstanceOf(FetchTimeoutException.class);
                assertThat(s.sources()).isEmpty();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
            assertThat(f.repo().blocks().has(root)).isFalse();
            assertThat(count(f)).as("nothing stored on F").isEqualTo(blocksBefore);
            RequestStats ps = p.requests().stats();
            assertThat(ps.refused(RefusalReason.NOT_ALLOWED)).as("P refused the proxy").isEqualTo(1);
            assertThat(ps.proxied()).isZero();
            assertThat(p.repo().blocks().has(root)).as("P fetched nothing for F").isFalse();

            // the same fetch once P trusts F enough
            p.trust().set(f.identity().did(), 5);
            try (FetchSession s = f.fetcher().open(FETCH)) {
                s.fetchAll(root);
                assertThat(s.sources()).extracting(SourceUse::type, SourceUse::id)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("proxy", id(p).toString()));
            }
            assertThat(cat(f, root)).isEqualTo(data);
        }
    }

    @Test
    void contentOnlyOnAGatewayComesFromTheGateway() throws Exception {
        try (HostileGateway gw = new HostileGateway(HostileGateway.Mode.GOOD)) {
            byte[] data = GatewayTesting.content(300_000, 6);
            Cid root = GatewayTesting.addFile(gw.store, data, false);
            try (FiveNodes c = FiveNodes.start(tmp, cfg -> {
                cfg.set("Gateway.Fallback", JsonNodeFactory.instance.arrayNode().add(gw.uri() + "/"));
                cfg.set("Gateway.FallbackDelay", JsonNodeFactory.instance.textNode("100ms"));
            })) {
                Node f = c.f();
                c.connect();
                List<RankedCandidate> route = f.router().route(root);
                assertThat(route).extracting(r -> r.candidate().type()).doesNotContain("local", "peer")
                        .endsWith("gateway");
                assertThat(route.getLast().candidate()).isInstanceOfSatisfying(Candidate.Gateway.class,
                        g -> assertThat(g.uri()).isEqualTo(gw.uri()));
                List<SourceUse> sources;
                try (FetchSession s = f.fetcher().open(FETCH)) {
                    assertThat(s.fetchAll(root)).isGreaterThan(1);
                    sources = s.sources();
                }
                List<Cid> dag = dagOf(f, root);
                assertThat(sources).containsExactly(
                        new SourceUse("gateway", gw.uri().toString(), dag.size(), bytesOf(f, dag)));
                assertThat(cat(f, root)).isEqualTo(data);
                assertThat(f.bitswap().stats().blocksReceived()).isZero();
                for (Node n : c.others()) {
                    assertThat(n.bitswap().stats().blocksSent()).isZero();
                    assertThat(n.requests().stats().blocksSent()).isZero();
                }
            }
        }
    }

    /**
     * L announced an index over three files, then lost their blocks without announcing again: its index lies. G has
     * them. F trusts L more than G, so without its misses L would keep ranking first.
     */
    @Test
    void aLyingIndexIsScoredDownThenIgnoredWhileTheFetchesCompleteFromAGoodPeer() throws Exception {
        try (FiveNodes c = FiveNodes.start(tmp, cfg -> cfg.set("Exchange.IndexDistrustAfter",
                RepoConfig.parseValue("2", true)))) {
            Node f = c.f();
            Node liar = c.other(1);
            Node good = c.other(4);
            PeerId idL = id(liar);
            PeerId idG = id(good);
            List<byte[]> files = new ArrayList<>();
            List<Cid> roots = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] data = content(600_000, 10 + i);
                files.add(data);
                roots.add(addFile(good.repo().blocks(), data));
                assertThat(addFile(liar.repo().blocks(), data)).isEqualTo(roots.get(i));
            }
            good.contentChanged();
            liar.capabilities().update(); // the index now holds the three DAGs...
            for (Cid root : roots) {
                for (Cid block : dagOf(liar, root)) {
                    assertThat(liar.repo().blocks().delete(block)).isTrue(); // ...and the blocks go, unannounced
                }
            }
            c.connect();
            for (Cid root : roots) {
                c.awaitClaim(liar, root);
                c.awaitClaim(good, root);
            }
            f.trust().set(liar.identity().did(), 10); // 100 points above G; a miss costs 25

            // first fetch: L is asked first, refuses, and G delivers
            double before = peerScore(f, roots.get(1), idL).orElseThrow();
            assertThat(f.router().route(roots.get(0)).getFirst().candidate().peerOf()).contains(idL);
            fetchFromGood(f, good, roots.get(0), files.get(0));
            assertThat(f.router().reputation().misses(idL)).isEqualTo(1);
            assertThat(f.router().reputation().distrusted(idL)).isFalse();
            double after = peerScore(f, roots.get(1), idL).orElseThrow();
            assertThat(after).as("L's score after one miss").isLessThan(before);
            assertThat(scoreParts(f, roots.get(1), idL)).containsEntry("Misses", -25.0);

            // second: still first (its trust outweighs one miss and G's measured bandwidth); it refuses again, and
            // now its index is ignored
            assertThat(f.router().route(roots.get(1)).getFirst().candidate().peerOf()).contains(idL);
            fetchFromGood(f, good, roots.get(1), files.get(1));
            assertThat(f.router().reputation().misses(idL)).isEqualTo(2);
            assertThat(f.router().reputation().distrusted(idL)).isTrue();

            // third: L still claims the CID, but it is no longer a peer candidate and is not asked
            assertThat(f.capabilities().peerCapabilities(idL).orElseThrow().mightServe(roots.get(2))).isTrue();
            assertThat(peerScore(f, roots.get(2), idL)).isEmpty();
            assertThat(f.router().route(roots.get(2)).getFirst().candidate().peerOf()).contains(idG);
            fetchFromGood(f, good, roots.get(2), files.get(2));
            assertThat(liar.requests().stats().refused(RefusalReason.NOT_FOUND)).as("L was asked twice").isEqualTo(2);
            assertThat(liar.requests().stats().blocksSent()).isZero();
            assertThat(f.router().reputation().misses(idG)).isZero();
        }
    }

    private static void fetchFromGood(Node f, Node good, Cid root, byte[] data) throws IOException {
        List<Cid> dag = dagOf(good, root);
        try (FetchSession s = f.fetcher().open(FETCH)) {
            assertThat(s.fetchAll(root)).isEqualTo(dag.size());
            assertThat(s.sources()).containsExactly(
                    new SourceUse("peer", id(good).toString(), dag.size(), bytesOf(good, dag)));
        }
        assertThat(cat(f, root)).isEqualTo(data);
    }

    /** The total score of {@code peer} as a direct peer candidate for {@code cid}; empty when it is none. */
    private static Optional<Double> peerScore(Node f, Cid cid, PeerId peer) {
        return peerCandidate(f, cid, peer).map(r -> r.score().total());
    }

    private static Map<String, Double> scoreParts(Node f, Cid cid, PeerId peer) {
        return peerCandidate(f, cid, peer).orElseThrow().score().parts();
    }

    private static Optional<RankedCandidate> peerCandidate(Node f, Cid cid, PeerId peer) {
        return f.router().route(cid).stream()
                .filter(r -> r.candidate() instanceof Candidate.FerryPeer p && p.peer().equals(peer)).findFirst();
    }

    /** P dials H; returns H's peer ID once H is P's Bitswap partner. */
    private static PeerId connectToHelia(Node p, HeliaPeer h) throws Exception {
        PeerId idH = PeerId.parse(h.address.valueOf("p2p").orElseThrow());
        p.host().connect(h.address);
        FiveNodes.await("H is a Bitswap partner of P", () -> p.bitswap().client().partners().contains(idH));
        return idH;
    }

    private static Map<Node, RequestStats> requestStats(List<Node> nodes) {
        Map<Node, RequestStats> out = new LinkedHashMap<>();
        nodes.forEach(n -> out.put(n, n.requests().stats()));
        return out;
    }

    private static byte[] cat(Node n, Cid root) throws IOException {
        try (InputStream in = new UnixfsExporter(n.repo().blocks()).cat(root)) {
            return in.readAllBytes();
        }
    }

    private static long count(Node n) {
        try (Stream<Cid> s = n.repo().blocks().cids()) {
            return s.count();
        }
    }

    private static PeerId id(Node n) {
        return n.host().peerId();
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }
}
