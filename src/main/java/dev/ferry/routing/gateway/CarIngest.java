package dev.ferry.routing.gateway;

import dev.ferry.dag.car.CarException;
import dev.ferry.dag.car.CarReader;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import dev.ferry.routing.gateway.GatewayException.Kind;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a gateway's CAR and stores the blocks that belong to the requested DAG, checking membership as it goes.
 *
 * <p>A block is accepted when its multihash is the root's or is linked from an accepted block; it is then stored
 * under the CID it was linked by (so its links are read with the codec the parent named, whatever CID the CAR wrote).
 * In {@code order=dfs} every block arrives after its parent, so an unlinked block is refused at once; in any other
 * order unlinked blocks wait in a bounded buffer until a parent arrives, and any still waiting at the end are refused.
 * Duplicates are skipped. Blocks accepted before a fault stay stored: each was verified and is part of the requested
 * DAG, so keeping them is safe and saves fetching them again.
 */
final class CarIngest {
    /** Most distinct links tracked per response: bounds memory whatever the blocks link to. */
    static final int MAX_TRACKED_LINKS = 1 << 22;
    private final URI gateway;
    private final Cid root;
    private final boolean dfs;
    private final Blockstore into;
    private final int maxBlockSize;
    private final long maxOrphanBytes;
    private final Map<Multihash, Cid> linked = new HashMap<>();
    private final Set<Multihash> received = new HashSet<>();
    private final Map<Multihash, Block> orphans = new LinkedHashMap<>();
    private long orphanBytes;
    private long accepted;
    private long duplicates;

    CarIngest(URI gateway, Cid root, boolean dfs, Blockstore into, int maxBlockSize, long maxOrphanBytes) {
        this.gateway = gateway;
        this.root = root;
        this.dfs = dfs;
        this.into = into;
        this.maxBlockSize = maxBlockSize;
        this.maxOrphanBytes = maxOrphanBytes;
        linked.put(root.multihash(), root);
    }

    long accepted() {
        return accepted;
    }

    long duplicates() {
        return duplicates;
    }

    /**
     * Reads the whole CAR.
     *
     * @throws GatewayException INVALID for a malformed or truncated CAR, a wrong root, an oversized block or blocks
     *                          outside the DAG
     * @throws IOException      when the body stream fails (network, caps, stall)
     */
    void read(CarReader car) throws IOException {
        List<Cid> roots = car.roots();
        // The spec lets clients ignore the header roots; we asked for /ipfs/{root} without a path, so a header that
        // names only other roots is a gateway answering another question.
        if (!roots.isEmpty() && roots.stream().noneMatch(r -> r.multihash().equals(root.multihash()))) {
            throw invalid("CAR roots " + roots + " do not include the requested " + root);
        }
        try {
            Optional<Block> next;
            while ((next = car.next()).isPresent()) {
                offer(next.get());
            }
        } catch (CarException e) {
            throw new GatewayException(Kind.INVALID, gateway, "malformed CAR from " + gateway + ": " + e.getMessage(), e);
        }
        if (!orphans.isEmpty()) {
            throw invalid(orphans.size() + " block(s) in the CAR are not part of the DAG under " + root + ", e.g. "
                    + orphans.values().iterator().next().cid());
        }
    }

    private void offer(Block b) {
        Cid cid = b.cid();
        if (b.size() > maxBlockSize) {
            throw new GatewayException(Kind.TOO_LARGE, gateway, "block " + cid + " is " + b.size()
                    + " bytes, above the cap of " + maxBlockSize + " (from " + gateway + ")");
        }
        if (cid.isIdentity()) {
            throw invalid("CAR carries an identity-CID block " + cid + " (the spec forbids them)");
        }
        Multihash mh = cid.multihash();
        if (received.contains(mh) || orphans.containsKey(mh)) {
            duplicates++;
            return;
        }
        Cid as = linked.get(mh);
        if (as == null) {
            if (dfs) {
                throw invalid("block " + cid + " is not linked from any block before it: not part of the DAG under "
                        + root + " (or out of dfs order)");
            }
            orphans.put(mh, b);
            orphanBytes += b.size();
            if (orphanBytes > maxOrphanBytes) {
                throw invalid("more than " + maxOrphanBytes + " bytes of blocks not (yet) linked from the DAG under "
                        + root);
            }
            return;
        }
        Deque<Block> work = new ArrayDeque<>();
        work.push(as.equals(cid) ? b : Block.of(as, b.data()));
        while (!work.isEmpty()) {
            Block blk = work.pop();
            into.putReceived(blk);
            received.add(blk.cid().multihash());
            accepted++;
            for (Cid link : ScopeLinks.all(blk)) {
                if (link.isIdentity()) {
                    continue;
                }
                Multihash lm = link.multihash();
                if (linked.size() >= MAX_TRACKED_LINKS && !linked.containsKey(lm)) {
                    throw new GatewayException(Kind.TOO_LARGE, gateway, "the DAG under " + root + " links more than "
                            + MAX_TRACKED_LINKS + " blocks in one response (from " + gateway + ")");
                }
                if (linked.putIfAbsent(lm, link) == null) {
                    Block waiting = orphans.remove(lm);
                    if (waiting != null) {
                        orphanBytes -= waiting.size();
                        work.push(link.equals(waiting.cid()) ? waiting : Block.of(link, waiting.data()));
                    }
                }
            }
        }
    }

    private GatewayException invalid(String message) {
        return new GatewayException(Kind.INVALID, gateway, message + " (from " + gateway + ")");
    }
}
