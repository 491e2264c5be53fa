package dev.ferry.api.http;

import dev.ferry.dag.unixfs.UnixfsEntry;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A UnixFS DAG written as Kubo's {@code get} sends it, in one of the {@link ArchiveOptions} forms. Everything streams
 * from the exporter to the output: memory stays bounded whatever the content's size.
 */
public final class UnixfsArchive {
    /** Kubo's error for a directory asked for gzipped without a tar around it. */
    public static final String NOT_A_FILE = "file is not regular";

    private UnixfsArchive() {}

    /** What {@link #walk} calls for each entry, parents before children. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(String path, UnixfsEntry entry) throws IOException;
    }

    /**
     * Refuses, before anything is written, content the form cannot hold: a directory has no bytes to gzip alone.
     */
    public static void check(UnixfsEntry root, ArchiveOptions options) {
        if (options.bare() && root.type().isDirectory()) {
            throw new IllegalArgumentException(NOT_A_FILE);
        }
    }

    /** The bytes of the files under {@code root} (itself when a file): Kubo's size hint for progress bars. */
    public static long contentSize(UnixfsExporter exporter, Cid root) throws IOException {
        long[] total = {0};
        walk(exporter, "", root, (path, e) -> {
            if (isFile(e)) {
                total[0] += e.size();
            }
        });
        return total[0];
    }

    /**
     * Writes {@code root} named {@code name} to {@code out}, which stays open. A failure leaves the output short
     * (and, when compressed, without its gzip trailer), so that no reader takes it for complete.
     */
    public static void write(UnixfsExporter exporter, String name, Cid root, ArchiveOptions options,
            OutputStream out) throws IOException {
        UnixfsEntry entry = exporter.stat(root);
        check(entry, options);
        if (!options.compressed()) {
            tar(exporter, name, root, out);
            return;
        }
        GzipOutput gz = new GzipOutput(out, options.level());
        try {
            if (!options.bare()) {
                tar(exporter, name, root, gz);
            } else if (entry.type() == UnixfsType.SYMLINK) {
                gz.write(exporter.readSymlink(root).getBytes(StandardCharsets.UTF_8));
            } else {
                try (InputStream in = exporter.cat(root)) {
                    in.transferTo(gz);
                }
            }
        } catch (IOException | RuntimeException e) {
            gz.abandon();
            throw e;
        }
        gz.complete();
    }

    private static void tar(UnixfsExporter exporter, String name, Cid root, OutputStream out) throws IOException {
        TarWriter tar = new TarWriter(out);
        walk(exporter, name, root, (path, e) -> {
            if (e.type().isDirectory()) {
                tar.directory(path, e.mode(), e.mtime());
            } else if (e.type() == UnixfsType.SYMLINK) {
                tar.symlink(path, exporter.readSymlink(e.cid()), e.mtime());
            } else {
                try (InputStream in = exporter.cat(e.cid())) {
                    tar.file(path, e.size(), in, e.mode(), e.mtime());
                }
            }
        });
        tar.finish();
    }

    private static boolean isFile(UnixfsEntry e) {
        return !e.type().isDirectory() && e.type() != UnixfsType.SYMLINK;
    }

    /**
     * Depth-first over a UnixFS tree in archive order; refuses names that could escape the archive's root. Each
     * entry (type, size, mode, mtime) comes from its directory's listing, so every root block is read once per walk.
     */
    public static void walk(UnixfsExporter exporter, String name, Cid root, EntryVisitor visitor) throws IOException {
        Deque<Map.Entry<String, UnixfsEntry>> pending = new ArrayDeque<>();
        pending.push(Map.entry(name, exporter.stat(root)));
        while (!pending.isEmpty()) {
            var e = pending.pop();
            UnixfsEntry entry = e.getValue();
            visitor.visit(e.getKey(), entry);
            if (entry.type().isDirectory()) {
                List<UnixfsEntry> entries = exporter.ls(entry.cid());
                for (int i = entries.size() - 1; i >= 0; i--) {
                    String child = entries.get(i).name();
                    if (child.isEmpty() || child.equals(".") || child.equals("..") || child.contains("/")
                            || child.indexOf('\0') >= 0) {
                        throw new IOException("unsafe name in directory " + entry.cid() + ": '" + child + "'");
                    }
                    pending.push(Map.entry(e.getKey() + "/" + child, entries.get(i)));
                }
            }
        }
    }
}
