package dev.ferry.pubsub;

/** Which router a node runs (Kubo's {@code Pubsub.Router}). */
public enum PubsubRouter {
    /** Gossipsub v1.1: a mesh of D peers per topic plus gossip; also floods to floodsub-only peers. */
    GOSSIPSUB,
    /** Floodsub: every message to every peer subscribed to its topic. */
    FLOODSUB
}
