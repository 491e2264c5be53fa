package dev.ferry.pubsub.wire;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import java.util.List;

/**
 * A content notice: roots its author has just added, and the addresses it listens on (so that a peer that is not
 * connected to it can reach it). The author is the pubsub message's signed author, never a field of the notice.
 */
public record ContentNotice(List<Cid> roots, List<Multiaddr> addresses) {
    /** Roots in one notice. */
    public static final int MAX_ROOTS = 64;
    /** Addresses in one notice. */
    public static final int MAX_ADDRESSES = 8;

    public ContentNotice {
        roots = List.copyOf(roots);
        addresses = List.copyOf(addresses);
        if (roots.isEmpty() || roots.size() > MAX_ROOTS || addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("a notice holds 1 to " + MAX_ROOTS + " roots and at most "
                    + MAX_ADDRESSES + " addresses");
        }
    }
}
