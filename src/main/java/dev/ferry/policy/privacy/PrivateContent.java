package dev.ferry.policy.privacy;

import dev.ferry.dag.walk.LinkDecodeException;
import dev.ferry.dag.walk.Links;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The node's private content: a persisted set of private roots and the multihashes of every block of their DAGs.
 * Private content is never announced (not to the IPFS network, not in the capabilities content index: see
 * {@link #announceFilter()}), never served over Bitswap ({@link PrivateContentGate}) or the gateway
 * ({@link PublicOnlyBlockstore}), and served over {@code /ferry/request} only to DIDs trusted at least
 * {@code privateTrust} ({@link PrivateServePolicy}).
 *
 * <p>A block is private when it belongs to ANY private DAG, even if a public DAG contains it too (privacy wins). Blocks
 * are compared by multihash, so the CIDv0 and CIDv1 (any codec) of the same bytes agree. Identity CIDs are never
 * private (their content is the CID itself).
 *
 * <p>Thread-safe: {@link #isPrivate} is a lock-free hash lookup; changes are serialised and written to the file
 * atomically (temp file, fsync, rename, directory fsync) before they return. The file format is in
 * {@code PrivateContentFile}.
 */
public final class PrivateContent {
    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Cid, Set<Multihash>> roots; // guarded by lock
    private final ConcurrentHashMap<Multihash, Integer> refs = new ConcurrentHashMap<>(); // multihash → private DAGs

    private PrivateContent(Path file, Map<Cid, Set<Multihash>> roots) {
        this.file = file;
        this.roots = roots;
        for (Set<Multihash> blocks : roots.values()) {
            blocks.forEach(mh -> refs.merge(mh, 1, Integer::sum));
        }
    }

    /**
     * Opens (or starts) the set kept in {@code file}; a leftover temp file from an interrupted write is removed.
     *
     * @throws PrivateContentException the file is malformed or truncated
     */
    public static PrivateContent open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Files.deleteIfExists(PrivateContentFile.tempOf(file));
        return new PrivateContent(file, PrivateContentFile.read(file));
    }

    /** Whether {@code cid}'s block belongs to a private DAG (by multihash). Fast; never blocks. */
    public boolean isPrivate(Cid cid) {
        return !cid.isIdentity() && refs.containsKey(cid.multihash());
    }

    /** The private roots, in the order they were marked. */
    public List<Cid> roots() {
        lock.lock();
        try {
            return List.copyOf(roots.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code root} itself was marked private (by its exact CID). */
    public boolean isPrivateRoot(Cid root) {
        lock.lock();
        try {
            return roots.containsKey(root);
        } finally {
            lock.unlock();
        }
    }

    /** How many distinct blocks are private. */
    public int blockCount() {
        return refs.size();
    }

    /**
     * Marks the DAG under {@code root} private: walks it in {@code store} (which must hold all of it) and persists the
     * root with its blocks. Marking a root again re-reads its DAG.
     *
     * @return the number of distinct blocks of the DAG
     * @throws BlockNotFoundException a block of the DAG is not in {@code store} (nothing changes)
     * @throws UncheckedIOException   the file could not be written (nothing changes)
     */
    public int markPrivate(Cid root, Blockstore store) {
        Set<Multihash> blocks = walk(root, store);
        lock.lock();
        try {
            Map<Cid, Set<Multihash>> next = new LinkedHashMap<>(roots);
            next.put(root, blocks);
            persist(next);
            Set<Multihash> old = roots.put(root, blocks);
            blocks.forEach(mh -> refs.merge(mh, 1, Integer::sum));
            if (old != null) {
                old.forEach(this::release);
            }
            return blocks.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes {@code root}'s DAG public again (its blocks stay private when another private DAG holds them). The
     * blocks are those recorded when it was marked, so {@code store} is not read; the parameter keeps the call
     * symmetrical with {@link #markPrivate}.
     *
     * @return whether {@code root} was private
     */
    public boolean unmark(Cid root, Blockstore store) {
        return unmark(root);
    }

    /** As {@link #unmark(Cid, Blockstore)}. */
    public boolean unmark(Cid root) {
        lock.lock();
        try {
            if (!roots.containsKey(root)) {
                return false;
            }
            Map<Cid, Set<Multihash>> next = new LinkedHashMap<>(roots);
            next.remove(root);
            persist(next);
            roots.remove(root).forEach(this::release);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** For the capabilities content index ({@code ContentIndexBuilder.filtered}): true for what may be announced. */
    public Predicate<Cid> announceFilter() {
        return cid -> !isPrivate(cid);
    }

    private void release(Multihash mh) {
        refs.computeIfPresent(mh, (k, n) -> n == 1 ? null : n - 1);
    }

    private void persist(Map<Cid, Set<Multihash>> next) {
        try {
            PrivateContentFile.write(file, PrivateContentFile.encode(next));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The multihashes of every block reachable from {@code root} (identity blocks walked, not recorded). */
    private static Set<Multihash> walk(Cid root, Blockstore store) {
        Set<Multihash> out = new LinkedHashSet<>();
        Set<Cid> seen = new HashSet<>();
        ArrayDeque<Cid> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Cid c = pending.pop();
            if (!seen.add(c)) {
                continue;
            }
            Optional<Block> b = store.get(c);
            if (b.isEmpty()) {
                throw new BlockNotFoundException("block " + c + " of private DAG " + root + " is not in the store");
            }
            if (!c.isIdentity()) {
                out.add(c.multihash());
            }
            List<Cid> links;
            try {
                links = Links.supports(c.codec()) ? Links.of(b.get()) : List.of();
            } catch (LinkDecodeException e) {
                links = List.of();
            }
            for (Cid l : links) {
                if (!seen.contains(l)) {
                    pending.push(l);
                }
            }
        }
        return out;
    }
}
