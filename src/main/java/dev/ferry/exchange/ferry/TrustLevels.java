package dev.ferry.exchange.ferry;

import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;

/**
 * How much this node trusts a DID: 0 (unknown, the default) to 10. Implementations are thread-safe and fast (called on
 * hot paths); the node's file-backed store is {@code dev.ferry.node.trust.TrustStore}.
 */
@FunctionalInterface
public interface TrustLevels {
    int MIN_LEVEL = 0;
    int MAX_LEVEL = 10;

    /** Nobody is trusted. */
    TrustLevels NONE = did -> 0;

    /** The level of {@code did}, 0 when unknown. */
    int levelOf(Did did);

    /**
     * The level of a connected peer: the did:key of the key in its (identity-hashed) peer ID, which its Noise handshake
     * proved; 0 for peers whose key has no did:key form or is not inlined (RSA).
     */
    default int levelOf(PeerId peer) {
        return PeerDids.didOf(peer).map(this::levelOf).orElse(0);
    }
}
