package dev.ferry.routing.gateway;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What of a scoped DAG a store holds: walks from the root over the store only (never the network).
 *
 * @param blocks  distinct blocks of the scoped DAG found in the store (identity CIDs not counted)
 * @param missing the first missing blocks found (at most the limit asked for)
 */
record DagWalk(long blocks, List<Cid> missing) {

    boolean complete() {
        return missing.isEmpty();
    }

    static DagWalk of(Cid root, DagScope scope, Blockstore store, int maxMissing) {
        Set<Multihash> seen = new HashSet<>();
        Deque<Cid> pending = new ArrayDeque<>();
        pending.push(root);
        List<Cid> missing = new ArrayList<>();
        long blocks = 0;
        while (!pending.isEmpty()) {
            Cid cid = pending.pop();
            if (cid.isIdentity() || !seen.add(cid.multihash())) {
                continue;
            }
            Optional<Block> b = store.get(cid);
            if (b.isEmpty()) {
                if (missing.size() < maxMissing) {
                    missing.add(cid);
                }
                continue;
            }
            blocks++;
            List<Cid> links = ScopeLinks.of(b.get(), scope);
            for (int i = links.size() - 1; i >= 0; i--) {
                pending.push(links.get(i));
            }
        }
        return new DagWalk(blocks, List.copyOf(missing));
    }
}
