package dev.ferry.dag.mfs;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.unixfs.FilePrefix;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.ImportedEntry;
import dev.ferry.dag.unixfs.UnixfsDirectoryWriter;
import dev.ferry.dag.unixfs.UnixfsException;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.unixfs.UnixfsLink;
import dev.ferry.dag.unixfs.UnixTime;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Mutable File System, as Kubo's {@code ipfs files}: one UnixFS directory tree whose root CID changes with
 * every operation and is saved in a {@link MfsRootStore} (starting as the empty directory, CIDv0, as Kubo's).
 *
 * <p>Every change rewrites the directories from the changed one up to the root (copy on write: the old tree stays
 * valid, so readers never see a half-made change) and saves the new root only after the store has synced its blocks:
 * a crash leaves the previous root or the new one, both complete. A change made without flushing (Kubo's
 * {@code --flush=false}, for batches) skips the sync and the save; the next flushing change or {@link #flush} saves
 * everything, and a crash before that loses those changes, as in Kubo. Directories are written as Kubo's dynamic
 * directories (plain, or HAMT past 256 KiB of links; see {@link UnixfsDirectoryWriter}), each keeping its CID
 * version; a change in a sharded one reads and writes only the shards on the changed name's path, with the CIDs
 * writing it whole would give. A file written through {@link #write} gets the DAG {@code ipfs add} makes of its new content (balanced,
 * 256 KiB chunks), so its CID is the one {@code ipfs add} gives the same bytes; Kubo's MFS appends with the trickle
 * layout instead, so files written there have other CIDs (content copied in with {@link #copy} keeps its CID). The
 * old file's whole chunks before the write are linked as they are ({@link FilePrefix}); the rest is imported again.
 *
 * <p>UnixFS 1.5 metadata ({@link NodeMetadata}: mode and mtime) is set by {@link #chmod} and {@link #touch} on a
 * file's root node or a directory's node, and kept as boxo's MFS keeps it: a directory keeps its own through changes
 * of its entries, copies and moves link the same node, and a write keeps the file's mode and makes its mtime now when
 * it has one. Only the root node is written again ({@link MetadataRewriter}); the content below stays.
 *
 * <p>Reads go through the {@link Blockstore} each call is given (a node's fetching view, or a local store), which
 * verifies every block; blocks written go to the same store. Changes are serialized by one lock; reads take a
 * snapshot of the root and need no lock. Operations throw {@link MfsException} (nothing changed),
 * {@link MfsArgumentException} for malformed arguments, and the store's exceptions for missing or corrupt blocks.
 */
public final class Mfs {
    /** The empty UnixFS directory (CIDv0), the root of a new MFS. */
    public static final Cid EMPTY_DIRECTORY = EmptyDirectoryStore.cid();

    private final MfsRootStore rootStore;
    private final Clock clock; // "now" for touch and for the mtime a write updates
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Cid root;
    private volatile boolean dirty; // the root differs from the saved one (changes made with flush off)
    private final ShardEstimates shardEstimates = new ShardEstimates(); // used under the lock

    public Mfs(MfsRootStore rootStore) {
        this(rootStore, Clock.systemUTC());
    }

    /** An MFS whose modification times ("now") come from {@code clock}. */
    public Mfs(MfsRootStore rootStore, Clock clock) {
        this.rootStore = Objects.requireNonNull(rootStore, "rootStore");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.root = rootStore.load().orElse(EMPTY_DIRECTORY);
    }

    /** The current root (a consistent snapshot; a garbage collector keeps what it reaches). */
    public Cid root() {
        return root;
    }

    // ---- reading ----

    /** The node at {@code path}. */
    public Cid lookup(Blockstore store, String path) {
        return lookup(store, root, MfsPath.parse(path));
    }

    /** {@code files stat} of the node at an MFS path. */
    public MfsStat stat(Blockstore store, String path) {
        return stat(store, lookup(store, path));
    }

    /** {@code files stat} of any UnixFS node, as Kubo computes it. */
    public static MfsStat stat(Blockstore given, Cid cid) {
        final Blockstore store = EmptyDirectoryStore.over(given);
        Block block = store.get(cid).orElseThrow(() -> new BlockNotFoundException("block " + cid + " not found"));
        UnixfsExporter exporter = new UnixfsExporter(store);
        UnixfsType type;
        try {
            type = exporter.type(cid);
        } catch (UnixfsException e) {
            throw new MfsException(cid + " is not a UnixFS node: " + e.getMessage(), e);
        }
        long cumulative = block.size();
        int links = 0;
        NodeMetadata metadata = NodeMetadata.NONE;
        if (cid.codec() == Multicodec.DAG_PB.code()) {
            for (PbLink l : PbCodec.decode(block.data()).links()) {
                cumulative += l.tsize() == null ? 0 : l.tsize();
                links++;
            }
            metadata = NodeMetadata.of(store, cid);
        }
        String kind = type.isDirectory() ? "directory" : type == UnixfsType.SYMLINK ? "symlink" : "file";
        return new MfsStat(cid, type.isDirectory() ? 0 : exporter.size(cid), cumulative, links, kind,
                metadata.mode(), metadata.mtime());
    }

    /**
     * How much of the DAG under {@code cid} is in {@code local} (never fetched): Kubo's {@code --with-local}, which
     * counts a block once per link to it, as the cumulative size does. Each distinct block is read once (a shared
     * subtree's answer is reused), so heavily shared DAGs cost their size, not their number of paths.
     *
     * @return the bytes of the blocks present, and whether every block is
     */
    public static Locality locality(Blockstore given, Cid cid) {
        final Blockstore local = EmptyDirectoryStore.over(given);
        return locality(local, cid, new java.util.HashMap<>(), 0);
    }

    private static Locality locality(Blockstore local, Cid cid, java.util.Map<Cid, Locality> seen, int depth) {
        Locality known = seen.get(cid);
        if (known != null) {
            return known;
        }
        if (depth > 4096) {
            throw new MfsException("DAG deeper than 4096 levels under " + cid);
        }
        java.util.Optional<Block> block = local.has(cid) ? local.get(cid) : java.util.Optional.empty();
        Locality result;
        if (block.isEmpty()) {
            result = new Locality(false, 0);
        } else {
            boolean complete = true;
            long bytes = block.get().size();
            for (Cid child : dev.ferry.dag.walk.Links.of(block.get())) {
                Locality c = locality(local, child, seen, depth + 1);
                complete &= c.complete();
                bytes += c.bytes();
            }
            result = new Locality(complete, bytes);
        }
        seen.put(cid, result);
        return result;
    }

    /** The local part of a DAG: whether it is whole, and the bytes present. */
    public record Locality(boolean complete, long bytes) {
    }

    /**
     * The entries of the directory at {@code path} in its stored order, or the file itself as one entry; with
     * {@code details}, each child is read for its type and size (else only names are given).
     */
    public List<MfsEntry> list(Blockstore given, String path, boolean details) {
        final Blockstore store = EmptyDirectoryStore.over(given);
        MfsPath p = MfsPath.parse(path);
        return list(store, lookup(store, root, p), p.isRoot() ? "" : p.name(), details);
    }

    /** As {@link #list(Blockstore, String, boolean)}, for any UnixFS node; a file is listed under {@code name}. */
    public static List<MfsEntry> list(Blockstore given, Cid cid, String name, boolean details) {
        final Blockstore store = EmptyDirectoryStore.over(given);
        UnixfsExporter exporter = new UnixfsExporter(store);
        UnixfsType type;
        try {
            type = exporter.type(cid);
        } catch (UnixfsException e) {
            throw new MfsException(cid + " is not a UnixFS node: " + e.getMessage(), e);
        }
        if (!type.isDirectory()) {
            return List.of(details ? new MfsEntry(name, false, exporter.size(cid), cid)
                    : new MfsEntry(name, false, 0, null));
        }
        List<MfsEntry> out = new ArrayList<>();
        for (UnixfsLink l : links(exporter, cid, name)) {
            if (!details) {
                out.add(new MfsEntry(l.name(), false, 0, null));
                continue;
            }
            UnixfsType t = exporter.type(l.cid());
            out.add(new MfsEntry(l.name(), t.isDirectory(), t.isDirectory() ? 0 : exporter.size(l.cid()), l.cid()));
        }
        return out;
    }

    /**
     * {@code count} bytes (all when negative) of the file at {@code path} from {@code offset}, fetched as read.
     *
     * @throws MfsException when the path is not a file or the offset lies past its end
     */
    public InputStream read(Blockstore given, String path, long offset, long count) {
        final Blockstore store = EmptyDirectoryStore.over(given);
        if (offset < 0) {
            throw new MfsArgumentException("cannot specify negative offset");
        }
        MfsPath p = MfsPath.parse(path);
        Cid cid = lookup(store, root, p);
        UnixfsExporter exporter = new UnixfsExporter(store);
        requireFile(exporter, cid, p);
        long size = exporter.size(cid);
        if (offset > size) {
            throw new MfsException("offset was past end of file (" + offset + " > " + size + ")");
        }
        return exporter.cat(cid, offset, count);
    }

    // ---- changing ----

    /**
     * {@code files mkdir}: a new empty directory with {@code cidVersion} (null: its parent's). With
     * {@code parents}, missing parents are made too and an existing directory is no error.
     */
    public void mkdir(Blockstore store, String path, boolean parents, Integer cidVersion) {
        mkdir(store, path, parents, cidVersion, true);
    }

    /** As above; without {@code flush} the change is kept in memory until the next flush (Kubo's --flush=false). */
    public void mkdir(Blockstore given, String path, boolean parents, Integer cidVersion, boolean flush) {
        checkVersion(cidVersion);
        mkdir(given, path, parents, cidVersion == null ? null : new NodeFormat(cidVersion, HashFunction.SHA2_256),
                flush);
    }

    /**
     * {@code files mkdir} with Kubo's {@code --cid-version} and {@code --hash} ({@link NodeFormat#fromOptions}): the
     * new directory, and the parents made with it, get {@code format} (null: each its parent's).
     */
    public void mkdir(Blockstore given, String path, boolean parents, NodeFormat format, boolean flush) {
        final Blockstore store = EmptyDirectoryStore.over(given);
        MfsPath p = MfsPath.parse(path);
        lock.lock();
        try {
            if (p.isRoot()) {
                if (parents) {
                    return;
                }
                throw new MfsException("cannot create directory '/': Already exists");
            }
            Cid updated = edit(store, root, p.parent(), parents, format, dir -> {
                UnixfsLink existing = dir.get(p.name());
                if (existing != null) {
                    if (parents && new UnixfsExporter(store).type(existing.cid()).isDirectory()) {
                        return;
                    }
                    throw new MfsException(p + ": file already exists");
                }
                NodeFormat f = format != null ? format : dir.format;
                UnixfsDirectoryWriter.Written w = UnixfsDirectoryWriter.write(store, f.cidVersion(),
                        f.hashFunction(), List.of());
                dir.put(new UnixfsLink(p.name(), w.cid(), w.tsize()));
            });
            commit(store, updated, flush);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code files write}: {@code data} written into the file at {@code path} as the options say; the file is then
     * imported again whole (see the class comment), keeping its mode, and its mtime becomes now if it has one.
     *
     * @return the file's new CID
     */
    public Cid write(Blockstore store, String path, InputStream data, MfsWrite options) throws IOException {
        return write(store, path, data, options, true);
    }

    /** As above; without {@code flush} the change is kept in memory until the next flush (Kubo's --flush=false). */
    public Cid write(Blockstore given, String path, InputStream data, MfsWrite options, boolean flush)
            throws IOException {
        final Blockstore store = EmptyDirectoryStore.over(given);
        MfsPath p = MfsPath.parse(path);
        if (p.isRoot() || p.trailingSlash()) {
            throw new MfsException(p + " is a directory, not a file");
        }
        lock.lock();
        try {
            UnixfsExporter exporter = new UnixfsExporter(store);
            Cid[] written = new Cid[1];
            Cid updated = edit(store, root, p.parent(), options.parents(), options.format(), dir -> {
                UnixfsLink old = dir.get(p.name());
                if (old != null) {
                    requireFile(exporter, old.cid(), p);
                } else if (!options.create()) {
                    throw new MfsException(p + ": file does not exist");
                }
                long oldSize = old == null || options.truncate() ? 0 : exporter.size(old.cid());
                try {
                    PushbackInputStream in = new PushbackInputStream(data, 1);
                    int first = options.count() == 0 ? -1 : in.read();
                    if (first >= 0) {
                        in.unread(first);
                    }
                    if (first < 0 && old != null && !options.truncate() && options.offset() <= oldSize) {
                        written[0] = old.cid(); // nothing written: the file stays as it is
                        return;
                    }
                    NodeFormat f = options.format() != null ? options.format()
                            : old != null ? NodeFormat.of(old.cid()) : dir.format;
                    boolean raw = options.rawLeaves() != null ? options.rawLeaves() : f.cidVersion() > 0;
                    ImportOptions io = ImportOptions.kuboDefaults().withCidVersion(f.cidVersion()).withRawLeaves(raw)
                            .withHashFunction(f.hashFunction());
                    // the old file's whole leaves before the write are linked again, not read and hashed again
                    FilePrefix reused = old == null ? FilePrefix.none()
                            : FilePrefix.of(store, old.cid(), io, Math.min(options.offset(), oldSize));
                    try (SplicedStream spliced = new SplicedStream(exporter, old == null ? null : old.cid(),
                            oldSize, options.offset(), in, options.count(), reused.bytes())) {
                        ImportedEntry e = new UnixfsImporter(store, io).importAfter(reused, spliced, p.name());
                        UnixfsLink link = new UnixfsLink(p.name(), e.cid(), e.size());
                        NodeMetadata kept = old == null ? NodeMetadata.NONE : NodeMetadata.of(store, old.cid());
                        if (!kept.isEmpty()) {
                            // the mode stays; a modification time, when the file has one, becomes now (as boxo's)
                            NodeMetadata m = kept.mtime() == null ? kept : kept.withMtime(now());
                            UnixfsDirectoryWriter.Written w = MetadataRewriter.rewrite(store, e.cid(), m);
                            link = new UnixfsLink(p.name(), w.cid(), w.tsize());
                        }
                        dir.put(link);
                        written[0] = link.cid();
                    }
                } catch (IOException e) {
                    throw new MfsException("write failed: " + e.getMessage(), e);
                }
            });
            commit(store, updated, flush);
            return written[0];
        } catch (MfsException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code files cp}: links the node {@code source} (an {@code /ipfs/} path's node, or one found in MFS) at
     * {@code dest}; a destination ending in '/' takes {@code sourceName}. Only the source's root block is read.
     */
    public void copy(Blockstore store, Cid source, String sourceName, String dest, boolean parents) {
        copy(store, source, sourceName, dest, parents, true);
    }

    /** As above; without {@code flush} the change is kept in memory until the next flush (Kubo's --flush=false). */
    public void copy(Blockstore given, Cid source, String sourceName, String dest, boolean parents, boolean flush) {
        final Blockstore store = EmptyDirectoryStore.over(given);
        MfsPath d = MfsPath.parse(dest);
        if (d.trailingSlash()) {
            d = d.child(sourceName);
        }
        if (d.isRoot()) {
            throw new MfsException("cp: cannot put node in path /: the root cannot be replaced");
        }
        MfsPath target = d;
        long tsize = unixfsTsize(store, source);
        lock.lock();
        try {
            Cid updated = edit(store, root, target.parent(), parents, null, dir -> {
                if (dir.contains(target.name())) {
                    throw new MfsException("cp: cannot put node in path " + target
                            + ": directory already has entry by that name");
                }
                dir.put(new UnixfsLink(target.name(), source, tsize));
            });
            commit(store, updated, flush);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks an {@code add --to-files} destination before anything is added: a path ending in '/' (or the root) must
     * be an existing directory, any other path's parent must exist.
     */
    public void checkAddDestination(Blockstore given, String dest) {
        final Blockstore store = EmptyDirectoryStore.over(given);
        MfsPath p = MfsPath.parse(dest.isEmpty() ? "/" : dest);
        Cid current = root;
        if (p.isRoot() || p.trailingSlash()) {
            Cid dir = find(store, current, p);
            if (dir == null) {
                throw new MfsException("to-files: MFS destination directory " + p + "/ does not exist");
            }
            if (!new UnixfsExporter(store).type(dir).isDirectory()) {
                throw new MfsException("to-files: MFS destination " + p + " is not a directory");
            }
        } else if (find(store, current, p.parent()) == null) {
            throw new MfsException("to-files: MFS destination parent " + p.parent() + " does not exist");
        }
    }

    /**
     * Kubo's {@code add --to-files}: links what an add made at {@code dest}, each top-level entry under its own name
     * in a destination ending in '/', or the one entry under the destination's name. Parents are not made; existing
     * names are not replaced. One change: all entries or none.
     */
    public void linkAdded(Blockstore given, String dest, List<ImportedEntry> added) {
        final Blockstore store = EmptyDirectoryStore.over(given);
        MfsPath p = MfsPath.parse(dest.isEmpty() ? "/" : dest);
        boolean intoDirectory = p.isRoot() || p.trailingSlash();
        if (!intoDirectory && added.size() > 1) {
            throw new MfsException("to-files: MFS destination is a file: only one entry can be copied to " + p);
        }
        lock.lock();
        try {
            checkAddDestination(store, dest);
            Cid current = root;
            for (ImportedEntry e : added) {
                String name = e.path().substring(e.path().lastIndexOf('/') + 1);
                if (name.isEmpty()) {
                    throw new MfsException("to-files: cannot add unnamed files to MFS");
                }
                MfsPath target = intoDirectory ? p.child(name) : p;
                current = edit(store, current, target.parent(), false, null, dir -> {
                    if (dir.contains(target.name())) {
                        throw new MfsException("to-files: cannot put node in path " + target
                                + ": directory already has entry by that name");
                    }
                    dir.put(new UnixfsLink(target.name(), e.cid(), e.size()));
                });
            }
            commit(store, current, true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code files mv}, as Kubo's: onto an existing directory (or a path ending in '/') the entry moves into it;
     * onto an existing file it replaces it.
     */
    public void move(Blockstore store, String source, String dest) {
        move(store, source, dest, true);
    }

    /** As above; without {@code flush} the change is kept in memory until the next flush (Kubo's --flush=false). */
    public void move(Blockstore given, String source, String dest, boolean flush) {
        final Blockstore store = EmptyDirectoryStore.over(given);
        MfsPath s = MfsPath.parse(source);
        MfsPath d = MfsPath.parse(dest);
        if (s.isRoot()) {
            throw new MfsException("cannot move the root");
        }
        lock.lock();
        try {
            UnixfsExporter exporter = new UnixfsExporter(store);
            Cid moved = lookup(store, root, s);
            MfsPath target = d.trailingSlash() || d.isRoot() ? d.child(s.name()) : d;
            boolean replace = true; // Kubo replaces a file named as the target, not one inside a target directory
            if (!target.equals(s)) {
                Cid existing = find(store, root, target);
                if (existing != null && exporter.type(existing).isDirectory()) {
                    target = target.child(s.name());
                    replace = false;
                }
            }
            if (target.equals(s)) {
                return;
            }
            if (s.contains(target)) {
                throw new MfsException("cannot move " + s + " into itself");
            }
            MfsPath to = target;
            boolean mayReplace = replace;
            long tsize = unixfsTsize(store, moved);
            Cid without = edit(store, root, s.parent(), false, null, dir -> dir.remove(s.name()));
            Cid updated = edit(store, without, to.parent(), false, null, dir -> {
                UnixfsLink there = dir.get(to.name());
                if (there != null && (!mayReplace || exporter.type(there.cid()).isDirectory())) {
                    throw new MfsException("cannot move " + s + " to " + to
                            + ": directory already has entry by that name");
                }
                dir.put(new UnixfsLink(to.name(), moved, tsize));
            });
            commit(store, updated, flush);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code files rm}: each path's entry unlinked; a directory only with {@code recursive}; with {@code force},
     * missing entries are no error and anything is removed, whatever its type.
     */
    public void remove(Blockstore store, List<String> paths, boolean recursive, boolean force) {
        remove(store, paths, recursive, force, true);
    }

    /** As above; without {@code flush} the change is kept in memory until the next flush (Kubo's --flush=false). */
    public void remove(Blockstore given, List<String> paths, boolean recursive, boolean force, boolean flush) {
        final Blockstore store = EmptyDirectoryStore.over(given);
        List<MfsPath> parsed = new ArrayList<>();
        for (String text : paths) {
            MfsPath p = MfsPath.parse(text);
            if (p.isRoot()) {
                throw new MfsException("cannot delete root");
            }
            parsed.add(p);
        }
        lock.lock();
        try {
            UnixfsExporter exporter = new UnixfsExporter(store);
            Cid current = root;
            for (MfsPath p : parsed) {
                if (force && find(store, current, p.parent()) == null) {
                    continue;
                }
                current = edit(store, current, p.parent(), false, null, dir -> {
                    UnixfsLink child = dir.get(p.name());
                    if (child == null) {
                        if (force) {
                            return;
                        }
                        throw new MfsException(p + ": file does not exist");
                    }
                    if (!force && !recursive && exporter.type(child.cid()).isDirectory()) {
                        throw new MfsException(p + " is a directory, use -r to remove directories");
                    }
                    dir.remove(p.name());
                });
            }
            commit(store, current, flush);
        } finally {
            lock.unlock();
        }
    }

    /** {@code files chcid}: the directory at {@code path} rewritten with another CID version (null: unchanged). */
    public void changeCidVersion(Blockstore store, String path, Integer cidVersion) {
        changeCidVersion(store, path, cidVersion, true);
    }

    /** As above; without {@code flush} the change is kept in memory until the next flush (Kubo's --flush=false). */
    public void changeCidVersion(Blockstore given, String path, Integer cidVersion, boolean flush) {
        checkVersion(cidVersion);
        changeFormat(given, path, cidVersion == null ? null : new NodeFormat(cidVersion, HashFunction.SHA2_256),
                flush);
    }

    /**
     * {@code files chcid} with Kubo's {@code --cid-version} and {@code --hash}: the directory at {@code path} (its own
     * node; the entries keep theirs) rewritten with {@code format}; null changes nothing.
     */
    public void changeFormat(Blockstore given, String path, NodeFormat format, boolean flush) {
        final Blockstore store = EmptyDirectoryStore.over(given);
        MfsPath p = MfsPath.parse(path);
        if (format == null) {
            lookup(store, root, p);
            return;
        }
        lock.lock();
        try {
            Cid cid = lookup(store, root, p);
            if (!new UnixfsExporter(store).type(cid).isDirectory()) {
                throw new MfsException("can only update directories");
            }
            Cid updated = edit(store, root, p, false, null, dir -> dir.format = format);
            commit(store, updated, flush);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code files chmod}: the node at {@code path} (file or directory, the root too) gets the permission bits
     * {@code mode} (0 to 07777; 0 unsets the mode); only its own node is written again.
     */
    public void chmod(Blockstore given, String path, long mode, boolean flush) {
        if (mode < 0 || mode > UnixMode.MAX) {
            throw new MfsArgumentException("invalid mode " + Long.toOctalString(mode) + ": 0 to 7777 (octal)");
        }
        changeMetadata(given, path, m -> m.withMode(UnixMode.changed(m.mode(), mode)), flush);
    }

    /** {@code files touch}: the node at {@code path} gets the modification time {@code mtime} (null: now). */
    public void touch(Blockstore given, String path, UnixTime mtime, boolean flush) {
        changeMetadata(given, path, m -> m.withMtime(mtime != null ? mtime : now()), flush);
    }

    /**
     * The time {@code files touch --mtime S --mtime-nsecs N} sets, as Kubo reads its options: no seconds (or 0) mean
     * now (null), and the nanoseconds then count for nothing.
     *
     * @throws MfsArgumentException when the nanoseconds are outside 0..999999999
     */
    public static UnixTime touchTime(Long seconds, Long nanos) {
        if (nanos != null && (nanos < 0 || nanos > 999_999_999)) {
            throw new MfsArgumentException("mtime-nsecs out of range: " + nanos + " (0 to 999999999)");
        }
        if (seconds == null || seconds == 0) {
            return null;
        }
        return new UnixTime(seconds, nanos == null || nanos == 0 ? null : nanos.intValue());
    }

    /**
     * Changes the metadata of one node: a directory's is kept in its node, a file's goes on its root node, written
     * again with the same links (its content DAG stays); the change then goes up to the root as any other.
     */
    private void changeMetadata(Blockstore given, String path, UnaryOperator<NodeMetadata> change, boolean flush) {
        final Blockstore store = EmptyDirectoryStore.over(given);
        MfsPath p = MfsPath.parse(path);
        lock.lock();
        try {
            Cid cid = lookup(store, root, p);
            Cid updated;
            if (cid.codec() == Multicodec.DAG_PB.code() && new UnixfsExporter(store).type(cid).isDirectory()) {
                updated = edit(store, root, p, false, null, dir -> dir.metadata = change.apply(dir.metadata));
            } else {
                updated = edit(store, root, p.parent(), false, null, dir -> {
                    UnixfsLink old = dir.get(p.name());
                    UnixfsDirectoryWriter.Written w = MetadataRewriter.rewrite(store, old.cid(),
                            change.apply(NodeMetadata.of(store, old.cid())));
                    dir.put(new UnixfsLink(p.name(), w.cid(), w.tsize()));
                });
            }
            commit(store, updated, flush);
        } finally {
            lock.unlock();
        }
    }

    /** The clock's time as a UnixFS modification time. */
    private UnixTime now() {
        Instant t = clock.instant();
        return new UnixTime(t.getEpochSecond(), t.getNano() == 0 ? null : t.getNano());
    }

    /**
     * {@code files flush}: saves the root if changes made without flushing are pending (their blocks synced first),
     * and returns the node at {@code path}.
     */
    public Cid flush(Blockstore given, String path) {
        final Blockstore store = EmptyDirectoryStore.over(given);
        MfsPath p = MfsPath.parse(path);
        lock.lock();
        try {
            save(store);
            return lookup(store, root, p);
        } finally {
            lock.unlock();
        }
    }

    /** Saves the root if changes made without flushing wait (their blocks synced first); nothing else is read. */
    public void saveUnflushed(Blockstore store) {
        lock.lock();
        try {
            save(store);
        } finally {
            lock.unlock();
        }
    }

    /** Whether changes made without flushing wait to be saved. */
    public boolean hasUnsavedChanges() {
        return dirty;
    }

    // ---- internals ----

    private interface DirEdit {
        void apply(MfsDirectory dir);
    }

    /**
     * Applies {@code edit} to the directory at {@code dirPath} below {@code from}, then writes that directory and
     * every one above it again; returns the new root (not yet saved). Missing directories on the way are made
     * (with {@code newDirFormat}, else their parent's format) when {@code createParents}, else refused.
     */
    private Cid edit(Blockstore store, Cid from, MfsPath dirPath, boolean createParents, NodeFormat newDirFormat,
                     DirEdit edit) {
        List<MfsDirectory> chain = new ArrayList<>();
        chain.add(MfsDirectory.read(store, from, MfsPath.ROOT));
        MfsPath at = MfsPath.ROOT;
        for (String name : dirPath.segments()) {
            MfsDirectory parent = chain.get(chain.size() - 1);
            at = at.child(name);
            UnixfsLink link = parent.get(name);
            if (link == null) {
                if (!createParents) {
                    throw new MfsException(at + ": file does not exist");
                }
                chain.add(MfsDirectory.created(newDirFormat != null ? newDirFormat : parent.format));
            } else {
                chain.add(MfsDirectory.read(store, link.cid(), at));
            }
        }
        edit.apply(chain.get(chain.size() - 1));
        UnixfsDirectoryWriter.Written w = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            MfsDirectory dir = chain.get(i);
            if (w != null) {
                dir.put(new UnixfsLink(dirPath.segments().get(i), w.cid(), w.tsize()));
            }
            w = dir.write(store, shardEstimates);
        }
        return w.cid();
    }

    private static List<UnixfsLink> links(UnixfsExporter exporter, Cid cid, Object path) {
        try {
            return exporter.links(cid);
        } catch (UnixfsException e) {
            throw new MfsException(path + ": " + e.getMessage(), e);
        }
    }

    /** The node at {@code p} below {@code from}. */
    private Cid lookup(Blockstore store, Cid from, MfsPath p) {
        Cid found = find(store, from, p);
        if (found == null) {
            throw new MfsException(p + ": file does not exist");
        }
        return found;
    }

    /** The node at {@code p} below {@code from}, or null when some name on the way is missing. */
    private Cid find(Blockstore store, Cid from, MfsPath p) {
        UnixfsExporter exporter = new UnixfsExporter(store);
        Cid current = from;
        MfsPath at = MfsPath.ROOT;
        for (String name : p.segments()) {
            if (current.codec() != Multicodec.DAG_PB.code() || !exporter.type(current).isDirectory()) {
                throw new MfsException(at + " is not a directory");
            }
            at = at.child(name);
            try {
                // by name in a plain directory, by the name's hash in a sharded one: one shard per level is read
                current = exporter.resolve(current, name);
            } catch (dev.ferry.dag.unixfs.UnixfsPathException missing) {
                return null;
            }
        }
        return current;
    }

    /** Makes {@code updated} the root; saved (after its blocks are synced) at once, or at the next flush. */
    private void commit(Blockstore store, Cid updated, boolean flush) {
        if (updated != null && !updated.equals(root)) {
            root = updated;
            dirty = true;
        }
        if (flush) {
            save(store);
        }
    }

    private void save(Blockstore store) {
        if (!dirty) {
            return;
        }
        store.sync();
        rootStore.save(root);
        dirty = false;
    }

    private static void requireFile(UnixfsExporter exporter, Cid cid, MfsPath p) {
        UnixfsType t = exporter.type(cid);
        if (t != UnixfsType.FILE && t != UnixfsType.RAW) {
            throw new MfsException(p + " was not a file");
        }
    }

    /** The Tsize a link to a UnixFS node carries: its block plus its links' Tsizes. */
    private static long unixfsTsize(Blockstore store, Cid cid) {
        if (cid.codec() != Multicodec.DAG_PB.code() && cid.codec() != Multicodec.RAW.code()) {
            throw new MfsException(cid + " is not a UnixFS node (dag-pb or raw)");
        }
        return stat(store, cid).cumulativeSize();
    }

    private static void checkVersion(Integer v) {
        if (v != null && v != 0 && v != 1) {
            throw new MfsArgumentException("unsupported CID version " + v + ": 0 or 1");
        }
    }
}
