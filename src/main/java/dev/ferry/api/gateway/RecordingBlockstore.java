package dev.ferry.api.gateway;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A read view of a store that remembers every block read through it, in first-read order: the blocks a path
 * resolution needed, which a CAR response must carry so that the client can verify the path. Not thread-safe.
 */
final class RecordingBlockstore implements Blockstore {
    private final Blockstore store;
    private final Map<Cid, Block> read = new LinkedHashMap<>();

    RecordingBlockstore(Blockstore store) {
        this.store = store;
    }

    List<Block> blocksRead() {
        return new ArrayList<>(read.values());
    }

    @Override
    public boolean has(Cid cid) {
        return store.has(cid);
    }

    @Override
    public Optional<Block> get(Cid cid) {
        Optional<Block> b = store.get(cid);
        b.ifPresent(block -> read.putIfAbsent(cid, block));
        return b;
    }

    @Override
    public OptionalInt size(Cid cid) {
        return store.size(cid);
    }

    @Override
    public void put(Block block) {
        throw new UnsupportedOperationException("read-only view");
    }

    @Override
    public void putReceived(Block block) {
        throw new UnsupportedOperationException("read-only view");
    }

    @Override
    public boolean delete(Cid cid) {
        throw new UnsupportedOperationException("read-only view");
    }

    @Override
    public Stream<Cid> cids() {
        return store.cids();
    }

    @Override
    public void sync() {
        // read-only
    }

    @Override
    public void close() {
        // the store belongs to the caller
    }
}
