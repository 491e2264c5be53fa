package dev.ferry.routing.router;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** The local store, counting the bytes put through it and when the first one came (a transfer's measurements). */
final class CountingBlockstore implements Blockstore {
    private final Blockstore local;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong blocks = new AtomicLong();
    private final Runnable afterPut;
    private final AtomicLong firstAt = new AtomicLong(Long.MIN_VALUE);

    CountingBlockstore(Blockstore local) {
        this(local, () -> { });
    }

    /** @param afterPut runs after each block is stored (e.g. to wake readers waiting for it) */
    CountingBlockstore(Blockstore local, Runnable afterPut) {
        this.local = local;
        this.afterPut = afterPut;
    }

    long blocks() {
        return blocks.get();
    }

    long bytes() {
        return bytes.get();
    }

    /** System.nanoTime() of the first put, or Long.MIN_VALUE. */
    long firstAt() {
        return firstAt.get();
    }

    @Override
    public boolean has(Cid cid) {
        return local.has(cid);
    }

    @Override
    public Optional<Block> get(Cid cid) {
        return local.get(cid);
    }

    @Override
    public OptionalInt size(Cid cid) {
        return local.size(cid);
    }

    @Override
    public void put(Block block) {
        firstAt.compareAndSet(Long.MIN_VALUE, System.nanoTime());
        local.put(block);
        bytes.addAndGet(block.size());
        blocks.incrementAndGet();
        afterPut.run();
    }

    @Override
    public boolean delete(Cid cid) {
        return local.delete(cid);
    }

    @Override
    public Stream<Cid> cids() {
        return local.cids();
    }

    @Override
    public void sync() {
        local.sync();
    }

    @Override
    public void close() {
        // the local store belongs to the node
    }
}
