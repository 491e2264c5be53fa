package dev.ferry.policy.privacy;

import dev.ferry.exchange.bitswap.server.RequestGate;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import java.util.Objects;

/**
 * The Bitswap gate: private blocks are served to nobody over Bitswap (trusted peers use {@code /ferry/request}),
 * and a want for one is answered as if the block were missing. Combine with another gate via {@link #and}.
 */
public record PrivateContentGate(PrivateContent content) implements RequestGate {
    public PrivateContentGate {
        Objects.requireNonNull(content, "content");
    }

    @Override
    public boolean allow(PeerId peer, Cid cid) {
        return !content.isPrivate(cid);
    }

    /** This gate and {@code other}. */
    public RequestGate and(RequestGate other) {
        Objects.requireNonNull(other, "other");
        return (peer, cid) -> allow(peer, cid) && other.allow(peer, cid);
    }
}
