package dev.ferry.policy.pinning;

import dev.ferry.multiformats.Cid;
import java.util.List;
import java.util.Objects;

/**
 * A root pinned under a policy, with the peers that keep it (in the order they were added) and its requests at remote
 * pinning services.
 */
public record PolicyPin(Cid root, String policy, List<ReplicaHolder> holders, List<ServicePin> services) {
    public PolicyPin {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(policy, "policy");
        holders = List.copyOf(holders);
        services = List.copyOf(services);
    }

    /** A pin with peer holders only. */
    public PolicyPin(Cid root, String policy, List<ReplicaHolder> holders) {
        this(root, policy, holders, List.of());
    }

    /** Holders that reported the DAG complete. */
    public long confirmed() {
        return holders.stream().filter(h -> h.state() == ReplicaHolder.State.CONFIRMED).count();
    }
}
