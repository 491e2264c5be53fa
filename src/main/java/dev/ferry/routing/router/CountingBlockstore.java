package dev.ferry.routing.router;

import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.ForwardingBlockstore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** The local store, counting the bytes put through it and when the first one came (a transfer's measurements). */
final class CountingBlockstore extends ForwardingBlockstore {
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong blocks = new AtomicLong();
    private final Runnable afterPut;
    private final Predicate<Block> mayStore;
    private final AtomicLong firstAt = new AtomicLong(Long.MIN_VALUE);

    CountingBlockstore(Blockstore local) {
        this(local, () -> { });
    }

    CountingBlockstore(Blockstore local, Runnable afterPut) {
        this(local, afterPut, b -> true);
    }

    /**
     * @param afterPut runs after each block is stored (e.g. to wake readers waiting for it)
     * @param mayStore asked before each block; false stops the transfer with {@link Stopped}
     */
    CountingBlockstore(Blockstore local, Runnable afterPut, Predicate<Block> mayStore) {
        super(local);
        this.afterPut = afterPut;
        this.mayStore = mayStore;
    }

    /** Thrown from {@link #put} where the transfer is to stop: not a failure of the peer. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("transfer stopped", null, false, false);
        }
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
    public void put(Block block) {
        count(block, super::put);
    }

    @Override
    public void putReceived(Block block) {
        count(block, super::putReceived);
    }

    private void count(Block block, java.util.function.Consumer<Block> store) {
        if (!mayStore.test(block)) {
            throw new Stopped();
        }
        firstAt.compareAndSet(Long.MIN_VALUE, System.nanoTime());
        store.accept(block);
        bytes.addAndGet(block.size());
        blocks.incrementAndGet();
        afterPut.run();
    }
}
