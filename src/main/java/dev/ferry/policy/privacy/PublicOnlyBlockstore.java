package dev.ferry.policy.privacy;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A view of a {@link Blockstore} without private blocks, for everything public (the gateway, public listings):
 * {@code has}, {@code get}, {@code size} and {@code cids} behave as if private blocks were absent. Writes go through
 * (a block fetched for a public request is stored; if it is private it stays hidden). {@code close} does NOT close
 * the underlying store, which the node owns. Thread-safe as the underlying store.
 */
public final class PublicOnlyBlockstore implements Blockstore {
    private final Blockstore store;
    private final PrivateContent content;

    public PublicOnlyBlockstore(Blockstore store, PrivateContent content) {
        this.store = Objects.requireNonNull(store, "store");
        this.content = Objects.requireNonNull(content, "content");
    }

    @Override
    public boolean has(Cid cid) {
        return !content.isPrivate(cid) && store.has(cid);
    }

    @Override
    public Optional<Block> get(Cid cid) {
        return content.isPrivate(cid) ? Optional.empty() : store.get(cid);
    }

    @Override
    public OptionalInt size(Cid cid) {
        return content.isPrivate(cid) ? OptionalInt.empty() : store.size(cid);
    }

    @Override
    public void put(Block block) {
        store.put(block);
    }

    @Override
    public void putReceived(Block block) {
        store.putReceived(block);
    }

    @Override
    public boolean delete(Cid cid) {
        return store.delete(cid);
    }

    @Override
    public Stream<Cid> cids() {
        return store.cids().filter(c -> !content.isPrivate(c));
    }

    @Override
    public void sync() {
        store.sync();
    }

    @Override
    public void close() {
        // the underlying store belongs to its owner
    }
}
