package dev.ferry.policy.pinning;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;

/**
 * Told the outcome of every storage proof this node asks of a peer that keeps one of its policy pins. What a holder
 * proved it keeps is what the node can credit it with; a failed proof takes that credit back.
 */
public interface ProofObserver {
    /** {@code holder} proved at {@code atMillis} (unix ms) that it keeps {@code root}'s DAG of {@code bytes} bytes. */
    void proven(PeerId holder, Cid root, long bytes, long atMillis);

    /**
     * {@code holder} failed a proof for {@code root} at {@code atMillis}: a challenged block missing or answered
     * wrongly, or no answer in time ({@code reason} says which, one line).
     */
    void failed(PeerId holder, Cid root, String reason, long atMillis);

    /** Observes nothing. */
    ProofObserver NONE = new ProofObserver() {
        @Override
        public void proven(PeerId holder, Cid root, long bytes, long atMillis) {}

        @Override
        public void failed(PeerId holder, Cid root, String reason, long atMillis) {}
    };
}
