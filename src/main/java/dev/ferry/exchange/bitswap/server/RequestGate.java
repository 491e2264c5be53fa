package dev.ferry.exchange.bitswap.server;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;

/**
 * Decides whether a peer may learn about or receive a block (a policy hook: trust levels, private content). A denied
 * request is answered as if the block were missing. Called on server worker threads; must be fast and thread-safe.
 */
@FunctionalInterface
public interface RequestGate {
    RequestGate ALLOW_ALL = (peer, cid) -> true;

    boolean allow(PeerId peer, Cid cid);
}
