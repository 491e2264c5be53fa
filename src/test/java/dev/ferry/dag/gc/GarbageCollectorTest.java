package dev.ferry.dag.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.walk.TestDags;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import dev.ferry.store.MemoryPinStore;
import dev.ferry.store.PinType;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GarbageCollectorTest {
    private final MemoryBlockstore store = new MemoryBlockstore();
    private final MemoryPinStore pins = new MemoryPinStore();

    private Set<Multihash> storedHashes() {
        try (var s = store.cids()) {
            return s.map(Cid::multihash).collect(Collectors.toSet());
        }
    }

    private static Set<Multihash> hashes(List<Block> blocks) {
        return blocks.stream().filter(b -> !b.cid().isIdentity()).map(b -> b.cid().multihash())
                .collect(Collectors.toSet());
    }

    @Test
    void recursivePinsKeepTheirDagDirectPinsOneBlockTheRestGoes() {
        TestDags.Sample kept = TestDags.sample("kept");
        TestDags.Sample gone = TestDags.sample("gone");
        TestDags.Sample direct = TestDags.sample("direct");
        kept.putAll(store);
        gone.putAll(store);
        direct.putAll(store);
        pins.add(kept.root().cid(), PinType.RECURSIVE);
        pins.add(direct.a().cid(), PinType.DIRECT);

        GcResult r = new GarbageCollector(store, pins).collect();

        Set<Multihash> expected = new java.util.HashSet<>(hashes(kept.dfsOrder()));
        expected.add(direct.a().cid().multihash());
        assertThat(storedHashes()).isEqualTo(expected);
        int goneCount = hashes(gone.dfsOrder()).size() + hashes(direct.dfsOrder()).size() - 1;
        assertThat(r.removed()).hasSize(goneCount);
        long goneBytes = gone.dfsOrder().stream().filter(b -> !b.cid().isIdentity()).mapToLong(Block::size).sum()
                + direct.dfsOrder().stream().filter(b -> !b.cid().isIdentity() && !b.equals(direct.a()))
                        .mapToLong(Block::size).sum();
        assertThat(r.bytesFreed()).isEqualTo(goneBytes);
        assertThat(r.kept()).isEqualTo(expected.size());

        // a second run finds nothing more to remove
        assertThat(new GarbageCollector(store, pins).collect().removed()).isEmpty();
    }

    /** Best-effort roots (the MFS root) keep what is stored of their DAGs; what is missing is no error. */
    @Test
    void bestEffortRootsKeepTheirStoredPartWithoutFailingOnGaps() {
        Block present = TestDags.raw("present");
        Block absent = TestDags.raw("absent, fetched lazily");
        Block root = TestDags.pb(0, "mfs root", present.cid(), absent.cid());
        Block other = TestDags.raw("garbage");
        List.of(present, root, other).forEach(store::put);

        GcResult r = new GarbageCollector(store, pins, List.of(), List.of(root.cid())).collect();

        assertThat(storedHashes()).containsExactlyInAnyOrder(present.cid().multihash(), root.cid().multihash());
        assertThat(r.removed()).extracting(GcResult.Removed::cid).extracting(Cid::multihash)
                .containsExactly(other.cid().multihash());
        // the same gap under a recursive pin stops the collection
        pins.add(root.cid(), PinType.RECURSIVE);
        assertThatThrownBy(() -> new GarbageCollector(store, pins).collect()).isInstanceOf(GcException.class)
                .hasMessageContaining(absent.cid().toString());
    }

    @Test
    void blocksSharedWithAnUnpinnedDagSurvive() {
        Block shared = TestDags.raw("shared");
        Block onlyUnpinned = TestDags.raw("only unpinned");
        Block pinned = TestDags.pb(0, "pinned", shared.cid());
        Block unpinned = TestDags.pb(1, "unpinned", shared.cid(), onlyUnpinned.cid());
        List.of(shared, onlyUnpinned, pinned, unpinned).forEach(store::put);
        pins.add(pinned.cid(), PinType.RECURSIVE);

        GcResult r = new GarbageCollector(store, pins).collect();

        assertThat(store.has(shared.cid())).isTrue();
        assertThat(store.has(pinned.cid())).isTrue();
        assertThat(store.has(unpinned.cid())).isFalse();
        assertThat(store.has(onlyUnpinned.cid())).isFalse();
        assertThat(r.cids()).extracting(Cid::multihash)
                .containsExactlyInAnyOrder(unpinned.cid().multihash(), onlyUnpinned.cid().multihash());
    }

    @Test
    void aPinUnderAnotherCidOfTheSameMultihashKeepsTheBlock() {
        Block leaf = TestDags.pb(0, "v0 leaf");
        store.put(leaf);
        pins.add(leaf.cid().toV1(), PinType.RECURSIVE);
        assertThat(new GarbageCollector(store, pins).collect().removed()).isEmpty();
        assertThat(store.has(leaf.cid())).isTrue();
    }

    @Test
    void aMissingBlockInAPinnedDagAbortsWithoutDeletingAnything() {
        TestDags.Sample pinnedDag = TestDags.sample("pinned");
        TestDags.Sample garbage = TestDags.sample("garbage");
        pinnedDag.putAll(store);
        garbage.putAll(store);
        store.delete(pinnedDag.leaf3().cid());
        pins.add(pinnedDag.root().cid(), PinType.RECURSIVE);
        int before = store.count();

        assertThatThrownBy(() -> new GarbageCollector(store, pins).collect())
                .isInstanceOf(GcException.class)
                .hasMessageContaining("nothing deleted")
                .hasMessageContaining(pinnedDag.leaf3().cid().toString())
                .satisfies(e -> assertThat(((GcException) e).missing()).containsExactly(pinnedDag.leaf3().cid()));
        assertThat(store.count()).isEqualTo(before);
    }

    @Test
    void anUndecodablePinnedBlockAbortsWithoutDeletingAnything() {
        Block bad = Block.create(1, Multicodec.DAG_PB.code(), HexFormat.of().parseHex("0a000a00"));
        Block garbage = TestDags.raw("garbage");
        store.put(bad);
        store.put(garbage);
        pins.add(bad.cid(), PinType.RECURSIVE);
        assertThatThrownBy(() -> new GarbageCollector(store, pins).collect()).isInstanceOf(GcException.class)
                .hasMessageContaining(bad.cid().toString());
        assertThat(store.has(garbage.cid())).isTrue();
    }

    @Test
    void withoutPinsEverythingGoes() {
        TestDags.sample("all").putAll(store);
        GcResult r = new GarbageCollector(store, pins).collect();
        assertThat(r.removed()).hasSize(7);
        assertThat(store.count()).isZero();
    }
}
