/**
 * Pinning policies: content pinned under a named policy is kept by this node and by as many other ferry peers as the
 * policy says, each trusted at least its minimum; lost replicas are replaced, extra ones released.
 *
 * <ul>
 *   <li>{@link dev.ferry.policy.pinning.Replicator} (the asking side) keeps {@link dev.ferry.policy.pinning.PolicyPins}:
 *       per root its policy and its holders. A periodic check asks each connected holder for its status over
 *       {@code /ferry/pin/1.0.0}, drops holders that no longer keep the root or stayed unreachable for
 *       {@code repairAfter}, asks connected ferry peers (most trusted first) until the policy's count is reached, and
 *       tells extra or retired holders to let go.</li>
 *   <li>{@link dev.ferry.policy.pinning.ReplicaKeeper} (the keeping side) answers that protocol: it accepts requests
 *       from peers trusted at least {@code acceptTrust}, within an entry count and a byte quota, fetches the DAG
 *       through the node's router (every block verified, normally from the requester itself), and records it in
 *       {@link dev.ferry.policy.pinning.HeldReplicas} per requester. Garbage collection keeps every complete entry's
 *       DAG; one requester's release never drops another's entry or this node's own pins.</li>
 *   <li>Storage proofs over {@code /ferry/proof/1.0.0}: the replicator challenges each confirmed holder every
 *       {@link dev.ferry.policy.pinning.ProofSettings#interval()} with blocks sampled uniformly from the DAG and a fresh
 *       nonce; {@link dev.ferry.policy.pinning.ProofResponder} answers on the keeping side. A wrong or missing block
 *       drops the holder at once; {@value dev.ferry.policy.pinning.Replicator#MAX_FAILED_ATTEMPTS} unanswered
 *       challenges in a row too. Outcomes go to a {@link dev.ferry.policy.pinning.ProofObserver}.</li>
 *   <li>{@link dev.ferry.policy.pinning.StorageLedger} (reciprocity) is told the outcome of the storage proofs this
 *       node asks of its holders ({@link dev.ferry.policy.pinning.ProofObserver}) and credits each peer with what it
 *       proved it keeps; the keeper also accepts peers trusted below {@code acceptTrust} (at least
 *       {@link dev.ferry.policy.pinning.ReciprocityConfig#minTrust()}) while what it keeps for them stays within that
 *       credit times the ratio. The replicator asks first, among equally trusted peers, those it keeps the most
 *       for.</li>
 * </ul>
 *
 * <p>Decisions: a replica counts from the moment a peer agrees (so a large DAG is not sent to every candidate while the
 * first fetch runs) and is reported "asked" until the peer says the DAG is complete; only connected ferry peers are
 * asked (no dialling on a policy's behalf); private content is never replicated (the node refuses a policy for it).
 *
 * <p>Threat notes: a peer can only make this node fetch and keep DAGs if the user trusts it at least
 * {@code acceptTrust}, and at most {@code quotaBytes} in all (a DAG's size is known once it is here, so one DAG may
 * overshoot; it then fails and is left to garbage collection). A holder's "kept" answer is checked by storage proofs:
 * a proof shows that the holder had the sampled blocks at answer time, nothing more. A holder missing a fraction f of
 * the blocks passes one proof with probability (1-f)^k (k = blocks per challenge), so a small loss may go unseen for
 * several proofs, a large one not for long. A holder that fetches the sampled blocks from elsewhere (this node
 * included: it serves them) within the answer deadline could still pass; the deadline bounds how much it can fetch. A
 * peer that does not speak the protocol stays a holder, unproven, on the trust the user gave it. On the keeping side,
 * a challenge is answered only for a root kept for the challenger's did:key, from the local store (it never makes the
 * node fetch), and never for private content; it may name blocks outside that DAG, which reveals no more than
 * Bitswap's want-have already does. Credit widens who may ask only to peers the user gave some trust, for as much as
 * they proved they keep here; a failed proof withdraws it at once, an unrenewed one expires.
 */
package dev.ferry.policy.pinning;
