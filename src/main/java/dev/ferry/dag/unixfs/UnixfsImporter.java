package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.PbNode;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Kubo-compatible UnixFS importer ({@code ipfs add}): the same options give the same CIDs as Kubo and js
 * ipfs-unixfs-importer. Files are streamed (memory holds one chunk plus pending link lists whatever the size);
 * directories are read recursively, entries sorted by name bytes, dotfiles only with {@code hidden}, symlinks stored
 * as UnixFS symlinks and never followed.
 *
 * <p>Metadata ({@link MetadataOptions}): preserved values are read from the file system without following links;
 * an entry with no file system counterpart (a stream, the wrapping directory) gets only the custom values of the
 * aspects not preserved. Symlinks get a time but never a mode.
 *
 * <p>Blocks go to the given {@link Blockstore} with {@code put} (the caller syncs and pins); with
 * {@code onlyHash} nothing is stored. The listener sees entries in Kubo's order (see {@link ImportListener}); the
 * progress callback receives the number of bytes read each time a chunk is read. Not thread-safe: one import at a
 * time per instance.
 */
public final class UnixfsImporter {
    private static final Comparator<String> NAME_BYTES =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final ImportOptions options;
    private final ImportListener listener;
    private final LongConsumer progress;
    private final BlockWriter writer;
    private final FileBuilder fileBuilder;
    private FileBuilder pbLeafFileBuilder;
    private final DirectoryBuilder dirBuilder;
    private FileSourceListener fileSources = (root, size, file) -> { };

    /** Told of each regular file imported from a path (what {@code add --nocopy} records). */
    @FunctionalInterface
    public interface FileSourceListener {
        /** {@code file} was imported as the DAG {@code root}, {@code size} its total size. */
        void onFile(dev.ferry.multiformats.Cid root, long size, Path file);
    }

    public UnixfsImporter(Blockstore store, ImportOptions options) {
        this(store, options, ImportListener.NONE, n -> { });
    }

    public UnixfsImporter(Blockstore store, ImportOptions options, ImportListener listener, LongConsumer progress) {
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.progress = Objects.requireNonNull(progress, "progress");
        if (!options.onlyHash()) {
            Objects.requireNonNull(store, "store");
        }
        this.writer = new BlockWriter(options.onlyHash() ? null : store, options.cidVersion(), options.hashFunction(),
                options.inlineLimit());
        this.fileBuilder = new FileBuilder(writer, options);
        this.dirBuilder = new DirectoryBuilder(writer, options);
    }

    /**
     * Imports one file from a stream (read to its end, not closed); every block is in the store (not yet synced)
     * when it returns.
     *
     * @param name the path reported to the listener, and the link name when wrapping (then it must be a valid name)
     * @return the file, or the wrapping directory
     */
    public ImportedEntry importStream(InputStream in, String name) throws IOException {
        ImportedEntry e;
        try {
            e = importStreamNow(in, name);
        } catch (IOException | RuntimeException ex) {
            drainAfterFailure(ex);
            throw ex;
        }
        finish();
        return e;
    }

    /**
     * Imports one file whose content starts with the leaves of {@code prefix} (see {@link FilePrefix}) and goes on
     * with the stream; the DAG is the one {@link #importStream} would make of the whole content. Not wrapped.
     */
    public ImportedEntry importAfter(FilePrefix prefix, InputStream rest, String name) throws IOException {
        ImportedEntry e;
        try {
            DagRef file = fileBuilder.buildAfter(prefix.leaves, rest, progress);
            listener.onEntry(file.cid(), name, file.tsize());
            e = new ImportedEntry(file.cid(), name, file.tsize());
        } catch (IOException | RuntimeException ex) {
            drainAfterFailure(ex);
            throw ex;
        }
        finish();
        return e;
    }

    /**
     * Imports several paths as Kubo's {@code ipfs add a b ...} does (see {@link #importPathsNow}); every block is in
     * the store (not yet synced) when it returns.
     */
    public List<ImportedEntry> importPaths(List<Path> paths) throws IOException {
        List<ImportedEntry> e;
        try {
            e = importPathsNow(paths);
        } catch (IOException | RuntimeException ex) {
            drainAfterFailure(ex);
            throw ex;
        }
        finish();
        return e;
    }

