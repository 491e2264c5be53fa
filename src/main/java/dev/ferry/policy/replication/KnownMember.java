package dev.ferry.policy.replication;

import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.util.List;
import java.util.Objects;

/**
 * A member heard of by its record, and how this node reaches it.
 *
 * @param peer            the record's signed author
 * @param did             its did:key
 * @param addresses       the addresses its latest record names
 * @param heardAtMillis   when this node last heard its record (this node's clock)
 * @param connected       whether it is connected now
 * @param dialled         whether this node connected to it by a dial of its own (its connections are then protected
 *                        from trimming)
 * @param failures        dials that failed in a row
 * @param retryAtMillis   the earliest next dial after a failure (0: none failed)
 * @param error           why the last dial failed ("" when none did)
 */
public record KnownMember(PeerId peer, Did did, List<Multiaddr> addresses, long heardAtMillis, boolean connected,
        boolean dialled, int failures, long retryAtMillis, String error) {
    public KnownMember {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(did, "did");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(error, "error");
    }
}
