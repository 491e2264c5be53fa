package dev.ferry.routing.router;

import dev.ferry.multiformats.Cid;

/**
 * Where the router learns a CID's {@link ContentFacts} (private marks, add times, announced sizes). The router adds
 * what it can see itself (the root block's size if it is local, CIDs it saw delivered by the IPFS stages).
 * Implementations are thread-safe and fast.
 */
@FunctionalInterface
public interface ContentHints {
    ContentHints NONE = cid -> ContentFacts.UNKNOWN;

    ContentFacts factsOf(Cid cid);
}
