package dev.ferry.policy.replication;

import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import java.util.Objects;

/** A member of the replicating swarm: a peer (or this node) and the did:key its weights are computed with. */
public record SwarmMember(PeerId peer, Did did) {
    public SwarmMember {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(did, "did");
    }
}
