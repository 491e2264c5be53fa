package dev.ferry.store;

import dev.ferry.multiformats.Multihash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * The filestore's durable index: one small record file per block ({@link FilestoreRecordCodec}), in the flatfs
 * layout of the block store ({@code dir/<XY>/<KEY>.ref}, KEY the base32 of the multihash, XY its two characters
 * before the last).
 *
 * <p>One file per entry rather than an append-only log: a lookup is one small read and a delete one unlink, nothing
 * is held in memory for the entries whatever their number, and there is no log to compact; creating a file costs more
 * than appending, but an entry stands for a whole leaf (256 KiB by default) that was not copied.
 *
 * <p>Crash safety, with the block store's guarantees: {@code put} writes the record to {@code .temp/} without a flush
 * and keeps it pending (at most {@link #PENDING_LIMIT} records, then they are committed). A commit flushes the temp
 * files (one {@code syncfs}, or an fsync of each), then renames each to its final name; {@link #sync()} commits and
 * flushes again. A final name thus only ever points at a complete record, and every {@code put} that returned before
 * a {@code sync()} that returned is on disk. Leftover temp files (an add that never reported success) are removed at
 * open. A record that does not decode is reported as corrupt ({@link CorruptFilestoreEntryException}), never guessed.
 *
 * <p>Thread-safe.
 */
public final class FilestoreIndex implements AutoCloseable {
    static final String EXTENSION = ".ref";
    static final String TEMP = ".temp";
    /** Pending records beyond this are committed (bounds memory and the temp directory). */
    static final int PENDING_LIMIT = 1024;

    private final Path dir;
    private final Path temp;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Multihash, Path> pending = new LinkedHashMap<>();
    private final Set<Path> touchedDirs = new HashSet<>();
    private final AtomicLong tempSeq = new AtomicLong();
    private SyncFs syncFs; // null: fsync each file and directory
    private boolean syncFsChecked;
    private boolean closed;
    private boolean dirty; // a put or delete since the last flush

    private FilestoreIndex(Path dir) {
        this.dir = dir;
        this.temp = dir.resolve(TEMP);
    }

    /** Opens the index in {@code dir} (created at the first put); removes temp files a crash left. */
    public static FilestoreIndex open(Path dir) {
        FilestoreIndex idx = new FilestoreIndex(dir.toAbsolutePath());
        if (Files.isDirectory(idx.temp)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(idx.temp)) {
                for (Path p : s) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new StoreException("cannot clean the filestore index " + idx.temp + ": " + e.getMessage(), e);
            }
        }
        return idx;
    }

    public Path directory() {
        return dir;
    }

    /** Records an entry (replacing any for the same multihash); durable after the next {@link #sync()}. */
    public void put(FilestoreEntry entry) {
        byte[] record = FilestoreRecordCodec.encode(entry);
        String key = FlatfsKeys.key(entry.key());
        lock.writeLock().lock();
        try {
            checkOpen();
            Files.createDirectories(temp);
            Path tmp = temp.resolve(key + "." + tempSeq.incrementAndGet());
            Files.write(tmp, record);
            dirty = true;
            Path before = pending.put(entry.key(), tmp);
            if (before != null) {
                Files.deleteIfExists(before);
            }
            if (pending.size() >= PENDING_LIMIT) {
                commit();
            }
        } catch (IOException e) {
            throw new StoreException("cannot write filestore entry " + key + ": " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The entry for a multihash, if any.
     *
     * @throws CorruptFilestoreEntryException when its record does not decode
     */
    public Optional<FilestoreEntry> get(Multihash mh) {
        lock.readLock().lock();
        try {
            checkOpen();
            Path tmp = pending.get(mh);
            Path file = tmp != null ? tmp : finalPath(FlatfsKeys.key(mh));
            return read(file, FlatfsKeys.key(mh)).map(e -> checkKey(e, mh, file));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** True when an entry exists (its record is not read). */
    public boolean has(Multihash mh) {
        lock.readLock().lock();
        try {
            checkOpen();
            return pending.containsKey(mh) || Files.isRegularFile(finalPath(FlatfsKeys.key(mh)));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Removes the entry; true when there was one. Durable after the next {@link #sync()}. */
    public boolean delete(Multihash mh) {
        lock.writeLock().lock();
        try {
            checkOpen();
            boolean removed = false;
            Path tmp = pending.remove(mh);
            if (tmp != null) {
                Files.deleteIfExists(tmp);
                removed = true;
            }
            Path file = finalPath(FlatfsKeys.key(mh));
            if (Files.deleteIfExists(file)) {
                touchedDirs.add(file.getParent());
                removed = true;
            }
            dirty |= removed;
            return removed;
        } catch (IOException e) {
            throw new StoreException("cannot delete filestore entry " + FlatfsKeys.key(mh) + ": " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Every entry's key, lazily (the caller closes the stream); order unspecified. Records are not read, so a corrupt
     * one is listed too (and reported when read).
     */
    public Stream<Multihash> keys() {
        lock.writeLock().lock();
        try {
            checkOpen();
            commit(); // the pending records get their final names, so one walk sees them all
        } catch (IOException e) {
            throw new StoreException("cannot commit filestore entries: " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try {
            Stream<Path> files = Files.find(dir, 2, (p, a) -> a.isRegularFile()
                    && !p.getParent().getFileName().toString().equals(TEMP));
            return files.map(p -> parseName(p.getFileName().toString())).flatMap(Optional::stream);
        } catch (IOException e) {
            throw new StoreException("cannot list the filestore index " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The durability barrier: every put and delete that returned before the call is on disk when it returns. */
    public void sync() {
        lock.writeLock().lock();
        try {
            checkOpen();
            commit();
            flush(List.of());
        } catch (IOException e) {
            throw new StoreException("cannot sync the filestore index: " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            try {
                commit();
                flush(List.of());
            } catch (IOException e) {
                throw new StoreException("cannot sync the filestore index: " + e.getMessage(), e);
            } finally {
                closed = true;
                if (syncFs != null) {
                    syncFs.close();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Flushes the pending temp files, then gives them their final names (not yet durable: see sync). */
    private void commit() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        flush(List.copyOf(pending.values()));
        for (Map.Entry<Multihash, Path> e : pending.entrySet()) {
            Path target = finalPath(FlatfsKeys.key(e.getKey()));
            if (!Files.isDirectory(target.getParent())) {
                Files.createDirectories(target.getParent());
                touchedDirs.add(dir);
            }
            Files.move(e.getValue(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            touchedDirs.add(target.getParent());
        }
        touchedDirs.add(temp);
        pending.clear();
    }

    /** Makes {@code files} and every directory change so far durable: one syncfs, or fsyncs. */
    private void flush(List<Path> files) throws IOException {
        if (!dirty) {
            return;
        }
        if (!syncFsChecked && Files.isDirectory(dir)) {
            syncFsChecked = true;
            syncFs = SyncFs.open(dir).orElse(null);
        }
        if (syncFs != null) {
            syncFs.sync();
            touchedDirs.clear();
            dirty = !pending.isEmpty();
            return;
        }
        for (Path f : files) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        for (Path d : touchedDirs) {
            if (Files.isDirectory(d)) {
                AtomicFiles.syncDirectory(d);
            }
        }
        touchedDirs.clear();
        dirty = !pending.isEmpty();
    }

    private Path finalPath(String key) {
        return dir.resolve(FlatfsKeys.shard(key)).resolve(key + EXTENSION);
    }

    private static Optional<FilestoreEntry> read(Path file, String key) {
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > FilestoreRecordCodec.MAX_RECORD) {
                throw new CorruptFilestoreEntryException("corrupt filestore entry " + key + ": longer than any record ("
                        + size + " bytes)");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read it all
            }
            bytes = buf.array();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read filestore entry " + key + ": " + e.getMessage(), e);
        }
        return Optional.of(FilestoreRecordCodec.decode(bytes, key));
    }

    private static FilestoreEntry checkKey(FilestoreEntry e, Multihash mh, Path file) {
        if (!e.key().equals(mh)) {
            throw new CorruptFilestoreEntryException("corrupt filestore entry " + file.getFileName()
                    + ": it holds the entry of another block");
        }
        return e;
    }

    private static Optional<Multihash> parseName(String name) {
        if (!name.endsWith(EXTENSION)) {
            return Optional.empty();
        }
        return FlatfsKeys.parseFileName(name.substring(0, name.length() - EXTENSION.length()) + FlatfsKeys.EXTENSION);
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("the filestore index is closed");
        }
    }

    /** Pending records (for tests of the commit threshold). */
    int pendingCount() {
        lock.readLock().lock();
        try {
            return pending.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Where an entry's record lives once committed (for tests that damage it). */
    Path recordPath(Multihash mh) {
        return finalPath(FlatfsKeys.key(mh));
    }

    /** All committed record files (for tests). */
    List<Path> recordFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Multihash> keys = keys()) {
            keys.forEach(k -> out.add(recordPath(k)));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out;
    }
}
