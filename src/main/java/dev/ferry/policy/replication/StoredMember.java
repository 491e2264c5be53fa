package dev.ferry.policy.replication;

import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.util.List;
import java.util.Objects;

/**
 * A member heard of by its record, as the swarm members file keeps it across restarts: who, where its latest record
 * said it is reached, and when this node last heard that record (its own clock, unix ms). How dials to it went is not
 * kept: a restart starts every member afresh.
 */
public record StoredMember(PeerId peer, Did did, List<Multiaddr> addresses, long heardAtMillis) {
    public StoredMember {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(did, "did");
        addresses = List.copyOf(addresses);
    }
}
