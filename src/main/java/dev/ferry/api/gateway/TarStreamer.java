package dev.ferry.api.gateway;

import dev.ferry.api.http.TarWriter;
import dev.ferry.dag.unixfs.UnixfsEntry;
import dev.ferry.dag.unixfs.UnixfsException;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a UnixFS file, symlink or directory tree (plain or HAMT) as a ustar archive whose top entry is named
 * {@code rootName}, directories before their entries, each directory's entries in link order; UnixFS 1.5 mode and
 * mtime as {@link TarWriter} carries them for RPC {@code get}. Blocks are read one at a time from the store (so
 * verified, and from the network when the store is a fetch session's): a missing one throws mid-stream.
 *
 * <p>No entry can land outside the top entry when extracted: every path is {@code rootName} and then directory
 * entry names, and a name that is empty, {@code .}, {@code ..}, holds '/' or NUL, or repeats in its directory (a
 * symlink and a directory of one name would let a later file be written through the link) stops the archive.
 * Not thread-safe.
 */
final class TarStreamer {
    /** Deepest directory tree written. */
    static final int MAX_DEPTH = 1024;
    /**
     * Entries written before the archive is cut: a small crafted DAG can link one directory exponentially many
     * times.
     */
    static final long MAX_ENTRIES = 1_000_000;

    private final UnixfsExporter exporter;

    TarStreamer(Blockstore store) {
        this.exporter = new UnixfsExporter(store);
    }

    private record Pending(String path, UnixfsEntry entry, int depth) {
    }

    void write(OutputStream out, String rootName, Cid root) throws IOException {
        TarWriter tar = new TarWriter(out);
        Deque<Pending> pending = new ArrayDeque<>();
        pending.push(new Pending(rootName, exporter.stat(root), 0));
        long written = 0;
        while (!pending.isEmpty()) {
            Pending p = pending.pop();
            if (++written > MAX_ENTRIES) {
                throw new UnixfsException("more than " + MAX_ENTRIES + " entries under " + root);
            }
            UnixfsEntry e = p.entry();
            if (e.type().isDirectory()) {
                tar.directory(p.path(), e.mode(), e.mtime());
                List<UnixfsEntry> children = exporter.ls(e.cid());
                if (!children.isEmpty() && p.depth() >= MAX_DEPTH) {
                    throw new UnixfsException("directories nested deeper than " + MAX_DEPTH + " under " + root);
                }
                Set<String> names = new HashSet<>();
                for (UnixfsEntry c : children) {
                    checkName(c.name(), e.cid());
                    if (!names.add(c.name())) {
                        throw new UnixfsException("directory " + e.cid() + " holds \"" + c.name() + "\" twice");
                    }
                }
                for (int i = children.size() - 1; i >= 0; i--) {
                    UnixfsEntry c = children.get(i);
                    pending.push(new Pending(p.path() + "/" + c.name(), c, p.depth() + 1));
                }
            } else if (e.type() == UnixfsType.SYMLINK) {
                tar.symlink(p.path(), exporter.readSymlink(e.cid()), e.mtime());
            } else if (e.type() == UnixfsType.FILE || e.type() == UnixfsType.RAW) {
                try (InputStream in = exporter.cat(e.cid())) {
                    tar.file(p.path(), e.size(), in, e.mode(), e.mtime());
                } catch (java.io.UncheckedIOException x) {
                    throw x.getCause();
                }
            } else {
                throw new UnixfsException(e.cid() + " is a " + e.type() + ", not a file, directory or symlink");
            }
        }
        tar.finish();
    }

    /** Refuses a directory entry name that could put an extracted entry anywhere but right in its directory. */
    static void checkName(String name, Cid dir) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new UnixfsException("unsafe name in directory " + dir + ": \"" + name + "\"");
        }
    }
}
