package dev.ferry.policy.pinning;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The pinning policies of a node and the limits of what it keeps for others.
 *
 * @param policies       the policies by name
 * @param acceptTrust    the trust level (0-10) a peer needs for this node to keep content for it
 * @param quotaBytes     bytes this node keeps for other peers at most; a request is refused once they are reached,
 *                       and a DAG that takes them past it is dropped after its fetch
 * @param maxHeld        entries (root, requester) kept for others at most
 * @param checkInterval  how often the replicas of each policy pin are checked
 * @param repairAfter    how long a holder may stay unreachable before another peer is asked in its place
 * @param askTimeout     how long one question to a peer may take
 * @param fetchTimeout   how long a keeper waits for any one block of a DAG it agreed to keep
 * @param proofs         how holders are challenged to prove they keep what they said they keep
 */
public record PinningConfig(Map<String, PinningPolicy> policies, int acceptTrust, long quotaBytes, int maxHeld,
        Duration checkInterval, Duration repairAfter, Duration askTimeout, Duration fetchTimeout,
        ProofSettings proofs) {
    public PinningConfig {
        Objects.requireNonNull(proofs, "proofs");
        policies = Map.copyOf(Objects.requireNonNull(policies, "policies"));
        policies.forEach((k, v) -> {
            if (!k.equals(v.name())) {
                throw new IllegalArgumentException("policy keyed " + k + " is named " + v.name());
            }
        });
        if (acceptTrust < 0 || acceptTrust > 10) {
            throw new IllegalArgumentException("accept trust must be 0-10: " + acceptTrust);
        }
        if (quotaBytes < 0 || maxHeld < 0) {
            throw new IllegalArgumentException("quota and held entries must not be negative");
        }
        for (Duration d : new Duration[] {checkInterval, repairAfter, askTimeout, fetchTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("pinning durations must be positive");
            }
        }
    }

    /**
     * No policies; keeps up to 10 GiB for peers trusted 5 or more; checks every 30 s, repairs after 5 minutes; proofs
     * as {@link ProofSettings#defaults()}.
     */
    public static PinningConfig defaults() {
        return new PinningConfig(Map.of(), 5, 10L << 30, 10_000, Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofSeconds(10), Duration.ofSeconds(30), ProofSettings.defaults());
    }

    public PinningConfig withPolicies(Map<String, PinningPolicy> p) {
        return new PinningConfig(p, acceptTrust, quotaBytes, maxHeld, checkInterval, repairAfter, askTimeout,
                fetchTimeout, proofs);
    }

    public PinningConfig withAcceptTrust(int t) {
        return new PinningConfig(policies, t, quotaBytes, maxHeld, checkInterval, repairAfter, askTimeout,
                fetchTimeout, proofs);
    }

    public PinningConfig withQuota(long bytes, int entries) {
        return new PinningConfig(policies, acceptTrust, bytes, entries, checkInterval, repairAfter, askTimeout,
                fetchTimeout, proofs);
    }

    public PinningConfig withProofs(ProofSettings p) {
        return new PinningConfig(policies, acceptTrust, quotaBytes, maxHeld, checkInterval, repairAfter, askTimeout,
                fetchTimeout, p);
    }

    public PinningConfig withTimings(Duration check, Duration repair) {
        return new PinningConfig(policies, acceptTrust, quotaBytes, maxHeld, check, repair, askTimeout, fetchTimeout,
                proofs);
    }
}
