package dev.ferry.policy.replication.wire;

import dev.ferry.multiformats.Cid;
import java.util.HashSet;
import java.util.List;

/**
 * Roots a swarm member pins and wants the swarm to keep alive. The author is the pubsub message's signed author, never
 * a field: a member can only speak for itself.
 */
public record RootAnnouncement(List<Cid> roots) {
    /** Roots in one announcement. */
    public static final int MAX_ROOTS = 256;
    /** The longest CID announced: far above any hash-addressed CID, it keeps one announcement small. */
    public static final int MAX_CID_BYTES = 128;

    public RootAnnouncement {
        roots = List.copyOf(roots);
        if (roots.isEmpty() || roots.size() > MAX_ROOTS) {
            throw new IllegalArgumentException("an announcement holds 1 to " + MAX_ROOTS + " roots: " + roots.size());
        }
        if (new HashSet<>(roots).size() != roots.size()) {
            throw new IllegalArgumentException("an announcement names each root once");
        }
        for (Cid c : roots) {
            if (c.bytes().length > MAX_CID_BYTES) {
                throw new IllegalArgumentException("a root of " + c.bytes().length + " bytes (at most "
                        + MAX_CID_BYTES + ")");
            }
        }
    }
}
