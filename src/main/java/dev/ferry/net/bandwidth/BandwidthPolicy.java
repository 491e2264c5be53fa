package dev.ferry.net.bandwidth;

import dev.ferry.identity.PeerId;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Chooses the {@link RateLimiter} of a connection once its remote peer is known (after the Noise handshake), and again
 * whenever the host learns more about the peer (identify replacing its protocols) or the policy is replaced. A higher
 * layer implements it (see {@code dev.ferry.policy.bandwidth}); the host only asks.
 *
 * <p>Called on connection and identify threads: must be quick, must not block and must not throw. Peers of several
 * connections should get limiters sharing one per-peer budget.
 */
@FunctionalInterface
public interface BandwidthPolicy {

    /**
     * @param peer      the authenticated remote peer
     * @param protocols the peer's protocols as known now (empty before identify)
     */
    RateLimiter limiterFor(PeerId peer, Set<String> protocols);

    /** No limits (the host's default). */
    static BandwidthPolicy unlimited() {
        return (peer, protocols) -> RateLimiter.unlimited();
    }

    /** A policy that looks at the peer only. */
    static BandwidthPolicy perPeer(Function<PeerId, RateLimiter> chooser) {
        Objects.requireNonNull(chooser, "chooser");
        return (peer, protocols) -> chooser.apply(peer);
    }
}
