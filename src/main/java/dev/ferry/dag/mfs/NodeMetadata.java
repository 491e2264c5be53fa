package dev.ferry.dag.mfs;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.unixfs.UnixTime;
import dev.ferry.dag.unixfs.UnixfsDataCodec;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.Blockstore;

/**
 * The optional UnixFS 1.5 metadata of a node: its {@code mode} and {@code mtime}, kept on a file's root node and on
 * a directory's node (a sharded directory's root shard). A raw block has none.
 *
 * @param mode  the UnixFS mode field (permission bits in the low 12, extended bits above), null when unset
 * @param mtime the modification time, null when unset
 */
public record NodeMetadata(Long mode, UnixTime mtime) {
    /** No metadata. */
    public static final NodeMetadata NONE = new NodeMetadata(null, null);

    public boolean isEmpty() {
        return mode == null && mtime == null;
    }

    public NodeMetadata withMode(Long newMode) {
        return new NodeMetadata(newMode, mtime);
    }

    public NodeMetadata withMtime(UnixTime newMtime) {
        return new NodeMetadata(mode, newMtime);
    }

    /** The metadata of the node {@code cid} (its block only is read). */
    public static NodeMetadata of(Blockstore store, Cid cid) {
        if (cid.codec() != Multicodec.DAG_PB.code()) {
            return NONE;
        }
        Block block = store.get(cid).orElseThrow(() -> new BlockNotFoundException("block " + cid + " not found"));
        byte[] data = PbCodec.decode(block.data()).data();
        if (data == null) {
            return NONE;
        }
        var d = UnixfsDataCodec.decode(data);
        return new NodeMetadata(d.mode(), d.mtime());
    }
}
