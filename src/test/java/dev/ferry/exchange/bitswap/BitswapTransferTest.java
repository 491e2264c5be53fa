package dev.ferry.exchange.bitswap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.exchange.bitswap.client.BitswapSession;
import dev.ferry.exchange.bitswap.client.BitswapTimeoutException;
import dev.ferry.exchange.bitswap.client.ClientConfig;
import dev.ferry.exchange.bitswap.client.DagStream;
import dev.ferry.exchange.bitswap.testing.BitswapNode;
import dev.ferry.exchange.bitswap.testing.FixturePeer;
import dev.ferry.exchange.bitswap.wire.BitswapCodec;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BlockPresence;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.exchange.bitswap.wire.Payload;
import dev.ferry.exchange.bitswap.wire.PresenceType;
import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.exchange.bitswap.wire.WantType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Varint;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.HostListener;
import dev.ferry.net.host.TestHosts;
import dev.ferry.store.Block;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BitswapTransferTest {
    private static final Duration IDLE = Duration.ofSeconds(20);
    private static final ImportOptions RAW_V1 = ImportOptions.kuboDefaults().withCidVersion(1);
    private final TestHosts hosts = new TestHosts();
    private final List<BitswapNode> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        nodes.forEach(BitswapNode::close);
        hosts.close();
    }

    private BitswapNode node(BitswapConfig config) throws IOException {
        BitswapNode n = new BitswapNode(hosts, config);
        nodes.add(n);
        return n;
    }

    private BitswapNode node() throws IOException {
        return node(BitswapConfig.defaults());
    }

    private static byte[] content(int size, long seed) {
        byte[] d = new byte[size];
        new Random(seed).nextBytes(d);
        return d;
    }

    private static void copyAll(BitswapNode from, BitswapNode to) {
        try (Stream<Cid> cids = from.store.cids()) {
            cids.forEach(c -> to.store.put(from.store.get(c).orElseThrow()));
        }
    }

    @Test
    void threeNodesMultiSource() throws Exception {
        byte[] file = content(64 << 20, 1);
        BitswapNode a = node();
        BitswapNode b = node();
        BitswapNode c = node();
        Cid root = a.add(file, RAW_V1);
        copyAll(a, b);
        c.connect(a);
        c.connect(b);
        long t0 = System.nanoTime();
        long blocks;
        try (BitswapSession s = c.bitswap.client().newSession()) {
            blocks = s.fetchAll(root, IDLE);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("bitswap: 64 MiB from two seeders in %.2f s (%.0f MB/s)%n", secs, file.length / secs / 1e6);
        assertThat(blocks).isEqualTo(259); // 256 raw leaves, 2 internal nodes (174 links each at most), the root
        assertThat(c.sha256Of(root)).isEqualTo(BitswapNode.sha256(file));
        assertThat(a.bitswap.stats().blocksSent()).isPositive();
        assertThat(b.bitswap.stats().blocksSent()).isPositive();
        BitswapStats st = c.bitswap.stats();
        assertThat(st.blocksReceived()).isEqualTo(259);
        assertThat(st.dataReceived()).isGreaterThanOrEqualTo(file.length);
        assertThat(st.wantlist()).isEmpty();
        assertThat(st.badBlocksReceived()).isZero();
        assertThat(st.perPeer().get(a.host.peerId()).blocksReceived()
                + st.perPeer().get(b.host.peerId()).blocksReceived()).isEqualTo(259);
    }

    @Test
    void fiveNodesTwoFetchersThreeSeeders() throws Exception {
        byte[] file = content(16 << 20, 2);
        BitswapNode s1 = node();
        BitswapNode s2 = node();
        BitswapNode s3 = node();
        BitswapNode f1 = node();
        BitswapNode f2 = node();
        Cid root = s1.add(file, ImportOptions.kuboDefaults()); // CIDv0, dag-pb leaves
        copyAll(s1, s2);
        copyAll(s1, s3);
        for (BitswapNode f : List.of(f1, f2)) {
            for (BitswapNode s : List.of(s1, s2, s3)) {
                f.connect(s);
            }
        }
        f1.connect(f2);
        CompletableFuture<Long> one = CompletableFuture.supplyAsync(() -> f1.bitswap.client().newSession()
                .fetchAll(root, IDLE));
        CompletableFuture<Long> two = CompletableFuture.supplyAsync(() -> f2.bitswap.client().newSession()
                .fetchAll(root, IDLE));
        assertThat(one.get(40, TimeUnit.SECONDS)).isEqualTo(two.get(40, TimeUnit.SECONDS));
        assertThat(f1.sha256Of(root)).isEqualTo(BitswapNode.sha256(file));
        assertThat(f2.sha256Of(root)).isEqualTo(BitswapNode.sha256(file));
        long served = 0;
        for (BitswapNode s : List.of(s1, s2, s3)) {
            served += s.bitswap.stats().blocksSent();
        }
        assertThat(served).isPositive();
    }

    @Test
    void aPartialSeederSaysDontHaveAndTheRestComesFromElsewhere() throws Exception {
        byte[] file = content(8 << 20, 8);
        BitswapNode full = node();
        BitswapNode partial = node();
        BitswapNode c = node();
        Cid root = full.add(file, RAW_V1);
        int[] i = {0};
        try (Stream<Cid> cids = full.store.cids()) {
            cids.forEach(k -> {
                if (i[0]++ % 2 == 0) {
                    partial.store.put(full.store.get(k).orElseThrow());
                }
            });
        }
        c.connect(partial);
        c.connect(full);
        try (BitswapSession s = c.bitswap.client().newSession()) {
            s.fetchAll(root, IDLE);
        }
        assertThat(c.sha256Of(root)).isEqualTo(BitswapNode.sha256(file));
        assertThat(c.bitswap.stats().blocksReceived()).isEqualTo(33);
        assertThat(c.bitswap.stats().badBlocksReceived()).isZero();
        assertThat(full.bitswap.stats().blocksSent()).isPositive();
    }

    @Test
    void aSessionAsksOnlyItsPeers() throws Exception {
        byte[] file = content(1 << 20, 9);
        BitswapNode a = node();
        BitswapNode b = node();
        BitswapNode c = node();
        Cid root = a.add(file, RAW_V1);
        copyAll(a, b);
        c.connect(a);
        c.connect(b);
        try (BitswapSession s = c.bitswap.client().newSession(List.of(b.host.peerId()))) {
            s.fetchAll(root, IDLE);
        }
        assertThat(c.sha256Of(root)).isEqualTo(BitswapNode.sha256(file));
        assertThat(a.bitswap.stats().blocksSent()).isZero();
        assertThat(b.bitswap.stats().blocksSent()).isEqualTo(5);
    }

    @Test
    void aSeederStoppedMidTransferIsReplacedByTheOthers() throws Exception {
        byte[] file = content(32 << 20, 3);
        BitswapNode a = node();
        BitswapNode b = node();
        // a shallow pipeline paced by the reader, so the transfer is still running when a seeder goes away
        BitswapNode c = node(BitswapConfig.defaults().withClient(ClientConfig.defaults().withPrefetchWindow(8)
                .withMaxInFlightPerPeer(2)));
        Cid root = a.add(file, RAW_V1);
        copyAll(a, b);
        c.connect(a);
        c.connect(b);
        int read = 0;
        try (BitswapSession s = c.bitswap.client().newSession(); DagStream stream = s.stream(root, IDLE)) {
            while (stream.hasNext()) {
                stream.next();
                if (++read == 20) {
                    a.close();
                }
            }
        }
        assertThat(read).isEqualTo(129);
        assertThat(c.sha256Of(root)).isEqualTo(BitswapNode.sha256(file));
        assertThat(b.bitswap.stats().blocksSent()).isPositive();
    }

    @Test
    void aMaliciousPeerIsRejectedRecordedAndDropped() throws Exception {
        byte[] file = content(8 << 20, 4);
        BitswapNode honest = node();
        BitswapNode c = node(BitswapConfig.defaults().withClient(ClientConfig.defaults().withBadBlockThreshold(4)));
        Cid root = honest.add(file, RAW_V1);
        Random r = new Random(5);
        FixturePeer evil = new FixturePeer(hosts.start(), (in, out) -> {
            List<BlockPresence> haves = new ArrayList<>();
            List<Payload> junk = new ArrayList<>();
            for (WantEntry e : in.wants()) {
                if (e.cancel()) {
                    continue;
                }
                if (e.type() == WantType.HAVE) {
                    haves.add(new BlockPresence(e.cid(), PresenceType.HAVE)); // lure want-blocks
                } else {
                    byte[] bad = new byte[1000];
                    r.nextBytes(bad);
                    junk.add(new Payload(CidPrefix.of(e.cid()), bad)); // claims the CID, hashes to another
                    junk.add(Payload.of(Block.raw(bad).cid(), bad)); // a valid block nobody asked for
                }
            }
            out.send(BitswapMessage.ofBlocks(junk, haves));
            if (!junk.isEmpty()) {
                try {
                    out.sendRawOnNewStream(Varint.encode(5 << 20)); // a frame that claims 5 MiB
                } catch (IOException reset) {
                    // the victim may reset first
                }
                byte[] big = new byte[3 << 20]; // a block above 2 MiB inside a legal-size message
                try {
                    out.sendRawOnNewStream(BitswapCodec.frame(BitswapMessage.ofBlocks(
                            List.of(new Payload(CidPrefix.of(Block.raw(big).cid()), big)), List.of()),
                            dev.ferry.exchange.bitswap.wire.BitswapProtocol.V120));
                } catch (IOException reset) {
                    // same
                }
            }
        });
        CountDownLatch evilGone = new CountDownLatch(1);
        c.host.addListener(new HostListener() {
            @Override
            public void disconnected(Connection conn) {
                if (conn.remotePeer().equals(evil.host.peerId())) {
                    evilGone.countDown();
                }
            }
        });
        // only the liar is there at first: it gets the want-block for the root and answers with junk
        c.host.connect(TestHosts.dialable(evil.host));
        try (BitswapSession s = c.bitswap.client().newSession()) {
            CompletableFuture<Block> rootFetch = CompletableFuture.supplyAsync(() -> s.get(root, IDLE));
            assertThat(evilGone.await(20, TimeUnit.SECONDS)).isTrue();
            c.connect(honest);
            assertThat(rootFetch.get(20, TimeUnit.SECONDS).cid()).isEqualTo(root);
            s.fetchAll(root, IDLE);
        }
        assertThat(c.sha256Of(root)).isEqualTo(BitswapNode.sha256(file));
        BitswapStats st = c.bitswap.stats();
        assertThat(st.badBlocksReceived()).isGreaterThanOrEqualTo(4);
        assertThat(c.bitswap.client().stats().banned()).contains(evil.host.peerId());
        assertThat(c.bitswap.client().partners()).doesNotContain(evil.host.peerId());
        assertThat(c.store.has(root)).isTrue();
        assertThat(st.blocksReceived()).isEqualTo(33);
        // the banned peer is not taken back when it reconnects
        c.host.connect(TestHosts.dialable(evil.host));
        assertThat(c.bitswap.client().partners()).doesNotContain(evil.host.peerId());
    }

    @Test
    void aPeerThatNeverDeliversTimesOutAndAnotherServes() throws Exception {
        byte[] file = content(4 << 20, 6);
        BitswapNode honest = node();
        BitswapNode c = node(BitswapConfig.defaults().withClient(ClientConfig.defaults()
                .withPeerTimeout(Duration.ofMillis(300))));
        Cid root = honest.add(file, RAW_V1);
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
        c.host.connect(TestHosts.dialable(silent.host));
        // the silent peer answers first: it alone is a candidate until the honest one connects
        Block rootBlock;
        try (BitswapSession s = c.bitswap.client().newSession()) {
            CompletableFuture<Block> f = CompletableFuture.supplyAsync(() -> s.get(root, Duration.ofSeconds(20)));
            c.connect(honest);
            rootBlock = f.get(20, TimeUnit.SECONDS);
            s.fetchAll(root, IDLE);
        }
        assertThat(rootBlock.cid()).isEqualTo(root);
        assertThat(c.sha256Of(root)).isEqualTo(BitswapNode.sha256(file));
        assertThat(c.bitswap.stats().perPeer().get(silent.host.peerId()).blocksReceived()).isZero();
    }

    @Test
    void contentNobodyHasTimesOutCleanly() throws Exception {
        BitswapNode a = node();
        BitswapNode c = node();
        c.connect(a);
        Cid nowhere = Block.raw(content(100, 7)).cid();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> c.bitswap.client().get(nowhere, Duration.ofMillis(700)))
                .isInstanceOf(BitswapTimeoutException.class).hasMessageContaining(nowhere.toString());
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(5).toNanos());
        assertThat(c.bitswap.stats().wantlist()).isEmpty();
        assertThat(c.bitswap.client().stats().peers().get(a.host.peerId()).inFlight()).isZero();
        assertThat(c.store.has(nowhere)).isFalse();
        // the same stream API on missing content
        try (BitswapSession s = c.bitswap.client().newSession(); DagStream stream = s.stream(nowhere,
                Duration.ofMillis(300))) {
            assertThatThrownBy(stream::next).isInstanceOf(BitswapTimeoutException.class);
        }
        assertThat(c.bitswap.stats().wantlist()).isEmpty();
    }
}
