package dev.ferry.node.content;

import dev.ferry.exchange.bitswap.client.BitswapSession;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The local store, falling back to Bitswap for blocks it lacks: {@code get} of a missing block asks the session's
 * peers and waits up to the timeout. Blocks fetched this way were verified and stored by the client before they are
 * returned. Everything else goes to the local store unchanged.
 */
public final class NetworkBlockstore implements Blockstore {
    private final Blockstore local;
    private final BitswapSession session;
    private final Duration timeout;

    public NetworkBlockstore(Blockstore local, BitswapSession session, Duration timeout) {
        this.local = local;
        this.session = session;
        this.timeout = timeout;
    }

    @Override
    public boolean has(Cid cid) {
        return local.has(cid);
    }

    @Override
    public Optional<Block> get(Cid cid) {
        Optional<Block> b = local.get(cid);
        return b.isPresent() ? b : Optional.of(session.get(cid, timeout));
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
