package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link PinStore} kept in one file, {@code <dir>/pins} ({@link PinFileCodec} format, checksummed), rewritten whole
 * at each {@link #sync()} that follows a change (a version-1 file, without names, is read and becomes version 2 at
 * that write): write {@code pins.tmp} and fsync it, rename {@code pins} to
 * {@code pins.prev}, rename {@code pins.tmp} to {@code pins}, fsync the directory.
 *
 * <p>Opening reads {@code pins}; when it is missing, torn or corrupt it falls back to {@code pins.prev} (a crash
 * between the two renames leaves exactly that), sets the corrupt file aside as {@code pins.corrupt} and writes a good
 * {@code pins} again. When neither is readable but a pin file exists, opening fails with
 * {@link CorruptPinFileException} rather than start empty: an empty pin set would let garbage collection delete
 * everything. Thread-safe; one opener per directory (the repository lock above this layer ensures it).
 */
public final class FilePinStore implements PinStore {
    static final String PINS = "pins";
    static final String PREV = "pins.prev";
    static final String TEMP = "pins.tmp";
    static final String CORRUPT = "pins.corrupt";

    private final Path dir;
    private final ReentrantLock lock = new ReentrantLock();
    private final PinSet pins;
    private final boolean recovered;
    private boolean dirty;
    private boolean closed;

    private FilePinStore(Path dir, Map<Cid, PinEntry> initial, boolean recovered) {
        this.dir = dir;
        this.pins = new PinSet(initial);
        this.recovered = recovered;
    }

    /** Opens (creating when absent) the pin store in directory {@code dir}. */
    public static FilePinStore open(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path d = dir.toAbsolutePath();
        try {
            Files.createDirectories(d);
            Files.deleteIfExists(d.resolve(TEMP)); // never renamed into place: not a state anyone was promised
            Path pinsFile = d.resolve(PINS);
            Path prevFile = d.resolve(PREV);
            CorruptPinFileException pinsError = null;
            if (Files.exists(pinsFile)) {
                try {
                    return new FilePinStore(d, read(pinsFile), false);
                } catch (CorruptPinFileException e) {
                    pinsError = e;
                }
            }
            Map<Cid, PinEntry> fromPrev;
            if (Files.exists(prevFile)) {
                try {
                    fromPrev = read(prevFile);
                } catch (CorruptPinFileException e) {
                    throw new CorruptPinFileException("pin files in " + d + " are both unreadable: "
                            + (pinsError == null ? "pins missing" : pinsError.getMessage()) + "; pins.prev: "
                            + e.getMessage());
                }
            } else if (pinsError != null) {
                throw new CorruptPinFileException("pin file " + pinsFile + " is unreadable and there is no pins.prev: "
                        + pinsError.getMessage());
            } else {
                return new FilePinStore(d, Map.of(), false); // a new store
            }
            // recover: keep the bad file for inspection, make pins good again (prev stays as it is)
            if (pinsError != null) {
                Files.move(pinsFile, d.resolve(CORRUPT), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            FilePinStore store = new FilePinStore(d, fromPrev, true);
            store.lock.lock();
            try {
                store.dirty = true;
                store.write();
            } finally {
                store.lock.unlock();
            }
            return store;
        } catch (IOException e) {
            throw new StoreException("cannot open pin store " + d + ": " + e.getMessage(), e);
        }
    }

    private static Map<Cid, PinEntry> read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > PinFileCodec.MAX_FILE_SIZE) {
            throw new CorruptPinFileException("pin file " + file + " is " + size + " bytes, over the limit");
        }
        return PinFileCodec.decode(Files.readAllBytes(file));
    }

    /** True when opening had to fall back to {@code pins.prev}. */
    public boolean recoveredFromPrevious() {
        return recovered;
    }

    @Override
    public void add(Cid cid, PinType type, String name) {
        lock.lock();
        try {
            checkOpen();
            dirty |= pins.add(cid, type, name);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean remove(Cid cid, PinType type) {
        lock.lock();
        try {
            checkOpen();
            boolean removed = pins.remove(cid, type);
            dirty |= removed;
            return removed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<Cid, PinType> list() {
        lock.lock();
        try {
            checkOpen();
            return pins.types();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<Cid, PinEntry> entries() {
        lock.lock();
        try {
            checkOpen();
            return pins.snapshot();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<PinEntry> entry(Cid cid) {
        lock.lock();
        try {
            checkOpen();
            return pins.entry(cid);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sync() {
        lock.lock();
        try {
            checkOpen();
            write();
        } catch (IOException e) {
            throw new StoreException("cannot write pin file in " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock. */
    private void write() throws IOException {
        if (!dirty) {
            return;
        }
        byte[] bytes = PinFileCodec.encode(pins.snapshot());
        Path temp = dir.resolve(TEMP);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Path pinsFile = dir.resolve(PINS);
        try {
            Files.move(pinsFile, dir.resolve(PREV), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // the first write, or a recovery after a crash between the renames
        }
        Files.move(temp, pinsFile, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
        dirty = false;
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("pin store " + dir + " is closed");
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            write();
            closed = true;
        } catch (IOException e) {
            throw new StoreException("cannot write pin file in " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FilePinStore[" + dir + "]";
    }
}
