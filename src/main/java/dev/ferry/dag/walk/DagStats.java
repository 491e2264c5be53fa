package dev.ferry.dag.walk;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Kubo's {@code dag stat}: each root's DAG walked depth-first with its own visited set (a block shared inside one DAG
 * counts once for it), and totals over all roots: {@code totalSize} and {@code uniqueBlocks} count every block once
 * however many DAGs hold it, {@code sharedSize} is the bytes counted more than once across the DAGs, and
 * {@code ratio} the bytes of all DAGs over the unique bytes.
 */
public final class DagStats {
    private DagStats() {
    }

    /** One root's DAG: its blocks and their bytes, each block once. */
    public record Dag(Cid cid, long size, long blocks) {}

    /**
     * The totals. While the walk goes on ({@link Progress}), only {@code dags} (the roots so far, the last one still
     * growing) and {@code totalSize} are filled, as in Kubo's progress values; the rest is 0 until the end.
     */
    public record Summary(List<Dag> dags, long uniqueBlocks, long totalSize, long sharedSize, float ratio) {
        public Summary {
            dags = List.copyOf(dags);
        }
    }

    /** Told after every block. */
    @FunctionalInterface
    public interface Progress {
        void update(Summary soFar) throws IOException;
    }

    /**
     * Walks every root's DAG and sums it up.
     *
     * @throws MissingBlockException when a block is not in the store
     * @throws LinkDecodeException   when a block's links cannot be read
     */
    public static Summary of(Blockstore store, List<Cid> roots, Progress progress) throws IOException {
        DagWalker walker = new DagWalker(store);
        List<Dag> dags = new ArrayList<>();
        Set<Cid> unique = new HashSet<>();
        long total = 0;
        long all = 0;
        for (Cid root : roots) {
            long size = 0;
            long blocks = 0;
            dags.add(new Dag(root, 0, 0));
            DagWalker.Traversal t = walker.traverse(root);
            while (t.hasNext()) {
                Block b = t.next();
                size += b.size();
                blocks++;
                if (unique.add(b.cid())) {
                    total += b.size();
                }
                all += b.size();
                dags.set(dags.size() - 1, new Dag(root, size, blocks));
                if (progress != null) {
                    progress.update(new Summary(dags, 0, total, 0, 0f));
                }
            }
        }
        // an empty DAG (the identity CID of nothing) has no ratio: 0 rather than NaN, which JSON cannot carry
        float ratio = total == 0 ? 0f : (float) all / (float) total;
        return new Summary(dags, unique.size(), total, all - total, ratio);
    }
}
