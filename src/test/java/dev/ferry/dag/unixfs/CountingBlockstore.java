package dev.ferry.dag.unixfs;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.ForwardingBlockstore;
import dev.ferry.store.MemoryBlockstore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A memory blockstore that counts reads, to show which blocks an operation fetched. */
final class CountingBlockstore extends ForwardingBlockstore {
    final AtomicInteger gets = new AtomicInteger();

    CountingBlockstore() {
        super(new MemoryBlockstore());
    }

    @Override
    public Optional<Block> get(Cid cid) {
        gets.incrementAndGet();
        return super.get(cid);
    }
}
