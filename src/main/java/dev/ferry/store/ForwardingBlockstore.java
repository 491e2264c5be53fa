package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A view over a store it does not own: every call goes to the store underneath, {@code putAll} through {@link #put}
 * (so a subclass that watches puts sees every block), and {@link #close()} leaves that store open. Subclasses
 * override what they add.
 */
public abstract class ForwardingBlockstore implements Blockstore {
    private final Blockstore delegate;

    protected ForwardingBlockstore(Blockstore delegate) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
    }

    /** The store underneath. */
    protected final Blockstore delegate() {
        return delegate;
    }

    @Override
    public boolean has(Cid cid) {
        return delegate.has(cid);
    }

    @Override
    public Optional<Block> get(Cid cid) {
        return delegate.get(cid);
    }

    @Override
    public Optional<byte[]> bytesForPeer(Cid cid) {
        return delegate.bytesForPeer(cid);
    }

    @Override
    public OptionalInt size(Cid cid) {
        return delegate.size(cid);
    }

    @Override
    public void put(Block block) {
        delegate.put(block);
    }

    /** Forwards the hint; a subclass that watches {@link #put} must watch this too. */
    @Override
    public void putReceived(Block block) {
        delegate.putReceived(block);
    }

    @Override
    public boolean delete(Cid cid) {
        return delegate.delete(cid);
    }

    @Override
    public Stream<Cid> cids() {
        return delegate.cids();
    }

    @Override
    public void sync() {
        delegate.sync();
    }

    @Override
    public void close() {
        // the store underneath belongs to its owner
    }
}
