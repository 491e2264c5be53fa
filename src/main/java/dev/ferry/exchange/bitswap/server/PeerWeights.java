package dev.ferry.exchange.bitswap.server;

import dev.ferry.identity.PeerId;

/**
 * How large a share of a contended {@link BitswapServer} a peer gets: a peer of weight {@code w} is served up to
 * {@code w} batches per round where a peer of weight 1 is served one (a policy hook: e.g. peers that keep this node's
 * content). Weights are clamped to {@value #MIN}..{@value #MAX}, so that no peer can take a whole round and starve the
 * others. The server reads a peer's weight when its turn starts, at most once a second per peer; called on server
 * threads under the server's lock: must be fast, thread-safe, and should not throw (a failure counts as weight 1).
 * {@code /ferry/request} admission reads the same weights: {@code w} times the answers at once per peer.
 */
@FunctionalInterface
public interface PeerWeights {
    /** The smallest weight: one batch per round, what every peer gets without a policy. */
    int MIN = 1;
    /** The largest weight: four batches per round. */
    int MAX = 4;
    /** Every peer weighs the same: plain round robin. */
    PeerWeights EQUAL = peer -> MIN;

    int weightOf(PeerId peer);

    /** {@code w} brought into {@link #MIN}..{@link #MAX}. */
    static int clamp(int w) {
        return Math.max(MIN, Math.min(MAX, w));
    }
}
