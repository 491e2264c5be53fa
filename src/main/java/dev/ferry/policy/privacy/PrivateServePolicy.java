package dev.ferry.policy.privacy;

import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.exchange.ferry.request.ServePolicy;
import dev.ferry.identity.Did;
import dev.ferry.multiformats.Cid;
import java.util.Objects;

/**
 * The {@code /ferry/request} serve policy for private content: a private block goes only to requesters trusted at
 * least {@code privateTrust}; public blocks go to anyone. Thread-safe.
 */
public record PrivateServePolicy(PrivateContent content, TrustLevels trust, int privateTrust) implements ServePolicy {
    public PrivateServePolicy {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(trust, "trust");
        if (privateTrust < TrustLevels.MIN_LEVEL || privateTrust > TrustLevels.MAX_LEVEL + 1) {
            throw new IllegalArgumentException("privateTrust out of [0, 11] (11: nobody)");
        }
    }

    @Override
    public boolean mayServe(Did requester, Cid cid) {
        return !content.isPrivate(cid) || trust.levelOf(requester) >= privateTrust;
    }
}
