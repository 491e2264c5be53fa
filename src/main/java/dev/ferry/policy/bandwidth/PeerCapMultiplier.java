package dev.ferry.policy.bandwidth;

import dev.ferry.identity.PeerId;

/**
 * How many times {@code Bandwidth.PerPeerLimit} a peer's own bucket holds (e.g. more for peers that keep this node's
 * content). Asked each time a connection's limiter is built, not on every read or write: a change reaches a peer's
 * open connections when the host is asked to refresh them. Must be quick and thread-safe; a failure or a value
 * outside {@value #MIN}..{@value #MAX} is brought into that range.
 */
@FunctionalInterface
public interface PeerCapMultiplier {
    /** The smallest multiplier: the configured cap itself. */
    int MIN = 1;
    /** The largest: a peer never gets more than this many per-peer caps, whatever the policy says. */
    int MAX = 16;
    /** Every peer gets the configured cap. */
    PeerCapMultiplier NONE = peer -> MIN;

    int multiplierOf(PeerId peer);

    /** {@code m} brought into {@link #MIN}..{@link #MAX}. */
    static int clamp(int m) {
        return Math.max(MIN, Math.min(MAX, m));
    }
}
