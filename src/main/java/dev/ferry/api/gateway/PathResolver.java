package dev.ferry.api.gateway;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborArray;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.DagCbor;
import dev.ferry.dag.cbor.DagCborException;
import dev.ferry.dag.unixfs.UnixfsException;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsPathException;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a content path through UnixFS directories (plain and HAMT-sharded) and dag-cbor documents (map keys, list
 * indexes, links), remembering the blocks it read.
 */
final class PathResolver {
    private PathResolver() {
    }

    private static CborValue step(CborValue value, String segment, Cid document) {
        if (value instanceof CborMap map) {
            return map.get(segment).orElseThrow(() -> GatewayException.notFound("no field \"" + segment + "\" in "
                    + document));
        }
        if (value instanceof CborArray array && segment.matches("(0|[1-9][0-9]{0,8})")) {
            int index = Integer.parseInt(segment);
            if (index < array.items().size()) {
                return array.items().get(index);
            }
        }
        throw GatewayException.notFound("no element \"" + segment + "\" in " + document);
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
     *                          a codec other than dag-pb and dag-cbor, or a path ending inside a dag-cbor document; the store's failures (missing block, fetch timeout) pass
     */
    static Resolution resolve(Blockstore store, ContentPath path) {
        RecordingBlockstore recorder = new RecordingBlockstore(store);
        Cid current = path.root();
        DagNode.load(recorder, current);
        List<Cid> roots = new ArrayList<>();
        roots.add(current);
        UnixfsExporter exporter = new UnixfsExporter(recorder);
        List<String> segments = path.segments();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (current.codec() == Multicodec.DAG_CBOR.code()) {
                // IPLD pathing inside the document: map keys and list indexes, until a link is reached
                CborValue value;
                try {
                    value = DagCbor.decode(DagNode.load(recorder, current).data());
                } catch (DagCborException e) {
                    throw GatewayException.notFound("cannot traverse " + current + ": " + e.getMessage());
                }
                Cid document = current;
                while (true) {
                    value = step(value, segments.get(i), document);
                    roots.add(document);
                    if (value instanceof CborLink link) {
                        current = link.cid();
                        roots.set(roots.size() - 1, current);
                        break;
                    }
                    if (++i == segments.size()) {
                        throw new GatewayException(501, "path ends inside " + document + ", not at a link");
                    }
                }
                continue;
            }
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
        List<Block> pathBlocks = segments.isEmpty() ? List.of() : recorder.blocksRead();
        return new Resolution(current, List.copyOf(roots), pathBlocks);
    }
}
