package dev.ferry.routing;

import dev.ferry.routing.gateway.BlockGateways;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.ForwardingBlockstore;

/** The local store, crediting every block put through it to one source of a {@link SourceTally}. */
final class TallyingBlockstore extends ForwardingBlockstore {
    private final SourceTally tally;
    private final String type;
    private final String id;

    TallyingBlockstore(Blockstore local, SourceTally tally, String type, String id) {
        super(local);
        this.tally = tally;
        this.type = type;
        this.id = id;
    }

    /** The id a pool's deliveries are credited to: its gateway when it has one, else none in particular. */
    static String gatewayId(BlockGateways pool) {
        return pool.gateways().size() == 1 ? pool.gateways().getFirst().toString() : "";
    }

    @Override
    public void put(Block block) {
        super.put(block);
        tally.add(type, id, 1, block.size());
    }

    @Override
    public void putReceived(Block block) {
        super.putReceived(block);
        tally.add(type, id, 1, block.size());
    }
}
