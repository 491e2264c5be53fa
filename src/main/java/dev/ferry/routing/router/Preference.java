package dev.ferry.routing.router;

/** Which kind of source a route tries first (see {@link RoutingPolicy#preference}). */
public enum Preference {
    /** Ferry peers (direct and proxy) before the IPFS network and gateways. */
    P2P,
    /** The IPFS network and gateways before ferry peers. */
    IPFS,
    /** Score order only. */
    NONE
}
