package dev.ferry.exchange.ferry.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The answer order both sides compute: DFS pre-order, links in order, each CID once, identity walked. */
class DagCursorTest {
    static Block node(Block... children) {
        List<PbLink> links = new ArrayList<>();
        for (Block c : children) {
            links.add(PbLink.of(c.cid(), "", c.size()));
        }
        return Block.create(1, Multicodec.DAG_PB.code(), PbCodec.encode(new PbNode(links, new byte[0])));
    }

    static List<Cid> order(MemoryBlockstore s, Cid root) {
        List<Cid> out = new ArrayList<>();
        DagCursor c = new DagCursor(root, DagLinks.DAG_PB_ONLY);
        for (Cid cid = c.next(); cid != null; cid = c.next()) {
            out.add(cid);
            c.visited(s.get(cid).orElseThrow());
        }
        return out;
    }

    @Test
    void depthFirstPreOrderWithSharedBlocksOnce() {
        Block x = Block.raw(new byte[] {1});
        Block y = Block.raw(new byte[] {2});
        Block left = node(x, y);
        Block right = node(y, x, x);
        Block root = node(left, right, x);
        MemoryBlockstore s = new MemoryBlockstore();
        s.putAll(List.of(x, y, left, right, root));
        assertThat(order(s, root.cid())).containsExactly(root.cid(), left.cid(), x.cid(), y.cid(), right.cid());
    }

    @Test
    void identityBlocksAreWalkedAndTheSameBytesUnderAnotherCodecAreAnotherBlock() {
        Block leaf = Block.raw(new byte[] {7});
        Block inner = node(leaf);
        Cid asRaw = Cid.v1(Multicodec.RAW.code(), inner.cid().multihash()); // same bytes, read as raw: a leaf
        Cid identity = Cid.v1(Multicodec.DAG_PB.code(), Multihash.identity(inner.data()));
        Block root = Block.create(1, Multicodec.DAG_PB.code(), PbCodec.encode(new PbNode(List.of(
                PbLink.of(asRaw, "", 1), PbLink.of(identity, "", 1)), new byte[0])));
        MemoryBlockstore s = new MemoryBlockstore();
        s.putAll(List.of(leaf, inner, root));
        assertThat(order(s, root.cid())).containsExactly(root.cid(), asRaw, identity, leaf.cid());
    }

    @Test
    void theBuiltInReaderAgreesWithTheDagLayerOnDagPb() {
        Block x = Block.raw(new byte[] {1});
        Block n = node(x, x, node(x));
        for (Block b : List.of(x, n, node(), RequestFixtures.tree("agree", 2, 3).getFirst())) {
            List<Cid> full = dev.ferry.dag.walk.Links.of(b);
            assertThat(DagLinks.DAG_PB_ONLY.linksOf(b)).isEqualTo(full);
        }
        Block junk = Block.create(1, Multicodec.DAG_PB.code(), new byte[] {(byte) 0x12, 0x05, 0x0a, 0x03, 1, 2, 3});
        assertThat(DagLinks.DAG_PB_ONLY.linksOf(junk)).isEmpty();
        Block cbor = Block.create(1, Multicodec.DAG_CBOR.code(), new byte[] {(byte) 0xa0});
        assertThat(DagLinks.DAG_PB_ONLY.linksOf(cbor)).isEmpty();
    }
}
