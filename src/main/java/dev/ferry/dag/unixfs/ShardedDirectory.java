package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.PbLink;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.store.Blockstore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A HAMT-sharded directory opened for changes: an entry is found, added, replaced or removed by reading only the
 * shards on its name's hash path, and {@link #write} writes again only the shards that changed (the others stay
 * linked as stored), so a change in a directory of any size costs a few blocks. The shards written are those
 * {@link UnixfsDirectoryWriter} writes for the same entries when the stored HAMT was written by the same rules
 * (fanout 256, canonical shards: Kubo's, js's and ferry's), which {@link #open} checks for the root shard.
 *
 * <p>Whether the directory should stay sharded is not decided here: that depends on its links estimate
 * ({@link UnixfsDirectoryWriter#estimate}), which {@link #estimateChange} follows through the changes and
 * {@link #estimate} counts in a stored HAMT. Not thread-safe; one change at a time.
 */
public final class ShardedDirectory {
    private final Blockstore store;
    private final HamtShard root;
    private final HamtShard.Reader reader;
    private long estimateChange;

    private ShardedDirectory(Blockstore store, HamtShard root, HamtShard.Reader reader) {
        this.store = store;
        this.root = root;
        this.reader = reader;
    }

    /**
     * Opens the HAMT whose root shard is {@code cid} (only that block is read); empty when its fanout is not the one
     * written here (such a HAMT can only be written again whole).
     *
     * @throws UnixfsException when {@code cid} is not a valid HAMT root shard
     */
    public static Optional<ShardedDirectory> open(Blockstore store, Cid cid) {
        NodeLoader loader = new NodeLoader(Objects.requireNonNull(store, "store"));
        UnixfsNode node = loader.load(cid);
        if (node.type() != UnixfsType.HAMT_SHARD) {
            throw new UnixfsException(cid + " is a " + node.type() + ", not a sharded directory");
        }
        long fanout = UnixfsExporter.shardFanout(node, -1);
        if (fanout != ImportOptions.DEFAULT_FANOUT) {
            return Optional.empty();
        }
        HamtShard.Reader reader = (child, f, level) -> {
            if (level > UnixfsExporter.MAX_HAMT_DEPTH) {
                throw new UnixfsException("HAMT deeper than " + UnixfsExporter.MAX_HAMT_DEPTH);
            }
            UnixfsNode sub = loader.load(child);
            UnixfsExporter.shardFanout(sub, f);
            return HamtShard.stored(child, sub.pb().links(), f, level);
        };
        return Optional.of(new ShardedDirectory(store, HamtShard.stored(cid, node.pb().links(), (int) fanout, 0),
                reader));
    }

    /** The entry named {@code name}. */
    public Optional<UnixfsLink> get(String name) {
        return Optional.ofNullable(root.get(name, reader));
    }

    /**
     * Adds {@code link}, or replaces the entry of its name.
     *
     * @return the entry replaced
     * @throws UnixfsException for a name a directory cannot hold
     */
    public Optional<UnixfsLink> put(UnixfsLink link) {
        UnixfsExporter.checkName(link.name());
        UnixfsLink replaced = root.put(link, 0, reader);
        estimateChange += UnixfsDirectoryWriter.estimate(link)
                - (replaced == null ? 0 : UnixfsDirectoryWriter.estimate(replaced));
        return Optional.ofNullable(replaced);
    }

    /** Removes the entry named {@code name}; returns it, empty when there was none. */
    public Optional<UnixfsLink> remove(String name) {
        UnixfsLink removed = root.remove(name, 0, reader);
        if (removed != null) {
            estimateChange -= UnixfsDirectoryWriter.estimate(removed);
        }
        return Optional.ofNullable(removed);
    }

    /** Whether an entry was added, replaced by another or removed since the directory was opened. */
    public boolean changed() {
        return root.changed();
    }

    /** How much the links estimate grew (negative: shrank) through the changes made since the directory was opened. */
    public long estimateChange() {
        return estimateChange;
    }

    /** Every entry, in shard order: every stored shard is read (for writing the directory again whole). */
    public List<UnixfsLink> links() {
        List<UnixfsLink> out = new ArrayList<>();
        root.forEachEntry(0, reader, out::add);
        return out;
    }

    /**
     * Writes the changed shards into the store (not synced), each with {@code cidVersion} and {@code hashFunction},
     * and the root shard with the given mode and mtime (null for none; written as given).
     */
    public UnixfsDirectoryWriter.Written write(int cidVersion, HashFunction hashFunction, Long mode, UnixTime mtime) {
        BlockWriter writer = new BlockWriter(store, cidVersion, hashFunction);
        DagRef ref;
        try {
            ref = root.write(writer, mode, mtime);
        } catch (RuntimeException e) {
            try {
                writer.drain();
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        writer.drain();
        return new UnixfsDirectoryWriter.Written(ref.cid(), ref.tsize());
    }

    /**
     * The links estimate of the stored HAMT {@code cid}, counted shard by shard until it passes {@code limit}: the
     * whole estimate when it is at most {@code limit}, else a part of it above {@code limit} (the shards after that
     * are not read).
     */
    public static Estimate estimate(Blockstore store, Cid cid, long limit) {
        NodeLoader loader = new NodeLoader(Objects.requireNonNull(store, "store"));
        UnixfsNode node = loader.load(cid);
        if (node.type() != UnixfsType.HAMT_SHARD) {
            throw new UnixfsException(cid + " is a " + node.type() + ", not a sharded directory");
        }
        long[] sum = new long[1];
        boolean complete = count(loader, node, UnixfsExporter.shardFanout(node, -1), 0, sum, limit);
        return new Estimate(sum[0], complete);
    }

    /** Adds the shard's entries to {@code sum[0]}; false as soon as it passes {@code limit}. */
    private static boolean count(NodeLoader loader, UnixfsNode shard, long fanout, int depth, long[] sum, long limit) {
        if (depth > UnixfsExporter.MAX_HAMT_DEPTH) {
            throw new UnixfsException("HAMT deeper than " + UnixfsExporter.MAX_HAMT_DEPTH);
        }
        int pad = HamtHash.padLength(fanout);
        for (PbLink l : shard.pb().links()) {
            if (l.name().length() == pad) {
                UnixfsNode sub = loader.load(l.hash());
                if (!count(loader, sub, UnixfsExporter.shardFanout(sub, fanout), depth + 1, sum, limit)) {
                    return false;
                }
            } else {
                sum[0] += DirectoryBuilder.estimate(l.name().substring(pad), l.hash());
                if (sum[0] > limit) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A links estimate counted in a stored HAMT.
     *
     * @param bytes    the estimate, or when not complete a lower bound of it above the limit counted to
     * @param complete whether every entry was counted
     */
    public record Estimate(long bytes, boolean complete) {
    }
}
