package dev.ferry.policy.replication;

import dev.ferry.crypto.Sha256;
import dev.ferry.identity.Did;
import dev.ferry.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Rendezvous (highest random weight) hashing: every member computes the same holders for a root from the same
 * members, without talking to anyone. A member's weight for root r is SHA-256(r's binary CID ‖ the member's did:key
 * text), compared as an unsigned number; the holders are the members of highest weight. When a member joins, it
 * takes a root only where it outweighs one of the holders, so about replicas / members of the roots move, all to it;
 * when one leaves, only its roots move.
 */
public final class Rendezvous {
    private Rendezvous() {}

    /** The weight of {@code member} for {@code root}: 32 bytes, the larger (unsigned) the stronger. */
    public static byte[] weight(Cid root, Did member) {
        return Sha256.hash(root.bytes(), member.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The {@code replicas} members that keep {@code root}, strongest first: the members of highest weight, leaving
     * out its announcers (they pin it already). Fewer when there are not enough members.
     */
    public static List<Did> holders(Cid root, Collection<Did> members, Set<Did> announcers, int replicas) {
        record Weighted(Did did, byte[] weight) {}
        return members.stream().distinct().filter(m -> !announcers.contains(m))
                .map(m -> new Weighted(m, weight(root, m)))
                .sorted(Comparator.<Weighted, byte[]>comparing(Weighted::weight, Arrays::compareUnsigned).reversed()
                        .thenComparing(w -> w.did().toString()))
                .limit(replicas).map(Weighted::did).toList();
    }
}
