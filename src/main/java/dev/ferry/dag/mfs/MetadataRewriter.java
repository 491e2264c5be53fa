package dev.ferry.dag.mfs;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.dag.unixfs.UnixfsData;
import dev.ferry.dag.unixfs.UnixfsDataCodec;
import dev.ferry.dag.unixfs.UnixfsDirectoryWriter.Written;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.Blockstore;
import java.util.List;
import java.util.Objects;

/**
 * Gives the root node of a UnixFS DAG other metadata: the node is written again with the same links and data and
 * only its {@code mode} and {@code mtime} changed, so everything below it stays as it is. A raw block cannot carry
 * metadata: it becomes the one leaf of a new file node that does (the raw block itself is kept).
 */
final class MetadataRewriter {
    private MetadataRewriter() {
    }

    /**
     * The node {@code cid} with {@code metadata}, stored in {@code store} (not synced), with the Tsize a link to it
     * carries (its block plus its links' Tsizes, as Kubo counts it). The node itself when nothing changes.
     */
    static Written rewrite(Blockstore store, Cid cid, NodeMetadata metadata) {
        Block block = store.get(cid).orElseThrow(() -> new BlockNotFoundException("block " + cid + " not found"));
        if (cid.codec() == Multicodec.RAW.code()) {
            long size = block.size();
            if (metadata.isEmpty()) {
                return new Written(cid, size);
            }
            UnixfsData file = new UnixfsData(UnixfsType.FILE, null, size, List.of(size), null, null,
                    metadata.mode(), metadata.mtime());
            return put(store, new NodeFormat(1, NodeFormat.of(cid).hashFunction()),
                    new PbNode(List.of(PbLink.of(cid, "", size)), UnixfsDataCodec.encode(file)));
        }
        if (cid.codec() != Multicodec.DAG_PB.code()) {
            throw new MfsException(cid + " is not a UnixFS node (dag-pb or raw)");
        }
        PbNode node = PbCodec.decode(block.data());
        if (node.data() == null) {
            throw new MfsException(cid + " is not a UnixFS node: no UnixFS data");
        }
        UnixfsData d = UnixfsDataCodec.decode(node.data());
        if (Objects.equals(d.mode(), metadata.mode()) && Objects.equals(d.mtime(), metadata.mtime())) {
            return new Written(cid, tsize(block.size(), node));
        }
        UnixfsData changed = new UnixfsData(d.type(), d.data(), d.filesize(), d.blocksizes(), d.hashType(), d.fanout(),
                metadata.mode(), metadata.mtime());
        return put(store, NodeFormat.of(cid), new PbNode(node.links(), UnixfsDataCodec.encode(changed)));
    }

    /** The node written as the node it replaces was: same CID version and hash function. */
    private static Written put(Blockstore store, NodeFormat format, PbNode node) {
        byte[] bytes = PbCodec.encode(node);
        Block b = Block.create(format.cidVersion(), Multicodec.DAG_PB.code(), format.hashFunction(), bytes);
        store.put(b);
        return new Written(b.cid(), tsize(bytes.length, node));
    }

    private static long tsize(long blockSize, PbNode node) {
        long total = blockSize;
        for (PbLink l : node.links()) {
            total += l.tsize() == null ? 0 : l.tsize();
        }
        return total;
    }
}
