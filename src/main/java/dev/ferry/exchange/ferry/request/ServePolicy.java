package dev.ferry.exchange.ferry.request;

import dev.ferry.identity.Did;
import dev.ferry.multiformats.Cid;

/** Whether a requester (the DID its connection proved) may have a block or DAG: the private-content rules. */
@FunctionalInterface
public interface ServePolicy {
    ServePolicy SERVE_ALL = (requester, cid) -> true;

    boolean mayServe(Did requester, Cid cid);
}
