package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads UnixFS DAGs back out of a {@link Blockstore}: file contents ({@link #cat}), directory listings of plain and
 * HAMT-sharded directories ({@link #ls}), path resolution ({@link #resolve}) and export to the filesystem
 * ({@link #get}).
 *
 * <p>Every block comes from the store, which verifies it against its CID. A missing block raises
 * {@link dev.ferry.store.BlockNotFoundException} naming the CID; malformed dag-pb or UnixFS data, sizes that do not
 * add up, a broken HAMT, or an unsafe name raise {@link UnixfsException}; a path that does not resolve raises
 * {@link UnixfsPathException}. Thread-safe (no state besides the store).
 */
public final class UnixfsExporter {
    /** Deepest HAMT accepted (fanout 256 over a 64-bit hash needs 8 levels). */
    static final int MAX_HAMT_DEPTH = 64;
    /** Deepest directory tree {@link #get} writes. */
    static final int MAX_DIR_DEPTH = 1024;
    /** Largest fanout accepted when reading a HAMT. */
    static final long MAX_FANOUT = 4096;

    private final NodeLoader loader;

    public UnixfsExporter(Blockstore store) {
        this.loader = new NodeLoader(Objects.requireNonNull(store, "store"));
    }

    /** The whole content of a file. */
    public InputStream cat(Cid cid) {
        return cat(cid, 0, -1);
    }

    /**
     * {@code length} bytes (all that remain when negative) of a file from {@code offset}; an offset at or past the
     * end gives an empty stream. Blocks are fetched lazily while reading, skipped subtrees never.
     */
    public InputStream cat(Cid cid, long offset, long length) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        UnixfsNode root = loader.load(cid);
        if (root.type() != UnixfsType.FILE && root.type() != UnixfsType.RAW) {
            throw new UnixfsException(cid + " is a " + root.type() + ", not a file");
        }
        long size = root.contentSize();
        long available = Math.max(0, size - offset);
        long n = length < 0 ? available : Math.min(length, available);
        return new UnixfsFileStream(loader, root, Math.min(offset, size), n);
    }

    /** The content size of a file, or the target length of a symlink, 0 for a directory. */
    public long size(Cid cid) {
        return loader.load(cid).contentSize();
    }

    /** The type of the node: FILE (also for raw blocks), RAW, DIRECTORY, HAMT_SHARD or SYMLINK. */
    public UnixfsType type(Cid cid) {
        return loader.load(cid).type();
    }

    /**
     * The node itself as an entry (empty name, tsize 0): type, size, and its UnixFS 1.5 mode and mtime, all from its
     * root block, the one block read.
     */
    public UnixfsEntry stat(Cid cid) {
        return entryOf("", loader.load(cid), 0);
    }

    /** The target of a symlink node. */
    public String readSymlink(Cid cid) {
        UnixfsNode n = loader.load(cid);
        if (n.type() != UnixfsType.SYMLINK) {
            throw new UnixfsException(cid + " is not a symlink");
        }
        byte[] target = n.data().data() == null ? new byte[0] : n.data().data();
        return new String(target, StandardCharsets.UTF_8);
    }

    /**
     * The entries of a plain or sharded directory, each child's root block fetched to learn its type, size, mode and
     * mtime.
     */
    public List<UnixfsEntry> ls(Cid dir) {
        List<UnixfsEntry> out = new ArrayList<>();
        forEachLink(loader.load(dir), link -> out.add(describe(link.name(), link.cid(), link.tsize())));
        return out;
    }

    /** The links of a plain or sharded directory, in the order they are stored; no child is loaded. */
    public List<UnixfsLink> links(Cid dir) {
        List<UnixfsLink> out = new ArrayList<>();
        forEachLink(loader.load(dir), link -> out.add(new UnixfsLink(link.name(), link.cid(), link.tsize())));
        return out;
    }

    /** Resolves a '/'-separated path (empty segments ignored) below {@code root}, through plain and HAMT dirs. */
    public Cid resolve(Cid root, String path) {
        Cid current = root;
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            current = child(loader.load(current), segment);
        }
        return current;
    }

    /**
     * Writes the node to {@code target}, which must not exist: a file, a directory tree (plain or sharded), or a
     * symlink (created as a symlink, never followed). Names are checked first: empty, ".", "..", or containing '/'
     * or NUL are refused, as are duplicate names, so nothing is written outside {@code target}.
     *
     * <p>UnixFS 1.5 metadata is restored through {@link DiskMetadata}: a file's or directory's mode (permission bits
     * only) and mtime, a symlink's mtime. A directory gets its own once its children are written, so a read-only
     * directory can still be filled and writing into it does not move its mtime. Nodes without metadata get none
     * (the umask's mode, the current time).
     */
    public void get(Cid cid, Path target) throws IOException {
        write(loader.load(cid), target, 0);
    }

    private void write(UnixfsNode n, Path target, int depth) throws IOException {
        if (depth > MAX_DIR_DEPTH) {
            throw new UnixfsException("directory tree deeper than " + MAX_DIR_DEPTH);
        }
        switch (n.type()) {
            case FILE, RAW -> {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                        InputStream in = new UnixfsFileStream(loader, n, 0, n.contentSize())) {
                    in.transferTo(out);
                }
                DiskMetadata.apply(target, n.mode(), n.mtime());
            }
            case SYMLINK -> {
                String link = readSymlink(n.cid());
                if (link.isEmpty() || link.indexOf('\0') >= 0) {
                    throw new UnixfsException(n.cid() + ": invalid symlink target");
                }
                Files.createSymbolicLink(target, Path.of(link));
                DiskMetadata.apply(target, null, n.mtime());
            }
            case DIRECTORY, HAMT_SHARD -> {
                List<Link> links = new ArrayList<>();
                Set<String> names = new HashSet<>();
                forEachLink(n, link -> {
                    checkName(link.name());
                    if (!names.add(link.name())) {
                        throw new UnixfsException(n.cid() + ": duplicate entry name " + link.name());
                    }
                    links.add(link);
                });
                Files.createDirectory(target);
                for (Link link : links) {
                    write(loader.load(link.cid()), target.resolve(link.name()), depth + 1);
                }
                // after the children: a read-only directory is still filled, and their writes do not move its mtime
                DiskMetadata.apply(target, n.mode(), n.mtime());
            }
            default -> throw new UnixfsException(n.cid() + ": cannot export a " + n.type());
        }
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new UnixfsException("unsafe entry name \"" + name + "\"");
        }
    }

    private UnixfsEntry describe(String name, Cid cid, long tsize) {
        return entryOf(name, loader.load(cid), tsize);
    }

    private static UnixfsEntry entryOf(String name, UnixfsNode n, long tsize) {
        return new UnixfsEntry(name, n.cid(), n.type(), n.contentSize(), tsize, n.mode(), n.mtime());
    }

    private record Link(String name, Cid cid, long tsize) {
    }

    private void forEachLink(UnixfsNode dir, Consumer<Link> sink) {
        switch (dir.type()) {
            case DIRECTORY -> {
                for (PbLink l : dir.pb().links()) {
                    if (l.name() == null) {
                        throw new UnixfsException(dir.cid() + ": directory link without a name");
                    }
                    sink.accept(new Link(l.name(), l.hash(), l.tsize() == null ? 0 : l.tsize()));
                }
            }
            case HAMT_SHARD -> walkShard(dir, sink, shardFanout(dir, -1), 0);
            default -> throw new UnixfsException(dir.cid() + " is a " + dir.type() + ", not a directory");
        }
    }

    /** Checks a shard node's header and bitfield against its links; returns its fanout. */
    static long shardFanout(UnixfsNode shard, long parentFanout) {
        UnixfsData d = shard.data();
        if (d.type() != UnixfsType.HAMT_SHARD) {
            throw new UnixfsException(shard.cid() + ": HAMT sub-shard is a " + d.type());
        }
        if (d.hashType() == null || d.hashType() != DirectoryBuilder.HASH_MURMUR3_X64_64) {
            throw new UnixfsException(shard.cid() + ": unsupported HAMT hash type " + d.hashType());
        }
        if (d.fanout() == null || d.fanout() < 2 || d.fanout() > MAX_FANOUT || Long.bitCount(d.fanout()) != 1) {
            throw new UnixfsException(shard.cid() + ": bad HAMT fanout " + d.fanout());
        }
        if (parentFanout > 0 && d.fanout() != parentFanout) {
            throw new UnixfsException(shard.cid() + ": sub-shard fanout differs from its parent's");
        }
        byte[] bitfield = d.data() == null ? new byte[0] : d.data();
        if (bitfield.length > d.fanout() / 8 + 1) {
            throw new UnixfsException(shard.cid() + ": HAMT bitfield longer than the fanout");
        }
        int pad = HamtHash.padLength(d.fanout());
        int previous = -1;
        for (PbLink l : shard.pb().links()) {
            int index = slotOf(shard, l, pad, d.fanout());
            if (index <= previous) {
                throw new UnixfsException(shard.cid() + ": HAMT links out of slot order");
            }
            previous = index;
            int byteIndex = bitfield.length - 1 - index / 8;
            if (byteIndex < 0 || (bitfield[byteIndex] & (1 << (index % 8))) == 0) {
                throw new UnixfsException(shard.cid() + ": HAMT link in slot " + index + " not set in the bitfield");
            }
        }
        int set = 0;
        for (byte b : bitfield) {
            set += Integer.bitCount(b & 0xFF);
        }
        if (set != shard.pb().links().size()) {
            throw new UnixfsException(shard.cid() + ": HAMT bitfield has " + set + " slots for "
                    + shard.pb().links().size() + " links");
        }
        return d.fanout();
    }

    private static int slotOf(UnixfsNode shard, PbLink l, int pad, long fanout) {
        String name = l.name();
        if (name == null || name.length() < pad) {
            throw new UnixfsException(shard.cid() + ": HAMT link name too short: " + name);
        }
        int index = 0;
        for (int i = 0; i < pad; i++) {
            char c = name.charAt(i);
            int v = Character.digit(c, 16);
            if (v < 0 || Character.isLowerCase(c)) {
                throw new UnixfsException(shard.cid() + ": HAMT link name without a hex prefix: " + name);
            }
            index = index * 16 + v;
        }
        if (index >= fanout) {
            throw new UnixfsException(shard.cid() + ": HAMT slot " + index + " beyond fanout " + fanout);
        }
        return index;
    }

    private void walkShard(UnixfsNode shard, Consumer<Link> sink, long fanout, int depth) {
        if (depth > MAX_HAMT_DEPTH) {
            throw new UnixfsException("HAMT deeper than " + MAX_HAMT_DEPTH);
        }
        int pad = HamtHash.padLength(fanout);
        for (PbLink l : shard.pb().links()) {
            long tsize = l.tsize() == null ? 0 : l.tsize();
            if (l.name().length() == pad) {
                UnixfsNode sub = loader.load(l.hash());
                walkShard(sub, sink, shardFanout(sub, fanout), depth + 1);
            } else {
                sink.accept(new Link(l.name().substring(pad), l.hash(), tsize));
            }
        }
    }

    private Cid child(UnixfsNode dir, String name) {
        switch (dir.type()) {
            case DIRECTORY -> {
                for (PbLink l : dir.pb().links()) {
                    if (name.equals(l.name())) {
                        return l.hash();
                    }
                }
                throw new UnixfsPathException("no entry \"" + name + "\" in " + dir.cid());
            }
            case HAMT_SHARD -> {
                return shardLookup(dir, name);
            }
            default -> throw new UnixfsPathException(dir.cid() + " is a " + dir.type() + ", not a directory; cannot"
                    + " resolve \"" + name + "\"");
        }
    }

    private Cid shardLookup(UnixfsNode root, String name) {
        long fanout = shardFanout(root, -1);
        int bits = HamtHash.bitsFor(fanout);
        int pad = HamtHash.padLength(fanout);
        HamtHash hash = new HamtHash(name.getBytes(StandardCharsets.UTF_8));
        UnixfsNode shard = root;
        for (int level = 0; level <= MAX_HAMT_DEPTH; level++) {
            String prefix = HamtHash.prefix(hash.index(level, bits), pad);
            PbLink found = null;
            for (PbLink l : shard.pb().links()) {
                if (l.name() != null && l.name().startsWith(prefix)) {
                    found = l;
                    break;
                }
            }
            if (found == null) {
                break;
            }
            if (found.name().length() == pad) {
                shard = loader.load(found.hash());
                shardFanout(shard, fanout);
                continue;
            }
            if (found.name().substring(pad).equals(name)) {
                return found.hash();
            }
            break;
        }
        throw new UnixfsPathException("no entry \"" + name + "\" in " + root.cid());
    }

}
