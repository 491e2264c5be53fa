package dev.ferry.policy.pinning;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.PinEntry;
import java.util.List;
import java.util.Objects;

/**
 * A root pinned under a policy, with the peers that keep it (in the order they were added), its requests at remote
 * pinning services, and its pin name (empty when unnamed; bounded as a local pin's name, {@link PinEntry#checkName}).
 */
public record PolicyPin(Cid root, String policy, List<ReplicaHolder> holders, List<ServicePin> services, String name) {
    public PolicyPin {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(policy, "policy");
        holders = List.copyOf(holders);
        services = List.copyOf(services);
        PinEntry.checkName(name);
    }

    /** An unnamed pin. */
    public PolicyPin(Cid root, String policy, List<ReplicaHolder> holders, List<ServicePin> services) {
        this(root, policy, holders, services, "");
    }

    /** An unnamed pin with peer holders only. */
    public PolicyPin(Cid root, String policy, List<ReplicaHolder> holders) {
        this(root, policy, holders, List.of(), "");
    }

    /** The same pin with other holders and service requests, its name kept. */
    public PolicyPin with(List<ReplicaHolder> newHolders, List<ServicePin> newServices) {
        return new PolicyPin(root, policy, newHolders, newServices, name);
    }

    /** Holders that reported the DAG complete. */
    public long confirmed() {
        return holders.stream().filter(h -> h.state() == ReplicaHolder.State.CONFIRMED).count();
    }
}
