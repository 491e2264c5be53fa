package dev.ferry.policy.pinning;

import dev.ferry.identity.Did;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where this node stands with one peer: the bytes the peer has proven it keeps for this node (its credit, counted
 * within {@link ReciprocityConfig#creditFor()}), when its last proof succeeded, the bytes this node keeps for it, and
 * what it may still have kept here on credit.
 *
 * @param lastProofMillis unix ms, empty when no proof is recorded
 * @param allowanceLeft   {@code credit × ratio − kept}, at least 0; 0 when reciprocity is disabled
 */
public record ReciprocalBalance(Did peer, long proven, Optional<Long> lastProofMillis, long kept, long allowanceLeft) {

    /** Every peer of the ledger or with entries kept here (requesters that are no did:key left out), in DID order. */
    public static List<ReciprocalBalance> of(StorageLedger ledger, HeldReplicas held, ReciprocityConfig config) {
        Set<Did> peers = new LinkedHashSet<>(ledger.holders());
        for (HeldReplica e : held.list()) {
            if (e.requester().startsWith(Did.PREFIX)) {
                try {
                    peers.add(Did.parse(e.requester()));
                } catch (IllegalArgumentException notADid) {
                    // a requester of another kind: no standing to report
                }
            }
        }
        List<ReciprocalBalance> out = new ArrayList<>();
        for (Did d : peers) {
            long proven = ledger.creditOf(d);
            long kept = held.bytesFor(d.toString());
            out.add(new ReciprocalBalance(d, proven, ledger.lastProofOf(d), kept,
                    Math.max(0, config.allowance(proven) - kept)));
        }
        out.sort(java.util.Comparator.comparing(b -> b.peer().toString()));
        return out;
    }
}
