package dev.ferry.policy.replication;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import java.util.List;

/** What replication needs to know of the node's peers. Implementations are thread-safe. */
public interface SwarmPeers {
    /** Connected peers subscribed to {@link SwarmReplication#TOPIC} whose peer ID has a did:key (trust unchecked). */
    List<SwarmMember> subscribed();

    /** Whether {@code peer}'s latest capabilities index shows {@code root} (a Bloom filter: it may be wrong). */
    boolean shows(PeerId peer, Cid root);
}
