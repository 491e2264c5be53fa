package dev.ferry.routing.router;

import static dev.ferry.routing.gateway.GatewayTesting.addFile;
import static dev.ferry.routing.gateway.GatewayTesting.content;
import static dev.ferry.routing.router.RouterTesting.peerIndexing;
import static dev.ferry.routing.router.RouterTesting.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.exchange.ferry.request.RefusalReason;
import dev.ferry.exchange.ferry.request.Source;
import dev.ferry.multiformats.Cid;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.FetchTimeoutException;
import dev.ferry.testing.ManualClock;
import dev.ferry.routing.router.RouterTesting.Peer;
import dev.ferry.routing.router.RouterTesting.ScriptedRequester;
import dev.ferry.routing.router.RouterTesting.StoreStage;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoutedFetcherTest {
    static final Duration T = Duration.ofSeconds(5);
    final ManualClock clock = new ManualClock();
    final MemoryBlockstore local = new MemoryBlockstore();
    final MemoryBlockstore network = new MemoryBlockstore(); // what the IPFS stage can reach
    final StoreStage ipfs = new StoreStage(local, network);
    final ScriptedRequester requester = new ScriptedRequester();

    byte[] cat(Cid root) throws IOException {
        try (InputStream in = new UnixfsExporter(local).cat(root)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aLyingIndexIsScoredDownThenDistrustedAndEveryFetchStillCompletes() throws IOException {
        // three files the liar claims (its index covers them) but does not serve; the network has them
        MemoryBlockstore claimed = new MemoryBlockstore();
        List<Cid> files = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] d = content(40_000 + i, 100 + i);
            data.add(d);
            files.add(addFile(claimed, d, true));
            addFile(network, d, true);
        }
        Peer liar = peerIndexing(false, claimed);
        requester.refuse(liar.id(), RefusalReason.NOT_FOUND);
        // trusted (level 5): even with two misses it still outranks the IPFS network, so the third miss happens
        ContentRouter router = ContentRouter.builder(local).peers(() -> table(liar)).ipfsStages(ipfs)
                .trust(did -> 5).requester(requester).clock(clock).build();
        RoutedFetcher fetcher = router.fetcher();

        double before = router.route(files.get(0)).getFirst().score().total();
        assertThat(router.route(files.get(0)).getFirst().candidate()).isInstanceOf(Candidate.FerryPeer.class);
        for (int i = 0; i < 3; i++) {
            try (FetchSession s = fetcher.open(T)) {
                assertThat(s.fetchAll(files.get(i))).isPositive();
            }
            assertThat(cat(files.get(i))).isEqualTo(data.get(i));
            assertThat(router.reputation().misses(liar.id())).isEqualTo(i + 1);
            if (i == 0) {
                Score after = router.route(files.get(3)).getFirst().score();
                assertThat(after.part("Misses")).as("one miss costs 25").isEqualTo(-25);
                assertThat(after.total()).as("and the refusal's round trip")
                        .isCloseTo(before - 25 + after.part("Latency"), org.assertj.core.api.Assertions.within(1e-9));
            }
        }
        assertThat(requester.callsTo(liar.id())).isEqualTo(3);
        assertThat(requester.calls).allMatch(c -> c.preferred().equals(List.of(Source.PEER)),
                "a direct peer is asked for its own copy only");
        assertThat(router.reputation().distrusted(liar.id())).isTrue();
        assertThat(router.route(files.get(3))).extracting(r -> r.candidate().type()).containsExactly("ipfs");
        try (FetchSession s = fetcher.open(T)) {
            s.fetchAll(files.get(3));
        }
        assertThat(requester.callsTo(liar.id())).as("a distrusted index is not followed").isEqualTo(3);
        assertThat(cat(files.get(3))).isEqualTo(data.get(3));
        assertThat(ipfs.fetchAlls.get()).isEqualTo(4);
    }

    @Test
    void aPeerThatHasItIsAskedBeforeTheIpfsStagesAndGainsNothingFromLyingLater() throws IOException {
        MemoryBlockstore holds = new MemoryBlockstore();
        byte[] d = content(100_000, 7);
        Cid file = addFile(holds, d, true);
        Peer good = peerIndexing(true, holds);
        requester.serve(good.id(), holds);
        ContentRouter router = ContentRouter.builder(local).peers(() -> table(good)).ipfsStages(ipfs)
                .requester(requester).clock(clock).build();
        try (FetchSession s = router.fetcher().open(T)) {
            assertThat(s.get(file).cid()).isEqualTo(file);
            assertThat(s.fetchAll(file)).isEqualTo(holds.count());
        }
        assertThat(cat(file)).isEqualTo(d);
        assertThat(ipfs.gets.get() + ipfs.fetchAlls.get()).isZero();
        assertThat(requester.callsTo(good.id())).isEqualTo(1);
        assertThat(router.metrics().bandwidth(good.id())).as("the transfer was measured").isPresent();
        assertThat(router.metrics().latency(good.id())).isPresent();
    }

    @Test
    void aRefusingPeerIsSkippedAndTheNextSourceDelivers() {
        Block b = Block.raw(content(500, 3));
        network.put(b);
        MemoryBlockstore claimed = new MemoryBlockstore();
        claimed.put(b);
        Peer busy = peerIndexing(true, claimed);
        requester.refuse(busy.id(), RefusalReason.BUSY);
        ContentRouter router = ContentRouter.builder(local).peers(() -> table(busy)).ipfsStages(ipfs)
                .requester(requester).clock(clock).build();
        try (FetchSession s = router.fetcher().open(T)) {
            assertThat(s.get(b.cid())).isEqualTo(b);
        }
        assertThat(router.reputation().misses(busy.id())).as("only NOT_FOUND is an index miss").isZero();
        // direct, then the IPFS stage: the same peer as an untrusted proxy scores no more than our own Bitswap
        assertThat(requester.calls).extracting(c -> c.preferred()).containsExactly(List.of(Source.PEER));
        assertThat(ipfs.gets.get()).isEqualTo(1);
    }

    @Test
    void noSourceMeansATimeoutNamingTheCid() {
        Block b = Block.raw(content(500, 4));
        ContentRouter router = ContentRouter.builder(local).ipfsStages(ipfs).requester(requester).build();
        try (FetchSession s = router.fetcher().open(T)) {
            assertThatThrownBy(() -> s.get(b.cid())).isInstanceOf(FetchTimeoutException.class)
                    .satisfies(e -> assertThat(((FetchTimeoutException) e).cid()).isEqualTo(b.cid()));
        }
        assertThat(local.has(b.cid())).isFalse();
    }

    @Test
    void goodPeersShareALargeDagWhoseRootIsLocal() throws IOException {
        MemoryBlockstore holds = new MemoryBlockstore();
        byte[] d = content(400_000, 9); // 16 KiB chunks: 25 leaves under the root
        Cid file = addFile(holds, d, true);
        Peer p1 = peerIndexing(true, holds);
        Peer p2 = peerIndexing(true, holds);
        Peer liar = peerIndexing(true, holds);
        requester.serve(p1.id(), holds).serve(p2.id(), holds).refuse(liar.id(), RefusalReason.NOT_FOUND)
                .gate(p1.id(), p2.id(), liar.id()); // all three start before anyone drains the queue
        local.put(holds.get(file).orElseThrow()); // the root, e.g. read before by a reader
        ContentRouter router = ContentRouter.builder(local).peers(() -> table(p1, p2, liar)).ipfsStages(ipfs)
                .requester(requester).clock(clock).build();
        try (FetchSession s = router.fetcher().open(T)) {
            assertThat(s.fetchAll(file)).isEqualTo(holds.count());
        }
        assertThat(cat(file)).isEqualTo(d);
        assertThat(requester.callsTo(p1.id())).as("p1 took subtrees").isPositive();
        assertThat(requester.callsTo(p2.id())).as("p2 took subtrees").isPositive();
        assertThat(requester.callsTo(liar.id())).as("the liar fails once, its subtree goes to the others").isEqualTo(1);
        assertThat(requester.calls).filteredOn(c -> !c.peer().equals(liar.id()))
                .allMatch(c -> !c.root().equals(file), "subtrees, not the whole DAG");
        assertThat(ipfs.gets.get() + ipfs.fetchAlls.get()).isZero();
    }

    @Test
    void largeContentPrefersTheIpfsStages() throws IOException {
        MemoryBlockstore holds = new MemoryBlockstore();
        byte[] d = content(50_000, 11);
        Cid file = addFile(holds, d, true);
        addFile(network, d, true);
        Peer good = peerIndexing(true, holds);
        requester.serve(good.id(), holds);
        RoutingPolicy p = RoutingPolicy.defaults();
        RoutingPolicy tiny = new RoutingPolicy(p.preferP2P(), p.preferIpfs(), 1000, 10_000, p.recentWithin(),
                p.archivedAfter());
        ContentRouter router = ContentRouter.builder(local).peers(() -> table(good)).ipfsStages(ipfs)
                .requester(requester).config(RoutingConfig.defaults().withPolicy(tiny))
                .hints(c -> new ContentFacts(java.util.OptionalLong.of(d.length), java.util.Optional.empty(), false,
                        false))
                .clock(clock).build();
        try (FetchSession s = router.fetcher().open(T)) {
            s.fetchAll(file);
        }
        assertThat(cat(file)).isEqualTo(d);
        assertThat(ipfs.fetchAlls.get()).isEqualTo(1);
        assertThat(requester.calls).isEmpty();
        assertThat(router.explain(file).classes()).as("delivered by the IPFS stage: public from now on")
                .contains(ContentClass.PUBLIC);
    }

    @Test
    void aReaderGetsTheRootWhileThePeerIsStillSendingAndThePeersDagIsHandedOverWhole() throws Exception {
        MemoryBlockstore holds = new MemoryBlockstore();
        byte[] d = content(200_000, 13);
        Cid file = addFile(holds, d, true);
        Peer seeder = peerIndexing(false, holds);
        java.util.concurrent.CountDownLatch rest = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        dev.ferry.exchange.ferry.request.FerryRequester paused = (peer, root, preferred, ttl, into, idle) -> {
            calls.incrementAndGet();
            into.put(holds.get(root).orElseThrow()); // the root first, then a pause before the rest
            try {
                assertThat(rest.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            holds.cids().filter(c -> !c.multihash().equals(root.multihash())).forEach(c -> into.put(holds.get(c).orElseThrow()));
            return holds.count();
        };
        List<Cid> handedOver = new java.util.concurrent.CopyOnWriteArrayList<>();
        ContentRouter router = ContentRouter.builder(local).peers(() -> table(seeder)).ipfsStages(ipfs)
                .requester(paused).clock(clock).afterPeerFetch(handedOver::add).build();
        try (FetchSession s = router.fetcher().open(T)) {
            assertThat(s.get(file).cid()).as("the root, before the transfer ended").isEqualTo(file);
            assertThat(handedOver).isEmpty();
            Cid firstLeaf = dev.ferry.dag.walk.Links.of(local.get(file).orElseThrow()).getFirst();
            assertThat(local.has(firstLeaf)).isFalse();
            Thread release = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(100); // the reader below is waiting on the running transfer by then
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                rest.countDown();
            });
            // the next block comes from the transfer already running, not from a second request
            assertThat(s.get(firstLeaf).cid()).isEqualTo(firstLeaf);
            release.join();
            assertThat(s.fetchAll(file)).isEqualTo(holds.count());
            assertThat(s.sources()).singleElement().satisfies(u -> {
                assertThat(u.type()).isEqualTo("peer");
                assertThat(u.id()).isEqualTo(seeder.id().toString());
                assertThat(u.blocks()).isEqualTo(holds.count());
            });
        }
        assertThat(cat(file)).isEqualTo(d);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(handedOver).as("the session's DAG came whole from a peer: the node pins it").containsExactly(file);
        assertThat(ipfs.gets.get() + ipfs.fetchAlls.get()).isZero();
    }

    @Test
    void whatTheIpfsStagesDeliveredIsNotHandedOverAsAPeerFetch() throws IOException {
        byte[] d = content(60_000, 17);
        Cid file = addFile(network, d, true);
        List<Cid> handedOver = new ArrayList<>();
        ContentRouter router = ContentRouter.builder(local).ipfsStages(ipfs).requester(requester).clock(clock)
                .afterPeerFetch(handedOver::add).build();
        try (FetchSession s = router.fetcher().open(T)) {
            s.get(file);
            s.fetchAll(file);
        }
        assertThat(cat(file)).isEqualTo(d);
        assertThat(handedOver).isEmpty();
        assertThat(ipfs.fetchAlls.get()).as("one whole-DAG fetch after the root, not a request per block")
                .isEqualTo(1);
    }

    @Test
    void twoGoodPeersShareADagFromBothEndsWhenTheRootIsMissing() throws Exception {
        MemoryBlockstore holds = new MemoryBlockstore();
        byte[] d = content(400_000, 19); // 16 KiB chunks: 25 leaves under the root
        Cid file = addFile(holds, d, true);
        Peer main = peerIndexing(false, holds);
        Peer helper = peerIndexing(false, holds);
        java.util.concurrent.CountDownLatch helperStarted = new java.util.concurrent.CountDownLatch(1);
        List<Cid> helperRoots = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean mainEndedNormally = new java.util.concurrent.atomic.AtomicBoolean();
        dev.ferry.exchange.ferry.request.FerryRequester peers = (peer, root, preferred, ttl, into, idle) -> {
            if (peer.equals(helper.id())) {
                helperRoots.add(root);
                helperStarted.countDown();
                RouterTesting.copyDag(holds, root, into);
                return 1;
            }
            // the main transfer: the root, then (once the helper is at work) the leaves in file order
            into.put(holds.get(root).orElseThrow());
            try {
                assertThat(helperStarted.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            for (Cid leaf : dev.ferry.dag.walk.Links.of(holds.get(root).orElseThrow())) {
                into.put(holds.get(leaf).orElseThrow());
            }
            mainEndedNormally.set(true);
            return holds.count();
        };
        List<Cid> handedOver = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        ContentRouter router = ContentRouter.builder(countingReads(local, reads)).peers(() -> table(main, helper))
                .ipfsStages(ipfs).requester(peers).clock(clock).afterPeerFetch(handedOver::add).build();
        // the main peer ranks first: it has been measured fast
        router.metrics().recordTransfer(main.id(), 10_000_000, Duration.ofSeconds(1));
        try (FetchSession s = router.fetcher().open(T)) {
            assertThat(s.fetchAll(file)).isEqualTo(holds.count());
            assertThat(s.sources()).extracting(u -> u.id())
                    .containsExactlyInAnyOrder(main.id().toString(), helper.id().toString());
            assertThat(s.sources().stream().mapToLong(u -> u.blocks()).sum())
                    .as("every block came once: the main transfer stopped where the helper had been")
                    .isEqualTo(holds.count());
            assertThat(reads.get()).as("the parts' answers covered the DAG: nothing is read back to check it")
                    .isZero();
        }
        assertThat(cat(file)).isEqualTo(d);
        List<Cid> leaves = dev.ferry.dag.walk.Links.of(holds.get(file).orElseThrow());
        assertThat(helperRoots).as("the helper started from the far end").first().isEqualTo(leaves.getLast());
        assertThat(mainEndedNormally).as("the main transfer was stopped before its end").isFalse();
        assertThat(handedOver).containsExactly(file);
        assertThat(ipfs.gets.get() + ipfs.fetchAlls.get()).isZero();
    }

    @Test
    void aPeerWhoseIndexClaimsEverythingIsAskedOnlyUntilItsIndexIsDistrusted() {
        // 64 bits, one hash, a thousand entries: every bit is set, so the filter matches any CID
        dev.ferry.exchange.ferry.BloomFilter.Builder all = dev.ferry.exchange.ferry.BloomFilter.withGeometry(64, 1);
        for (int i = 0; i < 1000; i++) {
            all.add(Block.raw(content(8, 5000 + i)).cid());
        }
        dev.ferry.identity.Identity greedyId = dev.ferry.identity.Identity.generate(RouterTesting.RANDOM);
        Peer greedy = new Peer(greedyId, RouterTesting.record(greedyId, false, all.build()));
        requester.refuse(greedy.id(), RefusalReason.NOT_FOUND);
        ContentRouter router = ContentRouter.builder(local).peers(() -> table(greedy)).ipfsStages(ipfs)
                .trust(did -> 10).requester(requester).clock(clock).build();
        List<Block> wanted = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Block b = Block.raw(content(300, 7000 + i));
            network.put(b);
            wanted.add(b);
        }
        assertThat(router.route(wanted.getFirst().cid()).getFirst().candidate().type()).isEqualTo("peer");
        RoutedFetcher fetcher = router.fetcher();
        for (Block b : wanted) {
            try (FetchSession s = fetcher.open(T)) {
                assertThat(s.get(b.cid())).isEqualTo(b);
            }
        }
        assertThat(requester.callsTo(greedy.id())).as("its share: the misses it takes to be distrusted")
                .isEqualTo(RoutingConfig.defaults().distrustAfter());
        assertThat(router.route(wanted.getLast().cid())).extracting(r -> r.candidate().type())
                .doesNotContain("peer");
    }

    @Test
    void withoutHandOverAPeersDeliveryIsNotHandedOver() throws IOException {
        MemoryBlockstore holds = new MemoryBlockstore();
        byte[] d = content(70_000, 23);
        Cid file = addFile(holds, d, true);
        Peer seeder = peerIndexing(false, holds);
        requester.serve(seeder.id(), holds);
        List<Cid> handedOver = new java.util.concurrent.CopyOnWriteArrayList<>();
        ContentRouter router = ContentRouter.builder(local).peers(() -> table(seeder)).ipfsStages(ipfs)
                .requester(requester).clock(clock).afterPeerFetch(handedOver::add).build();
        try (FetchSession s = router.fetcher().withoutHandOver().open(T)) {
            s.fetchAll(file);
            assertThat(s.sources()).extracting(u -> u.type()).containsExactly("peer");
        }
        assertThat(cat(file)).isEqualTo(d);
        assertThat(handedOver).as("a cache, not a pin").isEmpty();
    }

    @Test
    void aDagOnePeerDeliveredWholeIsNotReadBackToCheckIt() throws IOException {
        MemoryBlockstore holds = new MemoryBlockstore();
        byte[] d = content(150_000, 29);
        Cid file = addFile(holds, d, true);
        Peer seeder = peerIndexing(false, holds);
        requester.serve(seeder.id(), holds);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        ContentRouter router = ContentRouter.builder(countingReads(local, reads)).peers(() -> table(seeder)).ipfsStages(ipfs)
                .requester(requester).clock(clock).build();
        try (FetchSession s = router.fetcher().open(T)) {
            assertThat(s.fetchAll(file)).isEqualTo(holds.count());
        }
        assertThat(reads.get()).as("every block was verified as it arrived; hashing it again buys nothing").isZero();
        assertThat(cat(file)).isEqualTo(d);
    }

    /** {@code store}, counting the blocks read from it (identity blocks aside). */
    private static dev.ferry.store.Blockstore countingReads(dev.ferry.store.Blockstore store,
            java.util.concurrent.atomic.AtomicInteger reads) {
        return new dev.ferry.store.ForwardingBlockstore(store) {
            @Override
            public java.util.Optional<Block> get(Cid cid) {
                java.util.Optional<Block> b = super.get(cid);
                if (b.isPresent() && !b.get().cid().isIdentity()) {
                    reads.incrementAndGet();
                }
                return b;
            }
        };
    }
}
