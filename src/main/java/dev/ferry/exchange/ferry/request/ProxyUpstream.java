package dev.ferry.exchange.ferry.request;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Blockstore;
import java.time.Duration;

/**
 * What the serving side uses to fetch on a requester's behalf (a proxy fetch): the node's IPFS network access and
 * its gateways. Implemented above this layer (routing/node) and handed in.
 */
public interface ProxyUpstream {
    /** Whether this node can fetch from {@code source} at all (IPFS access enabled, gateways configured). */
    boolean offers(Source source);

    /**
     * Makes the DAG under {@code root} complete in {@code into} from {@code source}, every block verified.
     *
     * @throws RuntimeException when the source cannot deliver in time
     */
    long fetch(Source source, Cid root, Blockstore into, Duration idle);
}
