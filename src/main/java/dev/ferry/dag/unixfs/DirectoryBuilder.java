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
 * {@link HamtHash#index} of the shard at its level; a slot holding two names becomes a sub-shard. A shard node's links
 * are in slot order: an entry is named {@code HEX(slot) + name}, a sub-shard {@code HEX(slot)} alone (upper case,
 * padded to the width of {@code fanout - 1}). Data is Type=HAMTShard, Data = the occupied-slot bitfield (big-endian,
 * bit i = slot i, leading zero bytes dropped), hashType 0x22 (murmur3-x64-64), fanout. Tsize = block size + the
 * children's Tsizes, as everywhere.
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
                estimate += utf8(e.name()).length + e.ref().cid().bytes().length;
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
        int fanout = options.shardFanout();
        int bits = HamtHash.bitsFor(fanout);
        Bucket root = new Bucket(fanout);
        for (DirEntry e : entries) {
            root.insert(new Leaf(e, new HamtHash(utf8(e.name()))), 0, bits);
        }
        return write(root, HamtHash.padLength(fanout), meta);
    }

    private DagRef write(Bucket bucket, int pad, UnixfsMetadata meta) {
        List<PbLink> links = new ArrayList<>();
        long tsizes = 0;
        int highest = -1;
        for (int i = 0; i < bucket.slots.length; i++) {
            Object slot = bucket.slots[i];
            if (slot == null) {
                continue;
            }
            highest = i;
            String prefix = HamtHash.prefix(i, pad);
            DagRef ref;
            String name;
            if (slot instanceof Bucket sub) {
                ref = write(sub, pad, UnixfsMetadata.NONE);
                name = prefix;
            } else {
                Leaf leaf = (Leaf) slot;
                ref = leaf.entry.ref();
                name = prefix + leaf.entry.name();
            }
            links.add(PbLink.of(ref.cid(), name, ref.tsize()));
            tsizes = Math.addExact(tsizes, ref.tsize());
        }
        byte[] bitfield = new byte[highest / 8 + 1];
        for (int i = 0; i <= highest; i++) {
            if (bucket.slots[i] != null) {
                bitfield[bitfield.length - 1 - i / 8] |= (byte) (1 << (i % 8));
            }
        }
        UnixfsData d = meta.applyTo(UnixfsData.hamtShard(bitfield, HASH_MURMUR3_X64_64, bucket.slots.length));
        BlockWriter.Written w = writer.putPb(new PbNode(links, UnixfsDataCodec.encode(d)));
        return new DagRef(w.cid(), w.size() + tsizes, 0);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private record Leaf(DirEntry entry, HamtHash hash) {
    }

    private static final class Bucket {
        final Object[] slots;

        Bucket(int fanout) {
            slots = new Object[fanout];
        }

        void insert(Leaf leaf, int level, int bits) {
            int i = leaf.hash.index(level, bits);
            Object slot = slots[i];
            if (slot == null) {
                slots[i] = leaf;
            } else if (slot instanceof Bucket sub) {
                sub.insert(leaf, level + 1, bits);
            } else {
                Bucket sub = new Bucket(slots.length);
                sub.insert((Leaf) slot, level + 1, bits);
                sub.insert(leaf, level + 1, bits);
                slots[i] = sub;
            }
        }
    }
}
