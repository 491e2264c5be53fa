package dev.ferry.dag.walk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagWalkerTest {

    @Test
    void depthFirstPreOrderEachBlockOnce() {
        MemoryBlockstore store = new MemoryBlockstore();
        TestDags.Sample s = TestDags.sample("w");
        s.putAll(store);
        List<Block> seen = new ArrayList<>();
        DagWalker.WalkResult r = new DagWalker(store).walk(List.of(s.root().cid()), seen::add);
        assertThat(seen).containsExactlyElementsOf(s.dfsOrder());
        assertThat(r.blocks()).isEqualTo(8);
        assertThat(r.bytes()).isEqualTo(s.dfsOrder().stream().mapToLong(Block::size).sum());
        assertThat(r.missing()).isEmpty();
    }

    @Test
    void severalRootsShareTheVisitedSet() {
        MemoryBlockstore store = new MemoryBlockstore();
        TestDags.Sample s = TestDags.sample("w");
        s.putAll(store);
        List<Block> seen = new ArrayList<>();
        new DagWalker(store).walk(List.of(s.b().cid(), s.root().cid()), seen::add);
        assertThat(seen).containsExactly(s.b(), s.leaf2(), s.leaf3(), s.root(), s.a(), s.leaf1(), s.id(), s.leaf4());
    }

    @Test
    void missingBlockStopsTheWalkOrIsSkipped() {
        MemoryBlockstore store = new MemoryBlockstore();
        TestDags.Sample s = TestDags.sample("w");
        s.putAll(store);
        store.delete(s.leaf2().cid());
        store.delete(s.leaf4().cid());
        assertThatThrownBy(() -> new DagWalker(store).reachable(List.of(s.root().cid())))
                .isInstanceOf(MissingBlockException.class).hasMessageContaining(s.leaf2().cid().toString());

        List<Block> seen = new ArrayList<>();
        DagWalker.WalkResult r = new DagWalker(store, true).walk(List.of(s.root().cid()), seen::add);
        assertThat(r.missing()).containsExactly(s.leaf2().cid(), s.leaf4().cid());
        assertThat(seen).containsExactly(s.root(), s.a(), s.leaf1(), s.b(), s.leaf3(), s.id());
    }

    @Test
    void theDescendPredicatePrunesLinksButKeepsTheBlock() {
        MemoryBlockstore store = new MemoryBlockstore();
        TestDags.Sample s = TestDags.sample("w");
        s.putAll(store);
        List<Block> seen = new ArrayList<>();
        DagWalker.Traversal t = new DagWalker(store).traverse(List.of(s.root().cid()), b -> !b.equals(s.a()));
        t.forEachRemaining(seen::add);
        assertThat(seen).containsExactly(s.root(), s.a(), s.b(), s.leaf2(), s.leaf3(), s.id(), s.leaf4());
        List<Block> rootOnly = new ArrayList<>();
        new DagWalker(store).traverse(List.of(s.root().cid()), b -> false).forEachRemaining(rootOnly::add);
        assertThat(rootOnly).containsExactly(s.root());
    }

    @Test
    void aMissingRootIsMissing() {
        Cid absent = TestDags.raw("absent").cid();
        DagWalker.WalkResult r = new DagWalker(new MemoryBlockstore(), true).walk(List.of(absent), b -> { });
        assertThat(r.missing()).containsExactly(absent);
        assertThat(r.blocks()).isZero();
    }

    @Test
    void veryDeepChainsDoNotOverflowTheStack() {
        MemoryBlockstore store = new MemoryBlockstore();
        Block node = TestDags.raw("bottom");
        store.put(node);
        for (int i = 0; i < 20_000; i++) {
            node = TestDags.pb(1, "level" + i, node.cid());
            store.put(node);
        }
        assertThat(new DagWalker(store).reachable(List.of(node.cid()))).hasSize(20_001);
    }

    @Test
    void reachableKeepsCidsOfOtherCodecsOverTheSameBytesApart() {
        // the same bytes as raw (no links) and as dag-pb (one link) are different nodes
        MemoryBlockstore store = new MemoryBlockstore();
        Block leaf = TestDags.raw("leaf");
        Block pb = TestDags.pb(1, "", leaf.cid());
        Block asRaw = Block.create(1, dev.ferry.multiformats.Multicodec.RAW.code(), pb.data());
        store.put(pb);
        store.put(leaf);
        assertThat(new DagWalker(store).reachable(List.of(asRaw.cid(), pb.cid())))
                .containsExactlyInAnyOrder(asRaw.cid(), pb.cid(), leaf.cid());
    }
}
