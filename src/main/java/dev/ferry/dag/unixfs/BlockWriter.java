package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;

/** Hashes and (unless only hashing) stores the blocks an import makes. */
final class BlockWriter {
    private final Blockstore store; // null: only hash
    private final int cidVersion;

    BlockWriter(Blockstore store, int cidVersion) {
        this.store = store;
        this.cidVersion = cidVersion;
    }

    /** Writes a dag-pb node under the configured CID version; returns its CID and encoded size. */
    Written putPb(PbNode node) {
        byte[] bytes = PbCodec.encode(node);
        return new Written(put(Cid.of(cidVersion, Multicodec.DAG_PB.code(), bytes), bytes), bytes.length);
    }

    /** Writes a raw block (always CIDv1, as Kubo does even with --cid-version=0). */
    Cid putRaw(byte[] bytes) {
        return put(Cid.of(1, Multicodec.RAW.code(), bytes), bytes);
    }

    private Cid put(Cid cid, byte[] bytes) {
        if (store != null) {
            store.put(Block.of(cid, bytes));
        }
        return cid;
    }

    record Written(Cid cid, int size) {
    }
}
