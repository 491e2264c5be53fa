package dev.ferry.routing;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The local store, with {@code get} of a missing block asking a {@link FetchSession}. Everything else goes to the
 * local store unchanged; closing it leaves the local store open (the node owns it).
 */
public final class FetchingBlockstore implements Blockstore {
    private final Blockstore local;
    private final FetchSession session;

    public FetchingBlockstore(Blockstore local, FetchSession session) {
        this.local = local;
        this.session = session;
    }

    @Override
    public boolean has(Cid cid) {
        return local.has(cid);
    }

    @Override
    public Optional<Block> get(Cid cid) {
        Optional<Block> b = local.get(cid);
        return b.isPresent() ? b : Optional.of(session.get(cid));
    }

    @Override
    public OptionalInt size(Cid cid) {
        return local.size(cid);
    }

    @Override
    public void put(Block block) {
        local.put(block);
    }

    @Override
    public void putAll(Iterable<Block> blocks) {
        local.putAll(blocks);
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
