package dev.ferry.routing;

import dev.ferry.multiformats.Cid;
import dev.ferry.routing.gateway.GatewayException;
import dev.ferry.routing.gateway.GatewayPool;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Local store, then straight to a gateway pool, no peers: what {@code ferry get --gateway URL} uses. A block from a
 * gateway is verified by the pool and stored locally before it is returned; a whole DAG comes as one CAR.
 */
public final class GatewayFetcher implements ContentFetcher {
    private final Blockstore local;
    private final GatewayPool gateways;
    private final boolean ownsPool;

    public GatewayFetcher(Blockstore local, GatewayPool gateways) {
        this(local, gateways, false);
    }

    private GatewayFetcher(Blockstore local, GatewayPool gateways, boolean ownsPool) {
        this.local = local;
        this.gateways = gateways;
        this.ownsPool = ownsPool;
    }

    /** For one request to one gateway: the pool is made here and closed with the session. */
    public static GatewayFetcher oneShot(Blockstore local, java.net.URI gateway) {
        return new GatewayFetcher(local, GatewayPool.of(java.util.List.of(gateway),
                dev.ferry.routing.gateway.GatewayPoolConfig.defaults()), true);
    }

    @Override
    public Blockstore local() {
        return local;
    }

    /** The timeout is the pool's own (its idle and request timeouts). */
    @Override
    public FetchSession open(Duration timeout) {
        return new Session();
    }

    private final class Session implements FetchSession {
        private final Blockstore view = new FetchingBlockstore(local, this);
        private final SourceTally tally = new SourceTally();
        private final Blockstore into = new TallyingBlockstore(local, tally, "gateway",
                TallyingBlockstore.gatewayId(gateways));

        @Override
        public Block get(Cid cid) {
            Optional<Block> b = local.get(cid);
            if (b.isPresent()) {
                return b.get();
            }
            try {
                Block fetched = gateways.fetchBlock(cid);
                into.putReceived(fetched);
                return fetched;
            } catch (GatewayException e) {
                throw failure(cid, e);
            }
        }

        @Override
        public Blockstore blocks() {
            return view;
        }

        @Override
        public long fetchAll(Cid root) {
            try {
                return gateways.fetchDag(root, into);
            } catch (GatewayException e) {
                throw failure(root, e);
            }
        }

        @Override
        public List<SourceUse> sources() {
            return tally.snapshot();
        }

        @Override
        public void close() {
            // nothing is outstanding (every call completes before it returns); a one-shot pool goes with the session
            if (ownsPool) {
                gateways.close();
            }
        }
    }

    /** A gateway's "not found" is the block's absence; anything else is a source that did not deliver. */
    private static RuntimeException failure(Cid cid, GatewayException e) {
        if (e.kind() == GatewayException.Kind.NOT_FOUND) {
            return new dev.ferry.store.BlockNotFoundException("no gateway has " + cid + ": " + e.getMessage());
        }
        return new FetchTimeoutException(cid, e.getMessage(), e);
    }
}
