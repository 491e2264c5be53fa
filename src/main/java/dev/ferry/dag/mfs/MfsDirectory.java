package dev.ferry.dag.mfs;

import dev.ferry.dag.unixfs.ShardedDirectory;
import dev.ferry.dag.unixfs.UnixfsDirectoryWriter;
import dev.ferry.dag.unixfs.UnixfsDirectoryWriter.Written;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsLink;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Blockstore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * A directory being changed by one MFS operation, with the CID version and hash function it is written with and its
 * metadata (kept through changes of its entries, as boxo's MFS keeps it).
 *
 * <p>A plain directory is one block: its links are all read and it is written again whole, which also shards it once
 * it grows past the threshold. A sharded one is read and written through {@link ShardedDirectory}: only the shards
 * on the changed names' paths, so a change costs a few blocks whatever the directory's size. It is written whole
 * again only when it must change shape: below the threshold it becomes plain (its estimate is followed by
 * {@link ShardEstimates}), and with another CID version or hash function every shard changes.
 */
final class MfsDirectory {
    NodeFormat format;
    NodeMetadata metadata;
    private final Cid source; // the node it was read from; null for a new directory
    private final LinkedHashMap<String, UnixfsLink> links; // a plain directory's links, by name; else null
    private final ShardedDirectory shards; // a sharded directory's shards on the changed paths; else null

    private MfsDirectory(NodeFormat format, NodeMetadata metadata, Cid source,
                         LinkedHashMap<String, UnixfsLink> links, ShardedDirectory shards) {
        this.format = format;
        this.metadata = metadata;
        this.source = source;
        this.links = links;
        this.shards = shards;
    }

    /** A new empty directory. */
    static MfsDirectory created(NodeFormat format) {
        return new MfsDirectory(format, NodeMetadata.NONE, null, new LinkedHashMap<>(), null);
    }

    /**
     * The directory {@code cid}, found at {@code path}: a plain one's block, or a sharded one's root shard (the other
     * shards are read when a change needs them).
     *
     * @throws MfsException when it is not a directory, or a plain one has two entries of one name
     */
    static MfsDirectory read(Blockstore store, Cid cid, MfsPath path) {
        UnixfsExporter exporter = new UnixfsExporter(store);
        UnixfsType type = cid.codec() == Multicodec.DAG_PB.code() ? exporter.type(cid) : null;
        if (type == null || !type.isDirectory()) {
            throw new MfsException(path + " is not a directory");
        }
        NodeFormat format = NodeFormat.of(cid);
        NodeMetadata metadata = NodeMetadata.of(store, cid);
        if (type == UnixfsType.HAMT_SHARD) {
            Optional<ShardedDirectory> sharded = ShardedDirectory.open(store, cid);
            if (sharded.isPresent()) {
                return new MfsDirectory(format, metadata, cid, null, sharded.get());
            }
            // a HAMT of another fanout: read whole, written again whole as this MFS writes directories
        }
        LinkedHashMap<String, UnixfsLink> links = new LinkedHashMap<>();
        for (UnixfsLink l : exporter.links(cid)) {
            if (links.putIfAbsent(l.name(), l) != null) {
                throw new MfsException(path + ": directory has two entries named " + l.name());
            }
        }
        return new MfsDirectory(format, metadata, cid, links, null);
    }

    /** The entry named {@code name}, or null. */
    UnixfsLink get(String name) {
        return shards != null ? shards.get(name).orElse(null) : links.get(name);
    }

    boolean contains(String name) {
        return get(name) != null;
    }

    /** Adds {@code link}, or replaces the entry of its name. */
    void put(UnixfsLink link) {
        if (shards != null) {
            shards.put(link);
        } else {
            links.put(link.name(), link);
        }
    }

    /** Removes the entry named {@code name}, if there is one. */
    void remove(String name) {
        if (shards != null) {
            shards.remove(name);
        } else {
            links.remove(name);
        }
    }

    /**
     * Writes the directory into {@code store} (not synced): a sharded directory whose entries did not change gets at
     * most a new root shard (its metadata); one that stays sharded gets the changed shards; anything else is written
     * whole, plain or sharded by its estimate, as {@link UnixfsDirectoryWriter} decides.
     */
    Written write(Blockstore store, ShardEstimates estimates) {
        if (shards != null && format.equals(NodeFormat.of(source))) {
            if (!shards.changed()) {
                Written w = MetadataRewriter.rewrite(store, source, metadata);
                estimates.carry(source, w.cid()); // new metadata, the same entries
                return w;
            }
            ShardEstimates.Bound after = estimates.after(store, source, shards.estimateChange());
            if (after.sharded()) {
                Written w = shards.write(format.cidVersion(), format.hashFunction(), metadata.mode(),
                        metadata.mtime());
                estimates.remember(w.cid(), after);
                return w;
            }
        }
        List<UnixfsLink> all = shards != null ? shards.links() : List.copyOf(links.values());
        Written w = UnixfsDirectoryWriter.write(store, format.cidVersion(), format.hashFunction(), all);
        if (!metadata.isEmpty()) {
            w = MetadataRewriter.rewrite(store, w.cid(), metadata);
        }
        long estimate = 0;
        for (UnixfsLink l : all) {
            estimate += UnixfsDirectoryWriter.estimate(l);
        }
        ShardEstimates.Bound exact = new ShardEstimates.Bound(estimate, true);
        if (exact.sharded()) {
            estimates.remember(w.cid(), exact); // the next change to it needs no count
        }
        return w;
    }
}
