package dev.ferry.policy.pinning;

import dev.ferry.identity.PeerId;
import java.util.Objects;

/**
 * A peer that agreed to keep a policy pin: ASKED until it reports the DAG complete, then CONFIRMED. {@code addedAt}
 * and {@code lastSeen} are unix ms; {@code lastSeen} is the last time it answered for the pin; {@code provenAt} the
 * last time it passed a storage proof (unix ms, 0 for never).
 */
public record ReplicaHolder(PeerId peer, State state, long addedAt, long lastSeen, long bytes, long provenAt) {
    public enum State { ASKED, CONFIRMED }

    public ReplicaHolder {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(state, "state");
        if (provenAt < 0) {
            throw new IllegalArgumentException("provenAt must not be negative");
        }
    }

    /** A holder that has not passed a storage proof yet. */
    public ReplicaHolder(PeerId peer, State state, long addedAt, long lastSeen, long bytes) {
        this(peer, state, addedAt, lastSeen, bytes, 0);
    }

    /** Whether it ever passed a storage proof. */
    public boolean proven() {
        return provenAt > 0;
    }

    ReplicaHolder seen(State s, long at, long b) {
        return new ReplicaHolder(peer, s, addedAt, at, b, provenAt);
    }

    ReplicaHolder provenAt(long at) {
        return new ReplicaHolder(peer, state, addedAt, at, bytes, at);
    }
}