    /**
     * An import fed entry by entry (files streamed as they arrive, directories built at the end), for uploads that
     * deliver a tree as a sequence of paths. Uses this importer's store, options, listener and progress.
     */
    public EntryImport entries() {
        return new EntryImport(this);
    }

    /** Reports each regular file imported by {@link #importPaths} to {@code l}; returns this importer. */
    public UnixfsImporter reportingFileSources(FileSourceListener l) {
        this.fileSources = Objects.requireNonNull(l, "listener");
        return this;
    }

    ImportOptions options() {
        return options;
    }

    ImportListener listener() {
        return listener;
    }

    LongConsumer progress() {
        return progress;
    }

    BlockWriter writer() {
        return writer;
    }

    FileBuilder fileBuilder() {
        return fileBuilder;
    }

    /**
     * The builder for a file with {@code meta} on its root. A file given its own metadata in an import with implicit
     * raw leaves (CIDv1) gets dag-pb leaves, Kubo's rule for metadata applied to that file; with raw leaves asked for
     * explicitly, metadata is refused as Kubo refuses it.
     */
    FileBuilder fileBuilderFor(UnixfsMetadata meta) {
        if (meta.isEmpty() || !options.rawLeaves()) {
            return fileBuilder;
        }
        if (options.rawLeavesExplicit()) {
            throw new UnixfsException(ImportOptions.RAW_LEAVES_WITH_METADATA);
        }
        if (pbLeafFileBuilder == null) {
            pbLeafFileBuilder = new FileBuilder(writer, options.withRawLeaves(false));
        }
        return pbLeafFileBuilder;
    }

    DirectoryBuilder dirBuilder() {
        return dirBuilder;
    }

    void finishWrites() {
        finish();
    }

    void drainQuietly(Exception primary) {
        drainAfterFailure(primary);
    }

    private void finish() {
        fileBuilder.close();
        if (pbLeafFileBuilder != null) {
            pbLeafFileBuilder.close();
        }
        writer.drain();
    }

    private void drainAfterFailure(Exception primary) {
        try {
            finish();
        } catch (RuntimeException secondary) {
            primary.addSuppressed(secondary);
        }
    }

    /**
     * Imports one file from a stream (read to its end, not closed).
     *
     * @param name the path reported to the listener, and the link name when wrapping (then it must be a valid name)
     * @return the file, or the wrapping directory
     */
    private ImportedEntry importStreamNow(InputStream in, String name) throws IOException {
        Objects.requireNonNull(name, "name");
        if (options.wrapWithDirectory()) {
            checkName(name);
        }
        DagRef file = fileBuilder.build(in, progress, options.metadata().forEntry(UnixfsMetadata.NONE));
        listener.onEntry(file.cid(), name, file.tsize());
        if (!options.wrapWithDirectory()) {
            return new ImportedEntry(file.cid(), name, file.tsize());
        }
        return wrap(List.of(new DirEntry(name, file, true)));
    }

    /**
     * Imports a regular file, a directory (recursively) or a symlink (as a symlink). The path itself is added even
     * when its name starts with a dot; {@code hidden} applies to what a directory contains.
     *
     * @return the imported path, or the wrapping directory
     */
    public ImportedEntry importPath(Path path) throws IOException {
        return importPaths(List.of(path)).getFirst();
    }

