package dev.ferry.dag.unixfs;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.MemoryBlockstore;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** A memory blockstore that counts reads, to show which blocks an operation fetched. */
final class CountingBlockstore implements Blockstore {
    final MemoryBlockstore inner = new MemoryBlockstore();
    final AtomicInteger gets = new AtomicInteger();

    @Override
    public boolean has(Cid cid) {
        return inner.has(cid);
    }

    @Override
    public Optional<Block> get(Cid cid) {
        gets.incrementAndGet();
        return inner.get(cid);
    }

    @Override
    public OptionalInt size(Cid cid) {
        return inner.size(cid);
    }

    @Override
    public void put(Block block) {
        inner.put(block);
    }

    @Override
    public boolean delete(Cid cid) {
        return inner.delete(cid);
    }

    @Override
    public Stream<Cid> cids() {
        return inner.cids();
    }

    @Override
    public void sync() {
        inner.sync();
    }

    @Override
    public void close() {
        inner.close();
    }
}
