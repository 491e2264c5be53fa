package dev.ferry.policy.pinning;

import dev.ferry.identity.PeerId;

/** What challenging one holder of a policy pin came to. */
public sealed interface ProofOutcome {
    PeerId peer();

    /** Every challenged block answered right, at {@code atMillis} (unix ms). */
    record Proven(PeerId peer, long atMillis) implements ProofOutcome {}

    /**
     * A failed proof: a block missing or answered wrongly, the root not held ({@code dropped}: the holder was dropped
     * at once), or a failed attempt (no answer in time, a stream error, a refusal), dropped after
     * {@value Replicator#MAX_FAILED_ATTEMPTS} in a row.
     */
    record Failed(PeerId peer, String reason, boolean dropped) implements ProofOutcome {}

    /** Not challenged, or no proof to be had ({@code why}: an older ferry, not connected, still fetching, …). */
    record Unproven(PeerId peer, String why) implements ProofOutcome {}
}
