package dev.ferry.api.gateway;

import dev.ferry.dag.unixfs.UnixfsException;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsPathException;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.util.ArrayList;
import java.util.List;

/** Walks a content path through UnixFS directories (plain and HAMT-sharded), remembering the blocks it read. */
final class PathResolver {
    private PathResolver() {
    }

    /**
     * Where a path led.
     *
     * @param terminal   the CID at the end of the path
     * @param roots      the CID of each logical root: the content root, then one per segment (X-Ipfs-Roots)
     * @param pathBlocks the blocks read to resolve the segments, in order (for CARs); the root block when there are
     *                   segments, never the terminal's
     */
    record Resolution(Cid terminal, List<Cid> roots, List<Block> pathBlocks) {
    }

    /**
     * Loads the root block (so a missing root fails here), then resolves each segment.
     *
     * @throws GatewayException 404 when a segment does not exist or cannot be traversed, 501 for pathing below
     *                          a codec other than dag-pb; the store's failures (missing block, fetch timeout) pass
     */
    static Resolution resolve(Blockstore store, ContentPath path) {
        RecordingBlockstore recorder = new RecordingBlockstore(store);
        Cid current = path.root();
        DagNode.load(recorder, current);
        List<Cid> roots = new ArrayList<>();
        roots.add(current);
        UnixfsExporter exporter = new UnixfsExporter(recorder);
        for (String segment : path.segments()) {
            if (current.codec() == Multicodec.RAW.code()) {
                throw GatewayException.notFound("no link named \"" + segment + "\" under " + current
                        + " (a raw block)");
            }
            if (current.codec() != Multicodec.DAG_PB.code()) {
                throw new GatewayException(501, "paths below " + current + " (not dag-pb) are not supported");
            }
            try {
                current = exporter.resolve(current, segment);
            } catch (UnixfsPathException e) {
                throw GatewayException.notFound("no link named \"" + segment + "\" under " + current);
            } catch (UnixfsException e) {
                throw GatewayException.notFound("cannot traverse " + current + ": " + e.getMessage());
            }
            roots.add(current);
        }
        List<Block> pathBlocks = path.segments().isEmpty() ? List.of() : recorder.blocksRead();
        return new Resolution(current, List.copyOf(roots), pathBlocks);
    }
}
