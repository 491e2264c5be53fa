package dev.ferry.api.gateway;

import dev.ferry.dag.pb.DagPbException;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.dag.unixfs.UnixfsData;
import dev.ferry.dag.unixfs.UnixfsDataCodec;
import dev.ferry.dag.unixfs.UnixfsException;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.Blockstore;

/**
 * A block read as UnixFS where it can be: a dag-pb node with its UnixFS data, or null parts for anything else.
 *
 * @param block the block
 * @param pb    its dag-pb node, or null (other codec, or bytes that do not decode)
 * @param data  its UnixFS data, or null
 */
record DagNode(Block block, PbNode pb, UnixfsData data) {

    static DagNode of(Block block) {
        if (block.cid().codec() != Multicodec.DAG_PB.code()) {
            return new DagNode(block, null, null);
        }
        PbNode pb;
        try {
            pb = PbCodec.decode(block.data());
        } catch (DagPbException e) {
            return new DagNode(block, null, null);
        }
        UnixfsData data = null;
        if (pb.data() != null) {
            try {
                data = UnixfsDataCodec.decode(pb.data());
            } catch (UnixfsException e) {
                data = null;
            }
        }
        return new DagNode(block, pb, data);
    }

    /** A block the response needs: missing ones end the request (404 before the status is sent). */
    static Block load(Blockstore store, Cid cid) {
        return store.get(cid).orElseThrow(() -> new BlockNotFoundException("block not found: " + cid));
    }

    Cid cid() {
        return block.cid();
    }

    boolean isRawLeaf() {
        return block.cid().codec() == Multicodec.RAW.code();
    }

    /** A UnixFS file (or Raw) node, or a raw block. */
    boolean isFile() {
        return isRawLeaf() || (data != null && (data.type() == UnixfsType.FILE || data.type() == UnixfsType.RAW));
    }

    boolean isShard() {
        return data != null && data.type() == UnixfsType.HAMT_SHARD && pb != null;
    }

    /** Hex digits of the slot prefix in the link names of a HAMT shard. */
    int shardPrefixLength() {
        if (!isShard()) {
            throw new UnixfsException(cid() + ": not a HAMT shard");
        }
        long fanout = data.fanout() == null ? 256 : data.fanout();
        if (fanout < 2 || fanout > 4096 || Long.bitCount(fanout) != 1) {
            throw new UnixfsException(cid() + ": bad HAMT fanout " + fanout);
        }
        return Long.toHexString(fanout - 1).length();
    }
}
