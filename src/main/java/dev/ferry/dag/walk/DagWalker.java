package dev.ferry.dag.walk;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Depth-first, pre-order traversal of DAGs in a {@link Blockstore}: a block is produced before its children, children
 * in link order, every CID at most once (the visited set is keyed by the full CID, since the same bytes under another
 * codec have other links). Uses an explicit stack, so deep DAGs cannot overflow the call stack.
 *
 * <p>A missing block either stops the walk with {@link MissingBlockException} or, in skip-missing mode, is recorded in
 * {@link Traversal#missing()} and the walk goes on. A block whose links cannot be read throws
 * {@link LinkDecodeException}. Identity CIDs are produced like other blocks (the store answers them from the digest).
 *
 * <p>A walker is immutable and thread-safe; each {@link Traversal} belongs to one thread.
 */
public final class DagWalker {
    private final Blockstore store;
    private final boolean skipMissing;

    public DagWalker(Blockstore store, boolean skipMissing) {
        this.store = Objects.requireNonNull(store, "store");
        this.skipMissing = skipMissing;
    }

    /** A walker that fails on the first missing block. */
    public DagWalker(Blockstore store) {
        this(store, false);
    }

    public Traversal traverse(Cid root) {
        return traverse(List.of(root));
    }

    /** One traversal over several roots, in order, sharing one visited set. */
    public Traversal traverse(Collection<Cid> roots) {
        return new Traversal(roots, b -> true);
    }

    /**
     * A traversal that follows the links of a block only when {@code descend} accepts it (the block itself is still
     * produced): e.g. a gateway's {@code dag-scope=block} descends nowhere.
     */
    public Traversal traverse(Collection<Cid> roots, Predicate<Block> descend) {
        return new Traversal(roots, Objects.requireNonNull(descend, "descend"));
    }

    /** Walks to the end, handing each block to {@code visitor}; returns what was seen. */
    public WalkResult walk(Collection<Cid> roots, Consumer<Block> visitor) {
        Traversal t = traverse(roots);
        long blocks = 0;
        long bytes = 0;
        while (t.hasNext()) {
            Block b = t.next();
            blocks++;
            bytes += b.size();
            visitor.accept(b);
        }
        return new WalkResult(blocks, bytes, t.missing());
    }

    /** The CIDs reachable from {@code roots} (the roots included), as visited. */
    public Set<Cid> reachable(Collection<Cid> roots) {
        Traversal t = traverse(roots);
        while (t.hasNext()) {
            t.next();
        }
        return t.visited();
    }

    /** Totals of a finished walk: blocks produced, their bytes, and (skip-missing mode) the CIDs not found. */
    public record WalkResult(long blocks, long bytes, List<Cid> missing) {
        public WalkResult {
            missing = List.copyOf(missing);
        }
    }

    /** An iterator over the blocks of one walk. */
    public final class Traversal implements Iterator<Block> {
        private final Deque<Cid> stack = new ArrayDeque<>();
        private final Set<Cid> visited = new HashSet<>();
        private final List<Cid> missing = new ArrayList<>();
        private final Predicate<Block> descend;
        private Block next;

        private Traversal(Collection<Cid> roots, Predicate<Block> descend) {
            this.descend = descend;
            List<Cid> list = new ArrayList<>(roots);
            for (int i = list.size() - 1; i >= 0; i--) {
                stack.push(Objects.requireNonNull(list.get(i), "root"));
            }
        }

        @Override
        public boolean hasNext() {
            while (next == null && !stack.isEmpty()) {
                Cid cid = stack.pop();
                if (!visited.add(cid)) {
                    continue;
                }
                Optional<Block> block = store.get(cid);
                if (block.isEmpty()) {
                    if (!skipMissing) {
                        throw new MissingBlockException(cid);
                    }
                    missing.add(cid);
                    continue;
                }
                List<Cid> links = descend.test(block.get()) ? Links.of(block.get()) : List.of();
                for (int i = links.size() - 1; i >= 0; i--) {
                    if (!visited.contains(links.get(i))) {
                        stack.push(links.get(i));
                    }
                }
                next = block.get();
            }
            return next != null;
        }

        @Override
        public Block next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Block b = next;
            next = null;
            return b;
        }

        /** CIDs not found so far (skip-missing mode), in the order met. */
        public List<Cid> missing() {
            return List.copyOf(missing);
        }

        /** CIDs visited so far, found or missing. */
        public Set<Cid> visited() {
            return Set.copyOf(visited);
        }
    }
}
