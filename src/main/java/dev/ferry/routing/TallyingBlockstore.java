package dev.ferry.routing;

import dev.ferry.multiformats.Cid;
import dev.ferry.routing.gateway.GatewayPool;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/** The local store, crediting every block put through it to one source of a {@link SourceTally}. */
final class TallyingBlockstore implements Blockstore {
    private final Blockstore local;
    private final SourceTally tally;
    private final String type;
    private final String id;

    TallyingBlockstore(Blockstore local, SourceTally tally, String type, String id) {
        this.local = local;
        this.tally = tally;
        this.type = type;
        this.id = id;
    }

    /** The id a pool's deliveries are credited to: its gateway when it has one, else none in particular. */
    static String gatewayId(GatewayPool pool) {
        return pool.gateways().size() == 1 ? pool.gateways().getFirst().toString() : "";
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
        local.put(block);
        tally.add(type, id, 1, block.size());
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
