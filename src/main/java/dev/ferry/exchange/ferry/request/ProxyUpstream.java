package dev.ferry.exchange.ferry.request;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Blockstore;
import java.time.Duration;

/**
 * What the serving side uses to fetch on a requester's behalf (a proxy fetch): the node's IPFS network access and
 * its gateways. Implemented above this layer (routing/node) and handed in.
 */
public interface ProxyUpstream {
    /** No IPFS access, no gateways: nothing is ever fetched on a requester's behalf. */
    ProxyUpstream NONE = new ProxyUpstream() {
        @Override
        public boolean offers(Source source) {
            return false;
        }

        @Override
        public long fetch(Source source, Cid root, Blockstore into, Duration idle) {
            throw new UnsupportedOperationException("no upstream");
        }
    };

    /** Whether this node can fetch from {@code source} at all (IPFS access enabled, gateways configured). */
    boolean offers(Source source);

    /**
     * Makes the DAG under {@code root} complete in {@code into} from {@code source}, every block verified.
     *
     * @throws RuntimeException when the source cannot deliver in time
     */
    long fetch(Source source, Cid root, Blockstore into, Duration idle);

    /**
     * As {@link #fetch(Source, Cid, Blockstore, Duration)}, with the hops a fetch through other ferry peers may still
     * take ({@code ttl}, already decremented for this hop; never negative). Implementations that ask ferry peers
     * override this and pass {@code ttl} on; the default ignores it.
     */
    default long fetch(Source source, Cid root, Blockstore into, Duration idle, int ttl) {
        return fetch(source, root, into, idle);
    }
}
