package dev.ferry.dag.mfs;

import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.ForwardingBlockstore;
import dev.ferry.multiformats.Cid;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A store that also holds the empty UnixFS directory (CIDv0), the root of a new MFS, without writing it: reading the
 * MFS of a fresh repository must not add a block to it (a command that only reads stores nothing).
 */
final class EmptyDirectoryStore extends ForwardingBlockstore {
    private static final Block EMPTY = Block.create(0, Multicodec.DAG_PB.code(), new byte[] {0x0a, 0x02, 0x08, 0x01});

    private EmptyDirectoryStore(Blockstore delegate) {
        super(delegate);
    }

    static Blockstore over(Blockstore store) {
        return store instanceof EmptyDirectoryStore ? store : new EmptyDirectoryStore(store);
    }

    static Cid cid() {
        return EMPTY.cid();
    }

    @Override
    public boolean has(Cid cid) {
        return cid.equals(EMPTY.cid()) || super.has(cid);
    }

    // the block is a constant made here (hashed by Block.create): the delegate, which may fetch, is never asked for it

    @Override
    public Optional<Block> get(Cid cid) {
        return cid.equals(EMPTY.cid()) ? Optional.of(EMPTY) : super.get(cid);
    }

    @Override
    public Optional<byte[]> bytesForPeer(Cid cid) {
        return cid.equals(EMPTY.cid()) ? Optional.of(EMPTY.data()) : super.bytesForPeer(cid);
    }

    @Override
    public OptionalInt size(Cid cid) {
        return cid.equals(EMPTY.cid()) ? OptionalInt.of(EMPTY.size()) : super.size(cid);
    }
}
