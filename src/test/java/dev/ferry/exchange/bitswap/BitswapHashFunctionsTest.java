package dev.ferry.exchange.bitswap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.exchange.bitswap.client.BitswapSession;
import dev.ferry.exchange.bitswap.client.ClientConfig;
import dev.ferry.exchange.bitswap.testing.BitswapNode;
import dev.ferry.exchange.bitswap.testing.FixturePeer;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BlockPresence;
import dev.ferry.exchange.bitswap.wire.Payload;
import dev.ferry.exchange.bitswap.wire.PresenceType;
import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.exchange.bitswap.wire.WantType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import dev.ferry.net.host.TestHosts;
import dev.ferry.store.Block;
import dev.ferry.store.InvalidBlockException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Content made with another hash function than sha2-256 travels over Bitswap, and is verified with it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BitswapHashFunctionsTest {
    private static final Duration IDLE = Duration.ofSeconds(20);
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

    private static byte[] content(int size, long seed) {
        byte[] d = new byte[size];
        new Random(seed).nextBytes(d);
        return d;
    }

    private static ImportOptions options(String hash, boolean rawLeaves) {
        return ImportOptions.kuboDefaults().withCidVersion(1).withHashFunction(HashFunction.named(hash))
                .withRawLeaves(rawLeaves);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha3-256", "blake2b-256", "sha2-512", "blake3"})
    void aFileMadeWithAnotherFunctionIsFetchedAndVerified(String hash) throws Exception {
        byte[] file = content(3 << 20, hash.hashCode());
        BitswapNode seeder = node(BitswapConfig.defaults());
        BitswapNode fetcher = node(BitswapConfig.defaults());
        Cid root = seeder.add(file, options(hash, !hash.startsWith("sha2")));
        fetcher.connect(seeder);
        long blocks;
        try (BitswapSession s = fetcher.bitswap.client().newSession()) {
            blocks = s.fetchAll(root, IDLE);
        }
        assertThat(blocks).isEqualTo(13); // 12 leaves of 256 KiB and the root
        assertThat(fetcher.sha256Of(root)).isEqualTo(BitswapNode.sha256(file));
        try (Stream<Cid> cids = fetcher.store.cids()) {
            assertThat(cids.toList()).hasSize(13).allSatisfy(c ->
                    assertThat(Multihash.functionName(c.multihash().code())).contains(hash));
        }
        assertThat(fetcher.bitswap.stats().badBlocksReceived()).isZero();
        assertThat(fetcher.bitswap.stats().blocksReceived()).isEqualTo(13);
    }

    @Test
    void corruptBlocksUnderSuchCidsAreRejected() throws Exception {
        byte[] file = content(1 << 20, 11);
        BitswapNode honest = node(BitswapConfig.defaults());
        BitswapNode c = node(BitswapConfig.defaults().withClient(ClientConfig.defaults().withBadBlockThreshold(1000)));
        Cid root = honest.add(file, options("blake2b-256", true));
        List<Cid> bad = new ArrayList<>();
        Random r = new Random(12);
        // claims each wanted block: bytes of the right length but another content, under the wanted blake2b-256
        // prefix; then the same under a sha1 prefix (IPFS refuses sha1: it cannot even be rebuilt)
        FixturePeer liar = new FixturePeer(hosts.start(), (in, out) -> {
            List<BlockPresence> haves = new ArrayList<>();
            List<Payload> junk = new ArrayList<>();
            for (WantEntry e : in.wants()) {
                if (e.cancel()) {
                    continue;
                }
                if (e.type() == WantType.HAVE) {
                    haves.add(new BlockPresence(e.cid(), PresenceType.HAVE));
                } else {
                    byte[] wrong = new byte[1000];
                    r.nextBytes(wrong);
                    junk.add(new Payload(CidPrefix.of(e.cid()), wrong));
                    junk.add(new Payload(new CidPrefix(1, Multicodec.RAW.code(), Multicodec.SHA1.code(), 20), wrong));
                    synchronized (bad) {
                        bad.add(e.cid());
                    }
                }
            }
            out.send(BitswapMessage.ofBlocks(junk, haves));
        });
        c.host.connect(TestHosts.dialable(liar.host));
        try (BitswapSession s = c.bitswap.client().newSession()) {
            CompletableFuture<Block> rootFetch = CompletableFuture.supplyAsync(() -> s.get(root, IDLE));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (c.bitswap.stats().badBlocksReceived() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(c.bitswap.stats().badBlocksReceived()).isGreaterThanOrEqualTo(2);
            assertThat(c.store.has(root)).isFalse();
            c.connect(honest);
            assertThat(rootFetch.get(20, TimeUnit.SECONDS).cid()).isEqualTo(root);
            s.fetchAll(root, IDLE);
        }
        assertThat(c.sha256Of(root)).isEqualTo(BitswapNode.sha256(file));
        assertThat(bad).contains(root);
        try (Stream<Cid> cids = c.store.cids()) {
            assertThat(cids.toList()).allSatisfy(cid -> assertThat(cid.multihash().code()).isEqualTo(0xb220));
        }
    }

    @Test
    void wantingAContentIdIpfsRefusesFailsAtOnce() throws Exception {
        BitswapNode c = node(BitswapConfig.defaults());
        Cid sha1 = Cid.v1(Multicodec.RAW.code(), Multihash.of(Multicodec.SHA1.code(), new byte[20]));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> c.bitswap.client().get(sha1, Duration.ofSeconds(30)))
                .isInstanceOf(InvalidBlockException.class).hasMessageContaining(HashFunction.INSECURE);
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(5).toNanos());
        assertThat(c.bitswap.stats().wantlist()).isEmpty();
    }
}
