package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Blocks kept as references into the user's files (Kubo's filestore, {@code add --nocopy}): the index
 * ({@link FilestoreIndex}) says which file, offset and size hold each block, and a read takes those bytes from the
 * file and verifies them against the CID before handing them out. A file that changed or vanished makes that read
 * fail with a {@link FilestoreReferenceException} naming what happened; the entry stays (the file may come back) and
 * everything else goes on working.
 *
 * <p>Paths are kept relative to the root, as Kubo keeps them: the root is the parent of the repository directory, and
 * files outside it are refused with Kubo's error. The user's files are only ever read, never written or deleted.
 *
 * <p>Thread-safe.
 */
public final class Filestore implements AutoCloseable {
    /** Kubo's error when the filestore is used while {@code Experimental.FilestoreEnabled} is off. */
    public static final String NOT_ENABLED = "filestore is not enabled, see https://git.io/vNItf";

    private final FilestoreIndex index;
    private final Path root;

    private Filestore(FilestoreIndex index, Path root) {
        this.index = index;
        this.root = root;
    }

    /** The filestore whose index is in {@code indexDir} and whose paths are relative to {@code root}. */
    public static Filestore open(Path indexDir, Path root) {
        return new Filestore(FilestoreIndex.open(indexDir), root.toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    public FilestoreIndex index() {
        return index;
    }

    /**
     * The path the index keeps for {@code file}: relative to the root, '/'-separated.
     *
     * @throws StoreException with Kubo's message when the file is not under the root
     */
    public String relativePath(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!abs.startsWith(root) || abs.equals(root)) {
            throw new StoreException("cannot add filestore references outside ipfs root (" + root + ")");
        }
        List<String> segs = new ArrayList<>();
        root.relativize(abs).forEach(p -> segs.add(p.toString()));
        String rel = String.join("/", segs);
        try {
            FilestoreRecordCodec.checkPath(rel);
        } catch (IllegalArgumentException e) {
            throw new StoreException("cannot add a filestore reference to " + abs + ": " + e.getMessage());
        }
        return rel;
    }

    /**
     * Records that the raw block {@code cid} is the {@code size} bytes at {@code offset} of {@code file}; not checked
     * here (every read is). Durable after the next {@link #sync()}.
     */
    public void put(Cid cid, Path file, long offset, int size) {
        index.put(new FilestoreEntry(cid.multihash(), relativePath(file), offset, size));
    }

    public boolean has(Cid cid) {
        return !cid.isIdentity() && index.has(cid.multihash());
    }

    /** The block's size as recorded, without reading its file. */
    public OptionalInt size(Cid cid) {
        if (cid.isIdentity()) {
            return OptionalInt.empty();
        }
        return index.get(cid.multihash()).map(e -> OptionalInt.of(e.size())).orElse(OptionalInt.empty());
    }

    /**
     * The block, read from its file and verified against {@code cid}.
     *
     * @throws FilestoreReferenceException when the file is gone, unreadable or changed
     * @throws CorruptFilestoreEntryException when the index record is corrupt
     */
    public Optional<Block> get(Cid cid) {
        if (cid.isIdentity()) {
            return Optional.empty();
        }
        Optional<FilestoreEntry> e = index.get(cid.multihash());
        if (e.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(read(cid, e.get()));
    }

    /** Removes the entry (never the file); true when there was one. */
    public boolean delete(Cid cid) {
        return !cid.isIdentity() && index.delete(cid.multihash());
    }

    /** Every entry as a CIDv1 raw, lazily; the caller closes the stream. */
    public Stream<Cid> cids() {
        return index.keys().map(mh -> Cid.v1(Multicodec.RAW.code(), mh));
    }

    /** Kubo's {@code filestore ls CID} ({@code verify} false) or {@code filestore verify CID}. */
    public FilestoreListing list(Cid cid, boolean verify) {
        Cid key = Cid.v1(Multicodec.RAW.code(), cid.multihash());
        Optional<FilestoreEntry> e;
        try {
            e = index.get(cid.multihash());
        } catch (StoreException ex) {
            return FilestoreListing.failed(key, FilestoreStatus.OTHER_ERROR, ex.getMessage());
        }
        if (e.isEmpty()) {
            return FilestoreListing.failed(key, FilestoreStatus.MISSING, "block " + key + " not found");
        }
        return verify ? check(key, e.get()) : FilestoreListing.of(key, e.get(), FilestoreStatus.OK, "");
    }

    /** As {@link #list(Cid, boolean)} for a CID as text; one that does not parse gets Kubo's ERROR line, no key. */
    public FilestoreListing list(String arg, boolean verify) {
        Cid cid;
        try {
            cid = Cid.parse(arg);
        } catch (IllegalArgumentException e) {
            return FilestoreListing.failed(null, FilestoreStatus.OTHER_ERROR, arg + ": " + e.getMessage());
        }
        return list(cid, verify);
    }

    /**
     * Every entry, as {@code filestore ls} ({@code verify} false) or {@code filestore verify} list them: in index
     * order, lazily (the caller closes the stream), or sorted by file and offset ({@code fileOrder}, Kubo's
     * {@code --file-order}), which holds one small record per entry in memory to sort them.
     */
    public Stream<FilestoreListing> listAll(boolean verify, boolean fileOrder) {
        Stream<Multihash> keys = index.keys();
        if (!fileOrder) {
            return keys.map(mh -> listOne(mh, verify));
        }
        List<FilestoreListing> all;
        try (keys) {
            all = new ArrayList<>(keys.map(mh -> listOne(mh, false)).toList());
        }
        all.sort(Comparator.comparing(FilestoreListing::filePath).thenComparingLong(FilestoreListing::offset)
                .thenComparing(l -> FlatfsKeys.key(l.key().multihash())));
        Stream<FilestoreListing> sorted = all.stream();
        return verify ? sorted.map(l -> l.status() == FilestoreStatus.OK ? list(l.key(), true) : l) : sorted;
    }

    private FilestoreListing listOne(Multihash mh, boolean verify) {
        return list(Cid.v1(Multicodec.RAW.code(), mh), verify);
    }

    private FilestoreListing check(Cid key, FilestoreEntry e) {
        try {
            read(key, e);
            return FilestoreListing.of(key, e, FilestoreStatus.OK, "");
        } catch (FilestoreReferenceException ex) {
            return FilestoreListing.of(key, e, ex.status(), ex.getMessage());
        }
    }

    /** Reads the entry's bytes from its file and verifies them; the file is never held open after. */
    private Block read(Cid cid, FilestoreEntry e) {
        Path file = root.resolve(e.path());
        byte[] data = new byte[e.size()];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            long pos = e.offset();
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new FilestoreReferenceException(cid, FilestoreStatus.CHANGED, "file " + e.path()
                            + " is too short for block " + cid + " (" + e.size() + " bytes at offset " + e.offset() + ")");
                }
                pos += n;
            }
        } catch (NoSuchFileException ex) {
            throw new FilestoreReferenceException(cid, FilestoreStatus.NO_FILE, "open " + file
                    + ": no such file or directory");
        } catch (IOException ex) {
            throw new FilestoreReferenceException(cid, FilestoreStatus.FILE_ERROR, "cannot read " + file + ": "
                    + ex.getMessage());
        }
        try {
            return new Block(cid, data);
        } catch (InvalidBlockException ex) {
            throw new FilestoreReferenceException(cid, FilestoreStatus.CHANGED, "data in file did not match. "
                    + e.path() + " offset " + e.offset());
        }
    }

    public void sync() {
        index.sync();
    }

    @Override
    public void close() {
        index.close();
    }

    @Override
    public String toString() {
        return "Filestore[" + root + "]";
    }
}
