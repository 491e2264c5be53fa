package dev.ferry.policy.replication;

import dev.ferry.identity.Did;
import dev.ferry.multiformats.Cid;
import java.util.List;

/**
 * A root this node keeps, or is assigned, for the swarm.
 *
 * @param announcers the members that announced it (they pin it)
 * @param holders    the members assigned to keep it, strongest first
 * @param state      where this node is with it
 * @param bytes      the DAG's size once kept
 * @param message    why it failed, or which holders do not show it yet while it is released
 */
public record RootAssignment(Cid root, List<Did> announcers, List<Did> holders, State state, long bytes,
        String message) {
    /**
     * WAITING: assigned, not taken yet (the next check asks the keeper); FETCHING, KEPT, FAILED: the keeper's entry;
     * RELEASING: kept but no longer assigned, until every holder shows it.
     */
    public enum State { WAITING, FETCHING, KEPT, FAILED, RELEASING }

    public RootAssignment {
        announcers = List.copyOf(announcers);
        holders = List.copyOf(holders);
        message = message == null ? "" : message;
    }
}
