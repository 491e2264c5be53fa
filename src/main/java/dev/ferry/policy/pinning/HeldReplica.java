package dev.ferry.policy.pinning;

import dev.ferry.multiformats.Cid;
import java.util.Objects;

/**
 * One DAG this node keeps for someone else: the root, who asked (a peer's did:key, or {@code psa:<request id>} for a
 * pin made through the Pinning Service API), how far it got, the DAG's bytes once complete, and when the entry last
 * changed (unix ms).
 */
public record HeldReplica(Cid root, String requester, State state, long bytes, long changedAtMillis, String message) {
    /** Longest requester text. */
    public static final int MAX_REQUESTER = 256;

    /** FETCHING: accepted, blocks still arriving; KEPT: complete and kept; FAILED: given up (message says why). */
    public enum State { FETCHING, KEPT, FAILED }

    public HeldReplica {
        Objects.requireNonNull(root, "root");
        checkRequester(requester);
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative");
        }
    }

    /** A requester is 1-256 characters, none of them white space (the table file separates fields by spaces). */
    static void checkRequester(String requester) {
        if (requester == null || requester.isEmpty() || requester.length() > MAX_REQUESTER
                || requester.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("a requester is 1-" + MAX_REQUESTER
                    + " characters without white space: " + requester);
        }
    }

    /** The table key: one entry per root and requester. */
    public record Key(Cid root, String requester) {}

    public Key key() {
        return new Key(root, requester);
    }

    HeldReplica with(State s, long b, long at, String m) {
        return new HeldReplica(root, requester, s, b, at, m);
    }
}
