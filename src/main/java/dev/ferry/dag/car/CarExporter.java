package dev.ferry.dag.car;

import dev.ferry.dag.walk.DagWalker;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Exports the DAG under one root as a CARv1, as {@code ipfs dag export} does: header with the root, then every block
 * reachable from it in depth-first pre-order, each once, identity CIDs skipped (their links are still followed).
 */
public final class CarExporter {
    private CarExporter() {
    }

    /** What was written. */
    public record ExportResult(long blocks, long bytes) {
    }

    /**
     * Writes the CAR to {@code out} (flushed, not closed).
     *
     * @throws dev.ferry.dag.walk.MissingBlockException if a block of the DAG is not in the store (the output is then
     *                                                  incomplete)
     * @throws dev.ferry.dag.walk.LinkDecodeException   if a block's links cannot be read
     */
    public static ExportResult export(Blockstore store, Cid root, OutputStream out) throws IOException {
        try (CarWriter writer = CarWriter.open(out, List.of(root))) {
            DagWalker.Traversal walk = new DagWalker(store).traverse(root);
            while (walk.hasNext()) {
                Block block = walk.next();
                writer.write(block);
            }
            writer.flush();
            return new ExportResult(writer.blocksWritten(), writer.bytesWritten());
        }
    }
}
