package dev.ferry.exchange.bitswap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.exchange.bitswap.testing.BitswapNode;
import dev.ferry.exchange.bitswap.testing.FixturePeer;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BitswapProtocol;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.exchange.bitswap.wire.Payload;
import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.exchange.bitswap.wire.WantType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.net.host.TestHosts;
import dev.ferry.store.Block;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ferry with peers that only speak Bitswap 1.1.0 or 1.0.0. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BitswapLegacyVersionsTest {
    private final TestHosts hosts = new TestHosts();
    private final List<BitswapNode> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        nodes.forEach(BitswapNode::close);
        hosts.close();
    }

    @Test
    void ferryFetchesFromA110PeerWithWantBlocksOnly() throws Exception {
        Block block = Block.raw("only on the old peer".getBytes());
        LinkedBlockingQueue<WantEntry> seen = new LinkedBlockingQueue<>();
        FixturePeer old = new FixturePeer(hosts.start(), BitswapProtocol.V110, (in, out) -> {
            seen.addAll(in.wants());
            for (WantEntry e : in.wants()) {
                if (!e.cancel() && e.cid().equals(block.cid())) {
                    out.send(BitswapMessage.ofBlocks(List.of(Payload.of(block.cid(), block.data())), List.of()));
                }
            }
        });
        BitswapNode f = new BitswapNode(hosts, BitswapConfig.defaults());
        nodes.add(f);
        f.host.connect(TestHosts.dialable(old.host));
        assertThat(f.bitswap.client().get(block.cid(), Duration.ofSeconds(10))).isEqualTo(block);
        // 1.1.0 has no want-have: the announcement arrived as a want-block without send-dont-have
        WantEntry first = seen.poll(5, TimeUnit.SECONDS);
        assertThat(first.type()).isEqualTo(WantType.BLOCK);
        assertThat(first.sendDontHave()).isFalse();
        assertThat(f.store.has(block.cid())).isTrue();
    }

    @Test
    void aPeerWithoutBitswapIsDroppedAsAPartner() throws Exception {
        var plain = hosts.start(); // no Bitswap handler at all
        BitswapNode seeder = new BitswapNode(hosts, BitswapConfig.defaults());
        BitswapNode f = new BitswapNode(hosts, BitswapConfig.defaults());
        nodes.add(seeder);
        nodes.add(f);
        Block block = Block.raw("from the seeder".getBytes());
        seeder.store.put(block);
        f.host.connect(TestHosts.dialable(plain));
        f.connect(seeder);
        assertThat(f.bitswap.client().get(block.cid(), Duration.ofSeconds(10))).isEqualTo(block);
        // the want-have sent to the plain host was refused at negotiation: it left the partner set
        Block other = Block.raw("nobody".getBytes());
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> f.bitswap.client().get(other.cid(), Duration.ofMillis(500)))).isNotNull();
        assertThat(f.bitswap.client().partners()).containsExactly(seeder.host.peerId());
        assertThat(f.bitswap.network().peers()).containsExactly(seeder.host.peerId());
    }

    @Test
    void ferryServesA100PeerWithRawBlocks() throws Exception {
        byte[] data = "a v0 block for an old peer".getBytes();
        Block block = Block.create(0, Multicodec.DAG_PB.code(), new byte[] {0x0a, 0x02, 0x08, 0x01});
        LinkedBlockingQueue<Payload> got = new LinkedBlockingQueue<>();
        FixturePeer old = new FixturePeer(hosts.start(), BitswapProtocol.V100, (in, out) -> got.addAll(in.blocks()));
        BitswapNode f = new BitswapNode(hosts, BitswapConfig.defaults());
        nodes.add(f);
        f.store.put(block);
        f.store.put(Block.raw(data));
        old.host.connect(TestHosts.dialable(f.host));
        old.request(f.host.peerId(), BitswapMessage.ofWants(List.of(WantEntry.wantBlock(block.cid(), 1, false))));
        Payload p = got.poll(10, TimeUnit.SECONDS);
        assertThat(p).isNotNull();
        // 1.0.0 carries raw bytes; the receiver files them as CIDv0
        assertThat(p.prefix()).isEqualTo(CidPrefix.V0);
        assertThat(p.cid()).isEqualTo(block.cid());
        Cid v0 = p.cid();
        assertThat(v0.version()).isZero();
    }
}
