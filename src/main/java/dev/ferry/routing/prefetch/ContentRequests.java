package dev.ferry.routing.prefetch;

import dev.ferry.multiformats.Cid;

/**
 * Where the node's front doors (the gateway, the RPC API) report the content their users ask for: the CID a request
 * is for (a path's terminal, not its root). Never called for Bitswap requests of other peers. Implementations return
 * quickly and never throw.
 */
@FunctionalInterface
public interface ContentRequests {
    /** Reports nothing. */
    ContentRequests NONE = (client, cid) -> { };

    /**
     * {@code client} asked for {@code cid}; called before the content is read, so that the callee can tell whether it
     * was local already.
     *
     * @param client an opaque key of who asked ({@code gateway 203.0.113.7}, {@code rpc 127.0.0.1})
     */
    void requested(String client, Cid cid);
}
