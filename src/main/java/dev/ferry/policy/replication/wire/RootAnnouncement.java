package dev.ferry.policy.replication.wire;

import dev.ferry.multiformats.Cid;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Roots a swarm member pins and wants the swarm to keep alive ({@code roots}), and roots it no longer pins
 * ({@code withdrawn}). The author is the pubsub message's signed author, never a field: a member can only speak (and
 * withdraw) for itself.
 */
public record RootAnnouncement(List<Cid> roots, List<Cid> withdrawn) implements ReplicationMessage {
    /** Roots and withdrawals in one announcement, together. */
    public static final int MAX_ROOTS = 256;
    /** The longest CID announced: far above any hash-addressed CID, it keeps one announcement small. */
    public static final int MAX_CID_BYTES = 128;

    public RootAnnouncement {
        roots = List.copyOf(roots);
        withdrawn = List.copyOf(withdrawn);
        int total = roots.size() + withdrawn.size();
        if (total == 0 || total > MAX_ROOTS) {
            throw new IllegalArgumentException("an announcement holds 1 to " + MAX_ROOTS + " roots: " + total);
        }
        Set<Cid> seen = new HashSet<>();
        for (List<Cid> list : List.of(roots, withdrawn)) {
            for (Cid c : list) {
                if (!seen.add(c)) { // twice in a list, or announced and withdrawn at once
                    throw new IllegalArgumentException("an announcement names each root once");
                }
                if (c.bytes().length > MAX_CID_BYTES) {
                    throw new IllegalArgumentException("a root of " + c.bytes().length + " bytes (at most "
                            + MAX_CID_BYTES + ")");
                }
            }
        }
    }

    /** An announcement of {@code roots}, withdrawing nothing. */
    public RootAnnouncement(List<Cid> roots) {
        this(roots, List.of());
    }

    /** An announcement that only withdraws {@code roots}. */
    public static RootAnnouncement withdrawal(List<Cid> roots) {
        return new RootAnnouncement(List.of(), roots);
    }
}