    /**
     * Imports several paths as Kubo's {@code ipfs add a b ...} does: files are reported as they are added, then the
     * directories (post-order, top-level names sorted), then, with {@code wrapWithDirectory}, the one directory
     * holding them all by name (names must then be distinct).
     *
     * @return with wrapping the wrapping directory alone, else one entry per path in the given order
     */
    private List<ImportedEntry> importPathsNow(List<Path> paths) throws IOException {
        List<String> names = new ArrayList<>();
        List<Imported> tops = new ArrayList<>();
        java.util.TreeMap<String, List<ImportedEntry>> dirsByTop = new java.util.TreeMap<>(NAME_BYTES);
        for (Path path : paths) {
            Path fileName = path.toAbsolutePath().normalize().getFileName();
            String name = fileName == null ? "" : fileName.toString();
            if (options.wrapWithDirectory()) {
                checkName(name);
                if (names.contains(name)) {
                    throw new UnixfsException("two paths named " + name + " in one wrapping directory");
                }
            }
            List<ImportedEntry> dirs = new ArrayList<>();
            tops.add(importAny(path, name, dirs));
            names.add(name);
            dirsByTop.computeIfAbsent(name, k -> new ArrayList<>()).addAll(dirs);
        }
        for (List<ImportedEntry> dirs : dirsByTop.values()) {
            for (ImportedEntry d : dirs) {
                listener.onEntry(d.cid(), d.path(), d.size());
            }
        }
        if (!options.wrapWithDirectory()) {
            List<ImportedEntry> out = new ArrayList<>();
            for (int i = 0; i < tops.size(); i++) {
                out.add(new ImportedEntry(tops.get(i).ref().cid(), names.get(i), tops.get(i).ref().tsize()));
            }
            return out;
        }
        List<DirEntry> entries = new ArrayList<>();
        for (int i = 0; i < tops.size(); i++) {
            entries.add(new DirEntry(names.get(i), tops.get(i).ref(), tops.get(i).estimated()));
        }
        return List.of(wrap(entries));
    }

    /** The wrapping directory: it has no file system counterpart, so only custom metadata, never preserved. */
    private ImportedEntry wrap(List<DirEntry> entries) {
        DagRef root = dirBuilder.build(entries, options.metadata().forEntry(UnixfsMetadata.NONE));
        listener.onEntry(root.cid(), "", root.tsize());
        return new ImportedEntry(root.cid(), "", root.tsize());
    }

    private record Imported(DagRef ref, boolean estimated) {
    }

    private Imported importAny(Path path, String relPath, List<ImportedEntry> dirs) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        UnixfsMetadata meta = options.metadata().forPath(path, attrs);
        if (attrs.isSymbolicLink()) {
            String target = Files.readSymbolicLink(path).toString();
            UnixfsData link = meta.applyTo(UnixfsData.symlink(target.getBytes(StandardCharsets.UTF_8)));
            byte[] data = UnixfsDataCodec.encode(link);
            BlockWriter.Written w = writer.putPb(PbNode.ofData(data));
            listener.onEntry(w.cid(), relPath, w.size());
            return new Imported(new DagRef(w.cid(), w.size(), 0), true);
        }
        if (attrs.isDirectory()) {
            return importDirectory(path, relPath, dirs, meta);
        }
        if (attrs.isRegularFile()) {
            DagRef file;
            try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(path)) {
                file = fileBuilder.build(in, progress, meta);
            }
            fileSources.onFile(file.cid(), file.tsize(), path);
            listener.onEntry(file.cid(), relPath, file.tsize());
            return new Imported(file, true);
        }
        throw new UnixfsException("not a regular file, directory or symlink: " + path);
    }

    private Imported importDirectory(Path dir, String relPath, List<ImportedEntry> dirs, UnixfsMetadata meta)
            throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                String n = child.getFileName().toString();
                if (options.hidden() || !n.startsWith(".")) {
                    names.add(n);
                }
            }
        }
        names.sort(NAME_BYTES);
        List<DirEntry> entries = new ArrayList<>(names.size());
        for (String n : names) {
            String childPath = relPath.isEmpty() ? n : relPath + "/" + n;
            Imported child = importAny(dir.resolve(n), childPath, dirs);
            entries.add(new DirEntry(n, child.ref(), child.estimated()));
        }
        DagRef ref = dirBuilder.build(entries, meta);
        dirs.add(new ImportedEntry(ref.cid(), relPath, ref.tsize()));
        // a directory with entries does not count in its parent's shard estimate (js importer rule, see DirEntry)
        return new Imported(ref, entries.isEmpty());
    }

    /** A link name the importer may write: not empty, no '/', no NUL, not "." or "..". */
    static void checkName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new UnixfsException("invalid entry name: \"" + name + "\"");
        }
    }
}
