package dev.ferry.policy.pinning;

import dev.ferry.identity.Did;
import dev.ferry.multiformats.Cid;
import java.util.Objects;

/**
 * One DAG this node keeps for one peer: the root, who asked, how far it got, the DAG's bytes once complete, and when
 * the entry last changed (unix ms).
 */
public record HeldReplica(Cid root, Did requester, State state, long bytes, long changedAtMillis, String message) {
    /** FETCHING: accepted, blocks still arriving; KEPT: complete and kept; FAILED: given up (message says why). */
    public enum State { FETCHING, KEPT, FAILED }

    public HeldReplica {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative");
        }
    }

    /** The table key: one entry per root and requester. */
    public record Key(Cid root, Did requester) {}

    public Key key() {
        return new Key(root, requester);
    }

    HeldReplica with(State s, long b, long at, String m) {
        return new HeldReplica(root, requester, s, b, at, m);
    }
}
