package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.DagPbException;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes one directory: a plain UnixFS Directory (links sorted by name bytes, Data {@code 08 01}) or, when the links
 * estimate is strictly above the threshold, a HAMT sharded directory.
 *
 * <p>HAMT (ipfs/specs unixfs.md; go-unixfs hamt; js hamt-sharding): each name goes to slot
 * {@link HamtHash#index} of the shard at its level; a slot holding two names becomes a sub-shard ({@link HamtShard},
 * which also writes the shard nodes). Tsize = block size + the children's Tsizes, as everywhere.
 *
 * <p>Metadata (mode, mtime) goes on the directory node, or on the root shard of a HAMT (never on its sub-shards).
 */
final class DirectoryBuilder {
    static final long HASH_MURMUR3_X64_64 = 0x22;

    private final BlockWriter writer;
    private final ImportOptions options;

    DirectoryBuilder(BlockWriter writer, ImportOptions options) {
        this.writer = writer;
        this.options = options;
    }

    DagRef build(List<DirEntry> entries) {
        return build(entries, UnixfsMetadata.NONE);
    }

    DagRef build(List<DirEntry> entries, UnixfsMetadata meta) {
        Set<String> seen = new HashSet<>();
        long estimate = 0;
        for (DirEntry e : entries) {
            if (!seen.add(e.name())) {
                throw new UnixfsException("duplicate directory entry " + e.name());
            }
            if (e.estimated()) {
                estimate += estimate(e.name(), e.ref().cid());
            }
        }
        if (estimate > options.shardThresholdBytes()) {
            return sharded(entries, meta);
        }
        try {
            return flat(entries, meta);
        } catch (DagPbException tooBig) {
            // only reachable through entries the estimate leaves out (directories with entries): a block above the
            // dag-pb cap could not be exchanged, and go, counting every entry, would have sharded long before
            return sharded(entries, meta);
        }
    }

    private DagRef flat(List<DirEntry> entries, UnixfsMetadata meta) {
        List<PbLink> links = new ArrayList<>(entries.size());
        long tsizes = 0;
        for (DirEntry e : entries) {
            links.add(PbLink.of(e.ref().cid(), e.name(), e.ref().tsize()));
            tsizes = Math.addExact(tsizes, e.ref().tsize());
        }
        links.sort(PbLink.NAME_ORDER);
        BlockWriter.Written w = writer.putPb(new PbNode(links,
                UnixfsDataCodec.encode(meta.applyTo(UnixfsData.directory()))));
        return new DagRef(w.cid(), w.size() + tsizes, 0);
    }

    private DagRef sharded(List<DirEntry> entries, UnixfsMetadata meta) {
        HamtShard root = new HamtShard(options.shardFanout());
        for (DirEntry e : entries) {
            root.put(new UnixfsLink(e.name(), e.ref().cid(), e.ref().tsize()), 0, NO_STORED_SHARDS);
        }
        return root.write(writer, meta.storedMode(), meta.mtime());
    }

    /** A HAMT built here from its entries has no stored sub-shard to read. */
    private static final HamtShard.Reader NO_STORED_SHARDS = (cid, fanout, level) -> {
        throw new IllegalStateException("no stored shard to read: " + cid);
    };

    /** What an entry adds to the links estimate: its name's UTF-8 bytes and its CID's bytes. */
    static long estimate(String name, dev.ferry.multiformats.Cid cid) {
        return utf8(name).length + cid.bytes().length;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
