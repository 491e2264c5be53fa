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
        return new Written(put(cidVersion, Multicodec.DAG_PB.code(), bytes), bytes.length);
    }

    /** Writes bytes that are already an encoded dag-pb node. */
    Written putPbBytes(byte[] bytes) {
        return new Written(put(cidVersion, Multicodec.DAG_PB.code(), bytes), bytes.length);
    }

    /** Writes a raw block (always CIDv1, as Kubo does even with --cid-version=0). */
    Cid putRaw(byte[] bytes) {
        return put(1, Multicodec.RAW.code(), bytes);
    }

    /** Hashes once: the block's CID is computed from its bytes, so it needs no second verification. */
    private Cid put(int version, long codec, byte[] bytes) {
        if (store == null) {
            return Cid.of(version, codec, bytes);
        }
        Block b = Block.create(version, codec, bytes);
        store.put(b);
        return b.cid();
    }

    record Written(Cid cid, int size) {
    }
}
