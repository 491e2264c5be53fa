package dev.ferry.exchange.ferry.request;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The block order of an answer, which server and client compute alike: depth-first pre-order from the root, links in
 * the order the {@link DagLinks} reader gives them, each CID (by its full bytes) once. A block whose links cannot be
 * read is a leaf. Not thread-safe.
 */
final class DagCursor {
    private final ArrayDeque<Cid> stack = new ArrayDeque<>();
    private final Set<Cid> seen = new HashSet<>();
    private final DagLinks reader;

    DagCursor(Cid root, DagLinks reader) {
        this.reader = reader;
        stack.push(root);
    }

    /** The next CID to send or expect, or null when the DAG is done. Call {@link #visited} with its block next. */
    Cid next() {
        while (!stack.isEmpty()) {
            Cid c = stack.pop();
            if (seen.add(c)) {
                return c;
            }
        }
        return null;
    }

    /** Schedules the links of the block {@link #next} returned. */
    void visited(Block block) {
        visited(block.cid(), block.data());
    }

    /** Schedules the links of the bytes of the CID {@link #next} returned (the server's copy, not hashed again). */
    void visited(Cid cid, byte[] data) {
        List<Cid> links;
        try {
            links = reader.linksOf(cid, data);
        } catch (RuntimeException e) {
            links = List.of();
        }
        for (int i = links.size() - 1; i >= 0; i--) {
            Cid c = links.get(i);
            if (!seen.contains(c)) {
                stack.push(c);
            }
        }
    }
}
