package dev.ferry.routing;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.ForwardingBlockstore;
import java.util.Optional;

/**
 * The local store, with {@code get} of a missing block asking a {@link FetchSession}. Everything else goes to the
 * local store unchanged; closing it leaves the local store open (the node owns it).
 */
public final class FetchingBlockstore extends ForwardingBlockstore {
    private final FetchSession session;

    public FetchingBlockstore(Blockstore local, FetchSession session) {
        super(local);
        this.session = session;
    }

    @Override
    public Optional<Block> get(Cid cid) {
        Optional<Block> b = delegate().get(cid);
        return b.isPresent() ? b : Optional.of(session.get(cid));
    }

    @Override
    public void putAll(Iterable<Block> blocks) {
        delegate().putAll(blocks); // nothing watches puts here: the store's own batching applies
    }
}
