package dev.ferry.policy.replication.wire;

import dev.ferry.multiformats.Multiaddr;
import java.util.HashSet;
import java.util.List;

/**
 * A swarm member's record: the addresses it is reached at, so that members that are not connected to it (a partial
 * mesh) can dial it. The member is the pubsub message's signed author, never a field, and the addresses carry no
 * {@code /p2p}: whoever dials them dials the author, and the handshake refuses anyone else there.
 */
public record MemberRecord(List<Multiaddr> addresses) implements ReplicationMessage {
    /** Addresses in one record: a host's announced addresses, rarely more than a handful. */
    public static final int MAX_ADDRESSES = 16;
    /** The longest address: a DNS name of the longest length with its transport fits. */
    public static final int MAX_ADDRESS_BYTES = 300;

    public MemberRecord {
        addresses = List.copyOf(addresses);
        if (addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("a member record holds at most " + MAX_ADDRESSES + " addresses: "
                    + addresses.size());
        }
        HashSet<Multiaddr> seen = new HashSet<>();
        for (Multiaddr a : addresses) {
            if (!fits(a)) {
                throw new IllegalArgumentException("a member's address must be non-empty, at most "
                        + MAX_ADDRESS_BYTES + " bytes and name no peer: " + a);
            }
            if (!seen.add(a)) {
                throw new IllegalArgumentException("a member record names each address once: " + a);
            }
        }
    }

    /** Whether {@code a} can be in a record: not empty, not too long, no {@code /p2p}. */
    public static boolean fits(Multiaddr a) {
        return !a.isEmpty() && a.bytes().length <= MAX_ADDRESS_BYTES && a.valueOf("p2p").isEmpty();
    }

    /** A record of the first {@value #MAX_ADDRESSES} distinct addresses of {@code addresses} that fit in one. */
    public static MemberRecord of(List<Multiaddr> addresses) {
        return new MemberRecord(addresses.stream().filter(MemberRecord::fits).distinct().limit(MAX_ADDRESSES)
                .toList());
    }
}
