package dev.ferry.dag.walk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefsWalkerTest {

    @Test
    void aDeepChainDoesNotExhaustTheStack() throws Exception {
        MemoryBlockstore store = new MemoryBlockstore();
        Block below = TestDags.raw("bottom");
        store.put(below);
        List<Block> chain = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            below = TestDags.cbor("n" + i, below.cid());
            chain.add(below);
        }
        store.putAll(chain);
        long[] lines = {0};
        long written = new RefsWalker(store, false, -1, RefsWalker.DEFAULT_FORMAT).write(below.cid(), l -> lines[0]++);
        assertThat(written).isEqualTo(50_000).isEqualTo(lines[0]);
    }

    @Test
    void theSampleDagInKubosOrder() throws Exception {
        MemoryBlockstore store = new MemoryBlockstore();
        TestDags.Sample s = TestDags.sample("r");
        s.putAll(store);
        List<String> all = new ArrayList<>();
        new RefsWalker(store, false, -1, "<dst>").write(s.root().cid(), all::add);
        List<String> unique = new ArrayList<>();
        new RefsWalker(store, true, -1, "<dst>").write(s.root().cid(), unique::add);
        // the unique refs are the blocks of the DAG below the root, in the walker's own pre-order
        List<String> dfs = s.dfsOrder().stream().skip(1).map(b -> b.cid().toString()).toList();
        assertThat(unique).containsExactlyElementsOf(dfs);
        // without unique every link is written, a shared subtree walked each time it is met
        assertThat(all).containsExactly(s.a().cid().toString(), s.leaf1().cid().toString(),
                s.leaf2().cid().toString(), s.b().cid().toString(), s.leaf2().cid().toString(),
                s.leaf3().cid().toString(), s.a().cid().toString(), s.leaf1().cid().toString(),
                s.leaf2().cid().toString(), s.id().cid().toString(), s.leaf4().cid().toString());
    }

    @Test
    void edgesWithAnotherFormatAreRefused() {
        MemoryBlockstore store = new MemoryBlockstore();
        assertThatThrownBy(() -> RefsWalker.of(store, true, false, true, "<src>", -1))
                .hasMessage("using format argument with edges is not allowed");
        assertThat(RefsWalker.of(store, true, false, true, RefsWalker.DEFAULT_FORMAT, -1)).isNotNull();
    }
}
