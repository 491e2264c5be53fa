package dev.ferry.policy.pinning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.walk.DagWalker;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.ForwardingBlockstore;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sampling challenge blocks: uniform over every block, reading only internal nodes and the sampled blocks. */
class DagSampleTest {
    private final MemoryBlockstore memory = new MemoryBlockstore();
    private final List<Cid> reads = new ArrayList<>();
    private final ForwardingBlockstore counting = new ForwardingBlockstore(memory) {
        @Override
        public Optional<Block> get(Cid cid) {
            reads.add(cid);
            return super.get(cid);
        }
    };
    private Cid root;
    private List<Cid> all;

    @BeforeEach
    void importDag() throws Exception {
        byte[] data = new byte[60_000];
        new Random(5).nextBytes(data);
        // 4 links per node: 15 raw leaves under 4 internal dag-pb nodes and a root, 20 blocks
        root = new UnixfsImporter(memory, ImportOptions.kuboDefaults().withChunkSize(4096).withRawLeaves(true)
                .withMaxLinks(4)).importStream(new ByteArrayInputStream(data), "f").cid();
        all = new ArrayList<>();
        new DagWalker(memory).walk(List.of(root), b -> all.add(b.cid()));
        assertThat(all).hasSize(20);
    }

    @Test
    void everyBlockIsEquallyLikelyRootAndLeavesIncluded() {
        Random random = new Random(11);
        Map<Cid, Integer> counts = new HashMap<>();
        int rounds = 20_000;
        for (int i = 0; i < rounds; i++) {
            List<Block> s = DagSample.of(memory, root, 2, random);
            assertThat(s).hasSize(2);
            assertThat(s.get(0).cid()).isNotEqualTo(s.get(1).cid());
            s.forEach(b -> counts.merge(b.cid(), 1, Integer::sum));
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(all);
        double expected = rounds * 2.0 / all.size(); // 2000 each
        assertThat(counts.values()).allSatisfy(n -> assertThat((double) n).isBetween(expected * 0.85,
                expected * 1.15));
    }

    @Test
    void onlyInternalNodesAndTheSampledBlocksAreRead() {
        List<Block> s = DagSample.of(counting, root, 3, new Random(1));
        long internal = all.stream().filter(c -> c.codec() != dev.ferry.multiformats.Multicodec.RAW.code()).count();
        assertThat(internal).isEqualTo(5);
        assertThat(reads).hasSize((int) internal + 3);
        assertThat(reads.stream().filter(c -> c.codec() == dev.ferry.multiformats.Multicodec.RAW.code()))
                .allSatisfy(c -> assertThat(s).extracting(Block::cid).contains(c));
    }

    @Test
    void aSampleHasDistinctBlocksAndAMissingInternalNodeIsTold() {
        assertThat(DagSample.of(memory, root, 16, new Random(2))).extracting(Block::cid).hasSize(16)
                .doesNotHaveDuplicates().isSubsetOf(all);
        Cid inner = all.stream().filter(c -> !c.equals(root)
                && c.codec() != dev.ferry.multiformats.Multicodec.RAW.code()).findFirst().orElseThrow();
        memory.delete(inner);
        assertThatThrownBy(() -> DagSample.of(memory, root, 1, new Random(2)))
                .isInstanceOf(BlockNotFoundException.class).hasMessageContaining(inner.toString());
    }
}
