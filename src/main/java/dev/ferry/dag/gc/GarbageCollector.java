package dev.ferry.dag.gc;

import dev.ferry.dag.walk.DagWalker;
import dev.ferry.dag.walk.LinkDecodeException;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import dev.ferry.store.Blockstore;
import dev.ferry.store.CorruptFilestoreEntryException;
import dev.ferry.store.FilestoreReferenceException;
import dev.ferry.store.InvalidBlockException;
import dev.ferry.store.PinStore;
import dev.ferry.store.PinType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Mark and sweep over a blockstore. Mark: every block reachable from a RECURSIVE pin, plus each DIRECT pin's block,
 * plus the stored part of best-effort roots (the MFS root).
 * Sweep: delete every other stored block, then {@link Blockstore#sync()}.
 *
 * <p>Safety first: if a recursively pinned DAG has a missing block, or a block in it is corrupt or undecodable, the
 * collection fails with {@link GcException} BEFORE anything is deleted (the message lists the missing CIDs). Marks are
 * by multihash, as the store keys blocks. Direct pins are not checked for presence (as in Kubo).
 *
 * <p>Not safe against concurrent writers by itself: the caller must hold the node's GC lock so that no block is added
 * (and not yet pinned) between mark and sweep.
 */
public final class GarbageCollector {
    private static final int MISSING_IN_MESSAGE = 10;

    private final Blockstore blocks;
    private final PinStore pins;
    private final Collection<Cid> alsoKept;
    private final Collection<Cid> bestEffort;

    public GarbageCollector(Blockstore blocks, PinStore pins) {
        this(blocks, pins, List.of());
    }

    /**
     * A collector that also keeps the DAGs under {@code alsoKept} whole, as if they were pinned recursively (content
     * the node keeps for peers).
     */
    public GarbageCollector(Blockstore blocks, PinStore pins, Collection<Cid> alsoKept) {
        this(blocks, pins, alsoKept, List.of());
    }

    /**
     * As above, also keeping whatever part of the DAGs under {@code bestEffort} is stored (Kubo's best-effort roots,
     * such as the MFS root): their missing blocks are no error, since such DAGs may be partly remote by design.
     */
    public GarbageCollector(Blockstore blocks, PinStore pins, Collection<Cid> alsoKept, Collection<Cid> bestEffort) {
        this.blocks = Objects.requireNonNull(blocks, "blocks");
        this.pins = Objects.requireNonNull(pins, "pins");
        this.alsoKept = List.copyOf(alsoKept);
        this.bestEffort = List.copyOf(bestEffort);
    }

    /**
     * Runs one collection.
     *
     * @throws GcException if a pinned DAG is incomplete or unreadable; nothing has been deleted then
     */
    public GcResult collect() {
        Set<Multihash> marked = mark();
        List<Cid> stored;
        try (Stream<Cid> cids = blocks.cids()) {
            stored = cids.collect(Collectors.toCollection(ArrayList::new));
        }
        List<GcResult.Removed> removed = new ArrayList<>();
        long kept = 0;
        for (Cid cid : stored) {
            if (marked.contains(cid.multihash())) {
                kept++;
                continue;
            }
            OptionalInt size = blocks.size(cid);
            if (blocks.delete(cid)) {
                removed.add(new GcResult.Removed(cid, size.orElse(0)));
            }
        }
        blocks.sync();
        return new GcResult(removed, kept);
    }

    /** The multihashes that must be kept. */
    public Set<Multihash> mark() {
        Map<Cid, PinType> pinned = pins.list();
        List<Cid> recursive = new ArrayList<>();
        Set<Multihash> marked = new HashSet<>();
        pinned.forEach((cid, type) -> {
            if (type == PinType.RECURSIVE) {
                recursive.add(cid);
            } else if (type == PinType.DIRECT) {
                marked.add(cid.multihash());
            }
        });
        recursive.addAll(alsoKept);
        DagWalker.Traversal walk = new DagWalker(blocks, true).traverse(recursive);
        try {
            markAll(walk, marked);
        } catch (LinkDecodeException e) {
            throw new GcException("garbage collection aborted, nothing deleted: pinned block " + e.cid()
                    + " cannot be read: " + e.getMessage(), List.of(), e);
        } catch (InvalidBlockException e) {
            throw new GcException("garbage collection aborted, nothing deleted: a pinned block is corrupt: "
                    + e.getMessage(), List.of(), e);
        }
        List<Cid> missing = walk.missing();
        if (!missing.isEmpty()) {
            String shown = missing.stream().limit(MISSING_IN_MESSAGE).map(Cid::toString)
                    .collect(Collectors.joining(", "));
            throw new GcException("garbage collection aborted, nothing deleted: " + missing.size()
                    + " block(s) of pinned DAGs are missing: " + shown
                    + (missing.size() > MISSING_IN_MESSAGE ? ", …" : ""), missing, null);
        }
        DagWalker.Traversal partial = new DagWalker(blocks, true).traverse(bestEffort);
        try {
            markAll(partial, marked);
        } catch (LinkDecodeException e) {
            throw new GcException("garbage collection aborted, nothing deleted: block " + e.cid()
                    + " under the MFS root cannot be read: " + e.getMessage(), List.of(), e);
        } catch (InvalidBlockException e) {
            throw new GcException("garbage collection aborted, nothing deleted: a block under the MFS root is corrupt: "
                    + e.getMessage(), List.of(), e);
        }
        return marked;
    }

    /**
     * Marks every block of a walk. A filestore block whose file changed or vanished is still kept (pinned, and the
     * file may come back); it has no links to follow, so the walk goes on after it.
     */
    private static void markAll(DagWalker.Traversal walk, Set<Multihash> marked) {
        while (true) {
            try {
                if (!walk.hasNext()) {
                    return;
                }
                marked.add(walk.next().cid().multihash());
            } catch (FilestoreReferenceException e) {
                marked.add(e.cid().multihash());
            } catch (CorruptFilestoreEntryException e) {
                throw new GcException("garbage collection aborted, nothing deleted: " + e.getMessage()
                        + " (see 'ferry filestore verify')", List.of(), e);
            }
        }
    }
}
