package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.DagPbException;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.Blockstore;

/** Fetches blocks (verified by the store) and decodes them as UnixFS, checking what each type requires. */
final class NodeLoader {
    private final Blockstore store;

    NodeLoader(Blockstore store) {
        this.store = store;
    }

    UnixfsNode load(Cid cid) {
        Block block = store.get(cid).orElseThrow(() -> new BlockNotFoundException("block not found: " + cid));
        if (cid.codec() == Multicodec.RAW.code()) {
            return new UnixfsNode(cid, block.data(), null, null);
        }
        if (cid.codec() != Multicodec.DAG_PB.code()) {
            throw new UnixfsException(cid + " is not UnixFS (codec 0x" + Long.toHexString(cid.codec()) + ")");
        }
        PbNode pb;
        try {
            pb = PbCodec.decode(block.data());
        } catch (DagPbException e) {
            throw new UnixfsException(cid + ": bad dag-pb: " + e.getMessage(), e);
        }
        if (pb.data() == null) {
            throw new UnixfsException(cid + ": dag-pb node without UnixFS data");
        }
        UnixfsData data;
        try {
            data = UnixfsDataCodec.decode(pb.data());
        } catch (UnixfsException e) {
            throw new UnixfsException(cid + ": " + e.getMessage(), e);
        }
        switch (data.type()) {
            case FILE, RAW -> {
                if (pb.links().size() != data.blocksizes().size()) {
                    throw new UnixfsException(cid + ": " + pb.links().size() + " links but "
                            + data.blocksizes().size() + " blocksizes");
                }
                long size;
                try {
                    size = UnixfsNode.fileSize(data);
                } catch (ArithmeticException e) {
                    throw new UnixfsException(cid + ": file size overflows");
                }
                if (data.filesize() != null && data.filesize() != size) {
                    throw new UnixfsException(cid + ": filesize " + data.filesize() + " but data and blocksizes make "
                            + size);
                }
            }
            case SYMLINK -> {
                if (!pb.links().isEmpty()) {
                    throw new UnixfsException(cid + ": symlink with links");
                }
            }
            case METADATA -> throw new UnixfsException(cid + ": UnixFS Metadata nodes are not supported");
            default -> {
                // directories are checked where they are read
            }
        }
        return new UnixfsNode(cid, null, pb, data);
    }
}
