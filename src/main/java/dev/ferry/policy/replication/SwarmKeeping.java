package dev.ferry.policy.replication;

import dev.ferry.multiformats.Cid;
import dev.ferry.policy.pinning.HeldReplica;
import dev.ferry.policy.pinning.ReplicaKeeper;
import java.util.List;
import java.util.Optional;

/** Where roots kept for the swarm live: the node's replica keeper, under one requester. */
public interface SwarmKeeping {
    /**
     * Starts keeping {@code root} (fetching it when it is not here); a FAILED entry is tried again.
     *
     * @throws IllegalStateException the keeper's limits refuse it, or the node is stopping
     */
    HeldReplica keep(Cid root);

    /** Stops keeping {@code root} for the swarm (its blocks are left to garbage collection). */
    void release(Cid root);

    /** Every entry kept (or being fetched, or failed) for the swarm. */
    List<HeldReplica> held();

    /** The swarm's entries in {@code keeper}, kept for the requester {@value SwarmReplication#REQUESTER}. */
    static SwarmKeeping of(ReplicaKeeper keeper) {
        String who = SwarmReplication.REQUESTER;
        return new SwarmKeeping() {
            @Override
            public HeldReplica keep(Cid root) {
                return keeper.keep(root, who);
            }

            @Override
            public void release(Cid root) {
                keeper.release(root, who);
            }

            @Override
            public List<HeldReplica> held() {
                return keeper.table().list().stream().filter(e -> e.requester().equals(who)).toList();
            }
        };
    }

    /** The entry for {@code root}, if any. */
    default Optional<HeldReplica> status(Cid root) {
        return held().stream().filter(e -> e.root().equals(root)).findFirst();
    }
}
