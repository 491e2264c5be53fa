package dev.ferry.node;

import dev.ferry.exchange.ferry.request.ProxyUpstream;
import dev.ferry.exchange.ferry.request.Source;
import dev.ferry.multiformats.Cid;
import dev.ferry.routing.BitswapFetcher;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.gateway.GatewayPool;
import dev.ferry.store.Blockstore;
import java.time.Duration;

/**
 * What this node fetches on a trusted requester's behalf: the IPFS network through its own Bitswap, and its fallback
 * gateways when it has any. Either way the blocks land verified in the node's store, from where they are streamed.
 */
final class NodeProxyUpstream implements ProxyUpstream {
    private final Blockstore local;
    private final BitswapFetcher bitswap;
    private final GatewayPool gateways;

    NodeProxyUpstream(Blockstore local, BitswapFetcher bitswap, GatewayPool gateways) {
        this.local = local;
        this.bitswap = bitswap;
        this.gateways = gateways;
    }

    @Override
    public boolean offers(Source source) {
        return switch (source) {
            case IPFS -> true;
            case GATEWAY -> !gateways.isEmpty();
            case PEER -> false;
        };
    }

    @Override
    public long fetch(Source source, Cid root, Blockstore into, Duration idle) {
        if (into != local) {
            throw new IllegalArgumentException("proxy fetches land in the node's own store");
        }
        return switch (source) {
            case IPFS -> {
                try (FetchSession s = bitswap.open(idle)) {
                    yield s.fetchAll(root);
                }
            }
            case GATEWAY -> gateways.fetchDag(root, local);
            case PEER -> throw new IllegalArgumentException("a peer's own store is not an upstream");
        };
    }
}
