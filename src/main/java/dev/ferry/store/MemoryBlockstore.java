package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A {@link Blockstore} in memory, keyed by multihash; thread-safe (lock-free reads and writes). {@code sync()} does
 * nothing: nothing here is durable. Unbounded: meant for tests, {@code --only-hash} runs and small caches.
 */
public final class MemoryBlockstore implements Blockstore {
    private final ConcurrentHashMap<Multihash, Block> blocks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public MemoryBlockstore() {
    }

    @Override
    public boolean has(Cid cid) {
        checkOpen();
        return cid.isIdentity() || blocks.containsKey(cid.multihash());
    }

    @Override
    public Optional<Block> get(Cid cid) {
        checkOpen();
        if (cid.isIdentity()) {
            return Optional.of(new Block(cid, cid.multihash().digest()));
        }
        Block b = blocks.get(cid.multihash());
        if (b == null) {
            return Optional.empty();
        }
        // stored bytes were verified on put and cannot change here; another CID of the same multihash re-verifies
        return Optional.of(b.cid().equals(cid) ? b : new Block(cid, b.data()));
    }

    @Override
    public OptionalInt size(Cid cid) {
        checkOpen();
        if (cid.isIdentity()) {
            return OptionalInt.of(cid.multihash().digest().length);
        }
        Block b = blocks.get(cid.multihash());
        return b == null ? OptionalInt.empty() : OptionalInt.of(b.size());
    }

    @Override
    public void put(Block block) {
        Objects.requireNonNull(block, "block");
        checkOpen();
        if (!block.cid().isIdentity()) {
            blocks.putIfAbsent(block.cid().multihash(), block);
        }
    }

    @Override
    public boolean delete(Cid cid) {
        checkOpen();
        return !cid.isIdentity() && blocks.remove(cid.multihash()) != null;
    }

    @Override
    public Stream<Cid> cids() {
        checkOpen();
        // weakly consistent: sees each key present for the whole walk once, never throws on concurrent change
        return blocks.keySet().stream().map(mh -> Cid.v1(Multicodec.RAW.code(), mh));
    }

    /** Number of stored blocks. */
    public int count() {
        return blocks.size();
    }

    @Override
    public void sync() {
        checkOpen();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("blockstore is closed");
        }
    }
}
