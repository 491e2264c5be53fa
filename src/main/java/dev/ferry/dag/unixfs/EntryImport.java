package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.PbNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An import fed entry by entry, as an upload delivers them (Kubo's RPC {@code add} reads a multipart stream of files
 * and directories by path): each file is streamed into the store when it arrives; the directories are built at
 * {@link #finish()}, from the tree of paths seen. Parent directories are implied by deeper paths. The same entries
 * give the same CIDs as {@link UnixfsImporter#importPaths} over the same tree.
 *
 * <p>Memory holds one small record per entry (no file data). Paths are '/'-separated; empty and "." segments are
 * ignored, ".." and NUL are refused, as is an entry that clashes with an earlier one ({@link UnixfsException}).
 * The listener sees files and symlinks as they are added, then the directories post-order with names sorted, then
 * the wrapping directory (path "") when wrapping. Not thread-safe; one import per instance.
 *
 * <p>Metadata: an entry may come with its own mode and mtime (an upload part's); they win over the import's custom
 * values, and with a preserved aspect an entry without its own value has none of it
 * ({@link MetadataOptions#forEntry}). Implied directories and the wrapping directory have no own values.
 */
public final class EntryImport {
    /** Deepest path accepted. */
    public static final int MAX_DEPTH = 256;

    private static final java.util.Comparator<String> NAME_BYTES =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final UnixfsImporter importer;
    private final Dir root = new Dir();
    /** Top-level entries in arrival order (unnamed files have no name and are never wrapped or clashed). */
    private final List<Top> tops = new ArrayList<>();
    private boolean finished;

    EntryImport(UnixfsImporter importer) {
        this.importer = importer;
    }

    private sealed interface Entry permits Dir, Leaf {
    }

    private static final class Dir implements Entry {
        final Map<String, Entry> children = new TreeMap<>(NAME_BYTES);
        /** The metadata it was declared with; null while only implied by deeper paths. */
        UnixfsMetadata own;
    }

    private record Leaf(DagRef ref) implements Entry {
    }

    private record Top(String name, Entry entry) {
    }

    /**
     * Streams one file into the store (read to its end, not closed).
     *
     * @param path where it goes; empty for an unnamed top-level file (reported with path "")
     */
    public DagRefView addFile(String path, InputStream in) throws IOException {
        return addFile(path, in, null);
    }

    /**
     * Streams one file into the store (read to its end, not closed), with its own metadata.
     *
     * @param own its own mode and mtime (null, or null fields, for none)
     * @throws UnixfsException when it has metadata and raw leaves were asked for explicitly
     */
    public DagRefView addFile(String path, InputStream in, UnixfsMetadata own) throws IOException {
        List<String> segs = segments(path);
        checkOpen();
        if (!segs.isEmpty()) {
            checkFree(segs);
        }
        UnixfsMetadata meta = importer.options().metadata().forEntry(own);
        FileBuilder builder = importer.fileBuilderFor(meta);
        DagRef ref;
        try {
            ref = builder.build(in, importer.progress(), meta);
        } catch (IOException | RuntimeException e) {
            importer.drainQuietly(e);
            throw e;
        }
        place(segs, new Leaf(ref));
        importer.listener().onEntry(ref.cid(), String.join("/", segs), ref.tsize());
        return new DagRefView(ref.cid(), ref.tsize());
    }

    /** Adds a symlink (stored as a UnixFS symlink, never followed). */
    public DagRefView addSymlink(String path, String target) {
        return addSymlink(path, target, null);
    }

    /** Adds a symlink with its own metadata (its time is kept, a mode never: Kubo stores none on symlinks). */
    public DagRefView addSymlink(String path, String target, UnixfsMetadata own) {
        List<String> segs = segments(path);
        checkOpen();
        if (segs.isEmpty()) {
            throw new UnixfsException("a symlink needs a name");
        }
        checkFree(segs);
        UnixfsMetadata meta = importer.options().metadata().forEntry(own).withoutMode();
        UnixfsData link = meta.applyTo(UnixfsData.symlink(target.getBytes(StandardCharsets.UTF_8)));
        byte[] data = UnixfsDataCodec.encode(link);
        BlockWriter.Written w = importer.writer().putPb(PbNode.ofData(data));
        DagRef ref = new DagRef(w.cid(), w.size(), 0);
        place(segs, new Leaf(ref));
        importer.listener().onEntry(w.cid(), String.join("/", segs), w.size());
        return new DagRefView(w.cid(), w.size());
    }

    /** Declares a directory (which may stay empty); adding one twice, or one implied before, is fine. */
    public void addDirectory(String path) {
        addDirectory(path, null);
    }

    /**
     * Declares a directory with its own metadata (null for none); declaring it again, or after it was implied, sets
     * that metadata.
     */
    public void addDirectory(String path, UnixfsMetadata own) {
        Dir d = directory(path);
        if (d != null && own != null) {
            d.own = own;
        }
    }

    /** The directory at {@code path}, created with its parents as needed; null for the root. */
    private Dir directory(String path) {
        List<String> segs = segments(path);
        checkOpen();
        if (segs.isEmpty()) {
            return null;
        }
        Dir d = root;
        for (int i = 0; i < segs.size(); i++) {
            Entry e = d.children.get(segs.get(i));
            if (e == null) {
                Dir created = new Dir();
                d.children.put(segs.get(i), created);
                if (i == 0) {
                    tops.add(new Top(segs.get(0), created));
                }
                d = created;
            } else if (e instanceof Dir sub) {
                d = sub;
            } else {
                throw new UnixfsException("'" + String.join("/", segs.subList(0, i + 1)) + "' is a file, not a directory");
            }
        }
        return d;
    }

    /** What a file or symlink became: its CID and cumulative size. */
    public record DagRefView(dev.ferry.multiformats.Cid cid, long size) {
    }

    /**
     * Builds the directories and waits until every block is in the store (not yet synced).
     *
     * @return with wrapping the wrapping directory alone, else one entry per top-level entry in arrival order
     *         (unnamed files with path "")
     */
    public List<ImportedEntry> finish() {
        checkOpen();
        finished = true;
        try {
            Map<Dir, DagRef> built = new LinkedHashMap<>();
            List<ImportedEntry> dirs = new ArrayList<>();
            for (Map.Entry<String, Entry> e : root.children.entrySet()) {
                if (e.getValue() instanceof Dir d) {
                    build(d, e.getKey(), built, dirs, 1);
                }
            }
            for (ImportedEntry d : dirs) {
                importer.listener().onEntry(d.cid(), d.path(), d.size());
            }
            List<ImportedEntry> out = new ArrayList<>();
            List<DirEntry> wrapped = new ArrayList<>();
            for (Top t : tops) {
                DagRef ref = t.entry() instanceof Dir d ? built.get(d) : ((Leaf) t.entry()).ref();
                boolean estimated = !(t.entry() instanceof Dir d) || d.children.isEmpty();
                out.add(new ImportedEntry(ref.cid(), t.name(), ref.tsize()));
                if (importer.options().wrapWithDirectory()) {
                    UnixfsImporter.checkName(t.name());
                    wrapped.add(new DirEntry(t.name(), ref, estimated));
                }
            }
            if (importer.options().wrapWithDirectory()) {
                DagRef w = importer.dirBuilder().build(wrapped,
                        importer.options().metadata().forEntry(UnixfsMetadata.NONE));
                importer.listener().onEntry(w.cid(), "", w.tsize());
                out = List.of(new ImportedEntry(w.cid(), "", w.tsize()));
            }
            importer.finishWrites();
            return out;
        } catch (RuntimeException e) {
            importer.drainQuietly(e);
            throw e;
        }
    }

    /** Gives up: stops the hashing and writing threads; blocks already written stay (unpinned). Idempotent. */
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            importer.finishWrites();
        } catch (RuntimeException ignored) {
            // the import is abandoned: its store failure no longer matters
        }
    }

    private DagRef build(Dir dir, String path, Map<Dir, DagRef> built, List<ImportedEntry> dirs, int depth) {
        List<DirEntry> entries = new ArrayList<>(dir.children.size());
        for (Map.Entry<String, Entry> e : dir.children.entrySet()) {
            if (e.getValue() instanceof Dir sub) {
                DagRef ref = build(sub, path + "/" + e.getKey(), built, dirs, depth + 1);
                entries.add(new DirEntry(e.getKey(), ref, sub.children.isEmpty()));
            } else {
                entries.add(new DirEntry(e.getKey(), ((Leaf) e.getValue()).ref(), true));
            }
        }
        DagRef ref = importer.dirBuilder().build(entries, importer.options().metadata().forEntry(dir.own));
        built.put(dir, ref);
        dirs.add(new ImportedEntry(ref.cid(), path, ref.tsize()));
        return ref;
    }

    private void place(List<String> segs, Leaf leaf) {
        if (segs.isEmpty()) {
            tops.add(new Top("", leaf));
            return;
        }
        if (segs.size() > 1) {
            addDirectory(String.join("/", segs.subList(0, segs.size() - 1)));
        }
        Dir d = root;
        for (int i = 0; i < segs.size() - 1; i++) {
            d = (Dir) d.children.get(segs.get(i));
        }
        d.children.put(segs.getLast(), leaf);
        if (segs.size() == 1) {
            tops.add(new Top(segs.getFirst(), leaf));
        }
    }

    /** Refuses a path already taken, or below a file. */
    private void checkFree(List<String> segs) {
        Dir d = root;
        for (int i = 0; i < segs.size(); i++) {
            Entry e = d.children.get(segs.get(i));
            if (e == null) {
                return;
            }
            if (i == segs.size() - 1 || !(e instanceof Dir sub)) {
                throw new UnixfsException("duplicate or clashing entry '" + String.join("/", segs.subList(0, i + 1)) + "'");
            }
            d = sub;
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("import already finished");
        }
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/", -1)) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..") || s.indexOf('\0') >= 0) {
                throw new UnixfsException("invalid path \"" + path + "\"");
            }
            out.add(s);
        }
        if (out.size() > MAX_DEPTH) {
            throw new UnixfsException("path deeper than " + MAX_DEPTH + " levels");
        }
        return out;
    }
}
