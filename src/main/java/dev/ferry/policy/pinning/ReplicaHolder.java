package dev.ferry.policy.pinning;

import dev.ferry.identity.PeerId;
import java.util.Objects;

/**
 * A peer that agreed to keep a policy pin: ASKED until it reports the DAG complete, then CONFIRMED. {@code addedAt}
 * and {@code lastSeen} are unix ms; {@code lastSeen} is the last time it answered for the pin.
 */
public record ReplicaHolder(PeerId peer, State state, long addedAt, long lastSeen, long bytes) {
    public enum State { ASKED, CONFIRMED }

    public ReplicaHolder {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(state, "state");
    }

    ReplicaHolder seen(State s, long at, long b) {
        return new ReplicaHolder(peer, s, addedAt, at, b);
    }
}
