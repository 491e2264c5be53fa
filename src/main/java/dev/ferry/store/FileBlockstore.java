package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A {@link Blockstore} on disk in Kubo's flatfs layout, with group commit. See the package documentation for the
 * layout, the commit protocol and the crash guarantees. Thread-safe: any number of threads may put, get and delete at
 * once; a group commit blocks only the thread that triggers it (and later triggering threads), never readers.
 */
public final class FileBlockstore implements Blockstore {
    static final String BLOCKS = "blocks";
    static final String TEMP = ".temp";
    static final String QUARANTINE = "quarantine";
    static final String SHARDING = "SHARDING";
    static final String README = "_README";
    static final String LOCK = "blockstore.lock";

    /**
     * A block written to a temp file but not yet renamed into place; readable through this entry until then.
     * {@code received}: put by {@link #putReceived}, its pages may be dropped once committed.
     */
    private record Pending(Path temp, int size, boolean received) {
    }

    private record Batched(Multihash mh, String key, Pending pending) {
    }

    /** A committed block file whose pages may still be cached. */
    private record Committed(Path file, int size) {
    }

    private final Path root;
    private final Path blocksDir;
    private final Path tempDir;
    private final Path quarantineDir;
    private final FileBlockstoreConfig cfg;
    private final SyncFs syncFs; // null: fsync each file and directory instead
    private final FileChannel lockChannel;
    private final FileLock fileLock;

    /** Puts wait once this many thresholds of bytes (or blocks) are pending. */
    static final int LIMIT_FACTOR = 4;
    static final int SPARE_TARGET = 128;
    static final String SPARE_PREFIX = "spare.";

    /** Guards pending, pendingBytes, metadataDirty, touchedDirs and the committer flags. Never held across I/O. */
    private final ReentrantLock stateLock = new ReentrantLock();
    /** Signalled when pending entries leave and when the committer finishes a round. */
    private final Condition changed = stateLock.newCondition();
    private final Condition wakeCommitter = stateLock.newCondition();
    private boolean commitRequested;
    private boolean committing;
    private boolean stopCommitter;
    /** Empty temp files ready for puts (bounded by SPARE_TARGET) and the preparer that makes them. */
    private final ArrayDeque<Path> spares = new ArrayDeque<>();
    private final Condition sparesLow = stateLock.newCondition();
    private boolean stopThreads;
    private Thread preparer;
    private StoreException commitFailure;
    private Thread committer;
    private final HashMap<Multihash, Pending> pending = new HashMap<>();
    private long pendingBytes;
    /** Renames, unlinks or mkdirs not yet made durable. */
    private boolean metadataDirty;
    /** Directories whose entries changed since the last flush (only used without syncfs). */
    private final Set<Path> touchedDirs = new HashSet<>();
    private volatile boolean closed;

    /** One group commit at a time. Never acquired while holding stateLock. */
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Set<String> knownShards = ConcurrentHashMap.newKeySet();
    private final AtomicLong tempSeq = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    /** Committed files, oldest first, whose pages may be cached; guarded by commitLock. Empty when nothing drops. */
    private final ArrayDeque<Committed> cachedWrites = new ArrayDeque<>();
    private long cachedWriteBytes;
    private final AtomicLong droppedFiles = new AtomicLong();
    /** Linked at the first drop (linking costs a fresh JVM a tenth of a second); guarded by commitLock. */
    private PageCacheDropper dropper;
    private boolean dropperLinked;
    /** At most this many files are remembered for dropping (small blocks cost the page cache little). */
    static final int MAX_CACHED_WRITES = 65_536;

    private FileBlockstore(Path root, FileBlockstoreConfig cfg, SyncFs syncFs, FileChannel lockChannel, FileLock fileLock) {
        this.root = root;
        this.blocksDir = root.resolve(BLOCKS);
        this.tempDir = blocksDir.resolve(TEMP);
        this.quarantineDir = root.resolve(QUARANTINE);
        this.cfg = cfg;
        this.syncFs = syncFs;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
    }

    /**
     * Opens (creating when absent) the store under {@code dir}: blocks in {@code dir/blocks}, corrupt files moved to
     * {@code dir/quarantine}. Removes temp files left by a crash (they were never visible). Holds an exclusive lock on
     * {@code dir/blockstore.lock} until closed: a second opener (process or not) gets StoreException.
     */
    public static FileBlockstore open(Path dir, FileBlockstoreConfig cfg) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(cfg, "cfg");
        Path root = dir.toAbsolutePath();
        FileChannel lockChannel = null;
        SyncFs syncFs = null;
        try {
            Files.createDirectories(root);
            lockChannel = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreException("blockstore " + root + " is in use by another opener");
            }
            Path blocks = root.resolve(BLOCKS);
            boolean newBlocksDir = !Files.isDirectory(blocks);
            boolean newTempDir = !Files.isDirectory(blocks.resolve(TEMP));
            Files.createDirectories(blocks.resolve(TEMP));
            if (cfg.syncMode() == FileBlockstoreConfig.SyncMode.AUTO) {
                syncFs = SyncFs.open(blocks).orElse(null);
            }
            FileBlockstore store = new FileBlockstore(root, cfg, syncFs, lockChannel, lock);
            store.initialise(newBlocksDir, newTempDir);
            store.committer = Thread.ofPlatform().daemon().name("ferry-blockstore-commit").start(store::committerLoop);
            return store; // the preparer starts with the first put: an opener that only reads makes no files
        } catch (IOException e) {
            closeQuietly(syncFs, lockChannel);
            throw new StoreException("cannot open blockstore " + root + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(syncFs, lockChannel);
            throw e;
        }
    }

    /** Opens with {@link FileBlockstoreConfig#defaults()}. */
    public static FileBlockstore open(Path dir) {
        return open(dir, FileBlockstoreConfig.defaults());
    }

    private void initialise(boolean newBlocksDir, boolean newTempDir) throws IOException {
        if (newBlocksDir) {
            markMetadata(root);
        }
        if (newTempDir) {
            markMetadata(blocksDir);
        }
        Path sharding = blocksDir.resolve(SHARDING);
        if (Files.exists(sharding)) {
            String spec = Files.readString(sharding, StandardCharsets.UTF_8).trim();
            if (!spec.equals(FlatfsKeys.SHARD_SPEC)) {
                throw new StoreException("unsupported flatfs sharding in " + sharding + ": " + spec);
            }
        } else {
            // _README first: SHARDING marks a finished initialisation
            writeDurably(blocksDir.resolve(README), readme().getBytes(StandardCharsets.UTF_8));
            writeDurably(sharding, (FlatfsKeys.SHARD_SPEC + "\n").getBytes(StandardCharsets.UTF_8));
            markMetadata(blocksDir);
        }
        // temp files were never renamed into place, so no caller ever saw them as stored blocks; empty spares are
        // kept for this opener's puts (making a file is the dear part), anything else goes
        long lastSpare = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tempDir)) {
            for (Path p : leftovers) {
                long seq = spareSeq(p.getFileName().toString());
                if (seq > 0 && spares.size() < SPARE_TARGET && isEmptyFile(p)) {
                    spares.add(p);
                    lastSpare = Math.max(lastSpare, seq);
                } else {
                    Files.deleteIfExists(p);
                    markMetadata(tempDir);
                }
            }
        }
        tempSeq.set(lastSpare); // new temp names come after the spares kept
        // only what this open changed needs a flush: an open that finds everything in place (every reading command)
        // makes no syncfs, which flushes the whole file system and can take long on a busy disk
        boolean changed;
        stateLock.lock();
        try {
            changed = metadataDirty;
        } finally {
            stateLock.unlock();
        }
        if (changed) {
            flush(List.of());
        }
    }

    /** N of a spare's name {@code spare.N}, or -1 for any other name. */
    static long spareSeq(String name) {
        int digits = name.length() - SPARE_PREFIX.length();
        if (!name.startsWith(SPARE_PREFIX) || digits < 1 || digits > 18) {
            return -1;
        }
        long n = 0;
        for (int i = SPARE_PREFIX.length(); i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static boolean isEmptyFile(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.isRegularFile() && a.size() == 0;
    }

    private static String readme() {
        return """
                This is a repository of IPFS blocks in the flatfs layout.

                Each block is a file <shard>/<KEY>.data where KEY is the RFC 4648 base32 (upper case, no padding)
                of the block's multihash and the shard is given by the SHARDING file:
                /repo/flatfs/shard/v1/next-to-last/2 names the two characters before the last one of the key.
                For example the empty directory QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn is stored in
                X3/CIQFTFEEHEDF6KLBT32BFAGLXEZL4UWFNWM4LFTLMXQBCERZ6CMLX3Y.data.
                Files in .temp are incomplete writes, removed when the store opens, and empty files made ahead
                for the next writes.
                """;
    }

    // ---- reads ----

    @Override
    public boolean has(Cid cid) {
        checkOpen();
        if (cid.isIdentity()) {
            return true;
        }
        Multihash mh = cid.multihash();
        if (pendingOf(mh) != null) {
            return true;
        }
        return Files.exists(finalPath(FlatfsKeys.key(mh)));
    }

    @Override
    public Optional<Block> get(Cid cid) {
        checkOpen();
        if (cid.isIdentity()) {
            return Optional.of(new Block(cid, cid.multihash().digest()));
        }
        Block.checkHashFunction(cid); // a refused function is not "corrupt": said before reading
        return readBytes(cid.multihash()).map(bytes -> {
            try {
                return new Block(cid, bytes); // hashes once, here
            } catch (InvalidBlockException e) {
                throw new InvalidBlockException("stored block " + cid + " is corrupt (" + bytes.length
                        + " bytes do not match its multihash)");
            }
        });
    }

    /**
     * The stored bytes, not hashed: a peer hashes what it receives anyway, and this hash was a seventh of a seeder's
     * CPU. A corrupt file is sent as it is, and the receiver rejects it; {@code repo verify} finds it.
     */
    @Override
    public Optional<byte[]> bytesForPeer(Cid cid) {
        checkOpen();
        if (cid.isIdentity()) {
            return Optional.of(cid.multihash().digest());
        }
        return readBytes(cid.multihash());
    }

    /**
     * The stored bytes under {@code mh} WITHOUT verifying them: only for {@code repo verify}, which re-hashes them
     * itself and {@link #quarantine}s a mismatch. Everything else must use {@link #get}.
     *
     * @throws InvalidBlockException when the file is longer than the configured maximum block size
     */
    public Optional<byte[]> readUnverified(Multihash mh) {
        checkOpen();
        return readBytes(mh);
    }

    private Optional<byte[]> readBytes(Multihash mh) {
        Pending pe = pendingOf(mh);
        try {
            if (pe != null) {
                try {
                    return Optional.of(readFile(pe.temp()));
                } catch (NoSuchFileException e) {
                    // renamed into place (or deleted) meanwhile: the final path answers
                }
            }
            try {
                return Optional.of(readFile(finalPath(FlatfsKeys.key(mh))));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new StoreException("cannot read block " + mh.toBase58() + ": " + e.getMessage(), e);
        }
    }

    private byte[] readFile(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > cfg.maxBlockSize()) {
                throw new InvalidBlockException("block file " + p + " is " + size + " bytes, more than the maximum "
                        + cfg.maxBlockSize());
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    break; // shorter than stat said: the hash check reports it
                }
            }
            return buf.position() == buf.capacity() ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
        }
    }

    @Override
    public OptionalInt size(Cid cid) {
        checkOpen();
        if (cid.isIdentity()) {
            return OptionalInt.of(cid.multihash().digest().length);
        }
        Multihash mh = cid.multihash();
        Pending pe = pendingOf(mh);
        if (pe != null) {
            return OptionalInt.of(pe.size());
        }
        try {
            long size = Files.size(finalPath(FlatfsKeys.key(mh)));
            if (size > cfg.maxBlockSize()) {
                throw new InvalidBlockException("stored block " + cid + " is " + size + " bytes, more than the maximum");
            }
            return OptionalInt.of((int) size);
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        } catch (IOException e) {
            throw new StoreException("cannot stat block " + cid + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Stream<Cid> cids() {
        checkOpen();
        Set<Multihash> pendingKeys;
        stateLock.lock();
        try {
            pendingKeys = Set.copyOf(pending.keySet()); // bounded by commitCount
        } finally {
            stateLock.unlock();
        }
        Stream<Path> shards;
        try {
            shards = Files.list(blocksDir);
        } catch (IOException e) {
            throw new StoreException("cannot list " + blocksDir + ": " + e.getMessage(), e);
        }
        long raw = Multicodec.RAW.code();
        // a pending block renamed during the walk shows up on disk too: the snapshot filters it out there
        Stream<Multihash> onDisk = shards
                .filter(p -> isShardName(p.getFileName().toString()) && Files.isDirectory(p))
                .flatMap(FileBlockstore::listShard)
                .map(p -> FlatfsKeys.parseFileName(p.getFileName().toString()))
                .flatMap(Optional::stream)
                .filter(mh -> !pendingKeys.contains(mh));
        return Stream.concat(pendingKeys.stream(), onDisk).map(mh -> Cid.v1(raw, mh)).onClose(shards::close);
    }

    private static boolean isShardName(String name) {
        return name.length() == 2 && !name.startsWith(".");
    }

    private static Stream<Path> listShard(Path shard) {
        try {
            return Files.list(shard);
        } catch (NoSuchFileException e) {
            return Stream.empty();
        } catch (IOException e) {
            throw new StoreException("cannot list " + shard + ": " + e.getMessage(), e);
        }
    }

    // ---- writes ----

    @Override
    public void put(Block block) {
        store(block, false);
    }

    /** As {@link #put}; once committed, the block's pages leave the page cache beyond the write cache limit. */
    @Override
    public void putReceived(Block block) {
        store(block, true);
    }

    private void store(Block block, boolean received) {
        Objects.requireNonNull(block, "block");
        checkOpen();
        Cid cid = block.cid();
        if (cid.isIdentity()) {
            return;
        }
        if (block.size() > cfg.maxBlockSize()) {
            throw new StoreException("block " + cid + " is " + block.size() + " bytes, more than the maximum "
                    + cfg.maxBlockSize());
        }
        Multihash mh = cid.multihash();
        String key = FlatfsKeys.key(mh);
        if (pendingOf(mh) != null || Files.exists(finalPath(key))) {
            return;
        }
        Path temp = takeSpare();
        try {
            try {
                writeTemp(temp, block.data(), false);
            } catch (NoSuchFileException e) { // no spare ready (or it vanished): create one here
                temp = tempDir.resolve(key + "." + tempSeq.incrementAndGet());
                writeTemp(temp, block.data(), true);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StoreException("cannot write block " + cid + ": " + e.getMessage(), e);
        }
        boolean duplicate;
        stateLock.lock();
        try {
            if (closed) {
                duplicate = true;
            } else {
                duplicate = pending.putIfAbsent(mh, new Pending(temp, block.size(), received)) != null;
                if (!duplicate) {
                    pendingBytes += block.size();
                    if (overThreshold()) {
                        commitRequested = true;
                        wakeCommitter.signal();
                    }
                    awaitBelowLimit();
                }
            }
        } finally {
            stateLock.unlock();
        }
        if (duplicate) {
            deleteQuietly(temp);
            checkOpen();
        }
    }

    private static void writeTemp(Path temp, byte[] data, boolean create) throws IOException {
        if (temp == null) {
            throw new NoSuchFileException("no spare temp file");
        }
        try (FileChannel ch = create
                ? FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                : FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    /** An empty temp file made ahead by the preparer, or null when none is ready. */
    private Path takeSpare() {
        stateLock.lock();
        try {
            if (preparer == null && !stopThreads) {
                preparer = Thread.ofPlatform().daemon().name("ferry-blockstore-prepare").start(this::preparerLoop);
            }
            Path p = spares.poll();
            if (spares.size() < SPARE_TARGET / 2) {
                sparesLow.signal();
            }
            return p;
        } finally {
            stateLock.unlock();
        }
    }

    /**
     * The preparer: keeps up to {@link #SPARE_TARGET} empty temp files ready. Creating a file costs this kind of
     * file system several times more than opening one and writing 256 KiB into it, so moving the creation off the
     * putting thread lets a single importer go several times faster. On an error (disk full) it retries a second
     * later; puts meanwhile create their own files.
     */
    private void preparerLoop() {
        while (true) {
            stateLock.lock();
            try {
                while (spares.size() >= SPARE_TARGET && !stopThreads) {
                    sparesLow.awaitUninterruptibly();
                }
                if (stopThreads) {
                    return;
                }
            } finally {
                stateLock.unlock();
            }
            Path p = tempDir.resolve(SPARE_PREFIX + tempSeq.incrementAndGet());
            boolean made;
            try {
                Files.createFile(p);
                made = true;
            } catch (IOException e) {
                made = false;
            }
            stateLock.lock();
            try {
                if (made && !stopThreads) {
                    spares.add(p);
                    continue;
                }
                if (!made && !stopThreads) {
                    try {
                        sparesLow.await(1, TimeUnit.SECONDS); // a failing disk: do not spin
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
            } finally {
                stateLock.unlock();
            }
            deleteQuietly(p); // made while closing
            return;
        }
    }

    /**
     * Back-pressure: a put waits while the committer is more than {@link #LIMIT_FACTOR} thresholds behind. Throws
     * when the committer failed (disk full, I/O error) rather than wait for ever; the block stays pending (readable,
     * committed by the next successful sync). Caller holds stateLock.
     */
    private void awaitBelowLimit() {
        boolean interrupted = false;
        try {
            while (overLimit() && !closed) {
                if (commitFailure != null) {
                    throw new StoreException("group commit failed: " + commitFailure.getMessage(), commitFailure);
                }
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The committer: one platform thread (a virtual one would pin its carrier for the whole syncfs call), woken by
     * the put that crosses the threshold, so that the next batch is written while this one is flushed.
     */
    private void committerLoop() {
        while (true) {
            stateLock.lock();
            try {
                while (!commitRequested && !stopCommitter) {
                    changedForCommitter();
                }
                if (!commitRequested) {
                    return;
                }
                commitRequested = false;
                committing = true;
                commitFailure = null; // waiting puts now wait for this round's outcome
            } finally {
                stateLock.unlock();
            }
            StoreException failure = null;
            try {
                commit(false);
            } catch (StoreException e) {
                failure = e;
            } catch (RuntimeException | Error e) { // keep the thread: waiting puts must hear of it
                failure = new StoreException("group commit failed: " + e, e);
            }
            stateLock.lock();
            try {
                committing = false;
                commitFailure = failure;
                changed.signalAll();
            } finally {
                stateLock.unlock();
            }
        }
    }

    private void changedForCommitter() {
        try {
            wakeCommitter.await();
        } catch (InterruptedException e) {
            stopCommitter = true; // only close() interrupts it
        }
    }

    /** Waits until no background commit is requested or running (for tests). */
    void awaitCommitterIdle() throws InterruptedException {
        stateLock.lock();
        try {
            while ((commitRequested || committing) && !stopCommitter) {
                changed.await();
            }
        } finally {
            stateLock.unlock();
        }
    }

    /**
     * Stores every block, on up to {@code writeThreads} threads (the caller and virtual helpers) taking blocks from
     * the iterator in turn (its {@code next()} is called under a lock, so a lazy iterator is fine). Returns when all
     * are written; the first failure stops the others and is rethrown.
     */
    @Override
    public void putAll(Iterable<Block> blocks) {
        Objects.requireNonNull(blocks, "blocks");
        checkOpen();
        Iterator<Block> it = blocks.iterator();
        if (cfg.writeThreads() == 1) {
            it.forEachRemaining(this::put);
            return;
        }
        ReentrantLock itLock = new ReentrantLock();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable worker = () -> {
            while (failure.get() == null) {
                Block next;
                itLock.lock();
                try {
                    if (!it.hasNext()) {
                        return;
                    }
                    next = it.next();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    return;
                } finally {
                    itLock.unlock();
                }
                try {
                    put(next);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        List<Thread> helpers = new ArrayList<>();
        for (int i = 1; i < cfg.writeThreads(); i++) {
            helpers.add(Thread.ofVirtual().name("ferry-blockstore-write").start(worker));
        }
        worker.run();
        boolean interrupted = false;
        for (Thread t : helpers) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the helpers hold blocks of this call: wait for them regardless
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    @Override
    public boolean delete(Cid cid) {
        checkOpen();
        if (cid.isIdentity()) {
            return false;
        }
        Multihash mh = cid.multihash();
        String key = FlatfsKeys.key(mh);
        Pending pe;
        stateLock.lock();
        try {
            pe = pending.remove(mh);
            if (pe != null) {
                pendingBytes -= pe.size();
                changed.signalAll();
            }
        } finally {
            stateLock.unlock();
        }
        try {
            // temp first, then the final name: a commit that renames in between loses its temp (rename fails, it skips)
            // or has already renamed it (then the final unlink below removes it)
            if (pe != null) {
                Files.deleteIfExists(pe.temp());
            }
            Path fin = finalPath(key);
            boolean removed = Files.deleteIfExists(fin);
            if (removed) {
                markMetadata(fin.getParent());
            }
            return removed || pe != null;
        } catch (IOException e) {
            throw new StoreException("cannot delete block " + cid + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves the stored file of {@code cid}'s multihash to {@code <dir>/quarantine/} (for {@code repo verify}, after
     * {@link #readUnverified} showed it corrupt); true when there was a file. Durable at the next {@link #sync()}.
     */
    public boolean quarantine(Cid cid) {
        checkOpen();
        if (cid.isIdentity()) {
            return false;
        }
        String key = FlatfsKeys.key(cid.multihash());
        Path fin = finalPath(key);
        try {
            Files.createDirectories(quarantineDir);
            Path target = quarantineDir.resolve(FlatfsKeys.fileName(key));
            for (int n = 1; Files.exists(target); n++) {
                target = quarantineDir.resolve(key + "." + n + FlatfsKeys.EXTENSION);
            }
            Files.move(fin, target, StandardCopyOption.ATOMIC_MOVE);
            markMetadata(fin.getParent());
            markMetadata(quarantineDir);
            markMetadata(root);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new StoreException("cannot quarantine block " + cid + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void sync() {
        checkOpen();
        commit(true);
    }

    /**
     * One group commit. {@code barrier}: commit everything pending and make all earlier metadata changes durable;
     * otherwise commit only when still over the threshold (another thread may have done it meanwhile).
     *
     * <p>Order: flush (the temp files' data, and earlier renames) → rename each into place → (barrier) flush again.
     * A block's final name therefore never points at data that is not durable.
     */
    private void commit(boolean barrier) {
        commitLock.lock();
        try {
            List<Batched> batch = new ArrayList<>();
            stateLock.lock();
            try {
                if (!barrier && !overThreshold()) {
                    return;
                }
                pending.forEach((mh, pe) -> batch.add(new Batched(mh, FlatfsKeys.key(mh), pe)));
            } finally {
                stateLock.unlock();
            }
            if (!batch.isEmpty()) {
                flush(batch);
                renameIntoPlace(batch);
                dropOldWrites(batch);
            }
            boolean dirty;
            stateLock.lock();
            try {
                dirty = metadataDirty;
            } finally {
                stateLock.unlock();
            }
            if (barrier && dirty) {
                flush(List.of());
            }
        } catch (IOException e) {
            throw new StoreException("group commit failed in " + blocksDir + ": " + e.getMessage(), e);
        } finally {
            commitLock.unlock();
        }
    }

    private void renameIntoPlace(List<Batched> batch) throws IOException {
        for (Batched b : batch) {
            String shard = FlatfsKeys.shard(b.key());
            Path shardDir = blocksDir.resolve(shard);
            if (!knownShards.contains(shard)) {
                if (!Files.isDirectory(shardDir)) {
                    try {
                        Files.createDirectory(shardDir);
                    } catch (FileAlreadyExistsException e) {
                        // created by a concurrent opener of a copy, or by us meanwhile: fine
                    }
                    markMetadata(blocksDir);
                }
                knownShards.add(shard);
            }
            try {
                Files.move(b.pending().temp(), shardDir.resolve(FlatfsKeys.fileName(b.key())),
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                continue; // deleted while in flight
            }
            stateLock.lock();
            try {
                metadataDirty = true;
                if (syncFs == null) {
                    touchedDirs.add(shardDir);
                    touchedDirs.add(tempDir);
                }
                // a delete (and maybe a new put) may have replaced the entry meanwhile: remove only our own
                if (pending.remove(b.mh(), b.pending())) {
                    pendingBytes -= b.pending().size();
                    changed.signalAll();
                }
            } finally {
                stateLock.unlock();
            }
        }
    }

    /**
     * Remembers the received files just committed (their data synced, so their pages are clean) and drops the pages of the
     * oldest beyond {@code writeCacheBytes}. Caller holds commitLock. A failed advice is ignored: it saves work only.
     */
    private void dropOldWrites(List<Batched> committed) {
        if (cfg.writeCacheBytes() == FileBlockstoreConfig.KEEP_ALL_CACHED || (dropperLinked && dropper == null)) {
            return;
        }
        for (Batched b : committed) {
            if (!b.pending().received()) {
                continue; // imported here: what this node offers, left to the kernel
            }
            cachedWrites.add(new Committed(finalPath(b.key()), b.pending().size()));
            cachedWriteBytes += b.pending().size();
        }
        List<Path> old = new ArrayList<>();
        while (!cachedWrites.isEmpty()
                && (cachedWriteBytes > cfg.writeCacheBytes() || cachedWrites.size() > MAX_CACHED_WRITES)) {
            Committed c = cachedWrites.poll();
            cachedWriteBytes -= c.size();
            old.add(c.file());
        }
        if (!old.isEmpty()) {
            if (!dropperLinked) {
                dropperLinked = true;
                dropper = PageCacheDropper.link().orElse(null);
            }
            if (dropper == null) { // not Linux, or no native access: the kernel keeps deciding
                cachedWrites.clear();
                cachedWriteBytes = 0;
                return;
            }
            try {
                droppedFiles.addAndGet(dropper.drop(old));
            } catch (RuntimeException e) {
                // the pages stay cached: slower next writes, nothing else
            }
        }
    }

    /** Committed files whose cached pages were dropped since this opener opened (for tests). */
    long droppedFileCount() {
        return droppedFiles.get();
    }

    /**
     * Makes durable the data of {@code files} and every metadata change recorded so far: one syncfs, or an fsync of
     * each file and each touched directory. On failure the recorded changes stay recorded for the next attempt.
     */
    private void flush(List<Batched> files) throws IOException {
        flushes.incrementAndGet();
        boolean meta;
        Set<Path> dirs;
        stateLock.lock();
        try {
            meta = metadataDirty;
            metadataDirty = false;
            dirs = Set.copyOf(touchedDirs);
            touchedDirs.clear();
        } finally {
            stateLock.unlock();
        }
        try {
            if (syncFs != null) {
                syncFs.sync();
            } else {
                for (Batched b : files) {
                    try (FileChannel ch = FileChannel.open(b.pending().temp(), StandardOpenOption.WRITE)) {
                        ch.force(true);
                    } catch (NoSuchFileException e) {
                        // deleted while in flight
                    }
                }
                for (Path d : dirs) {
                    fsyncDirectory(d);
                }
            }
        } catch (IOException | RuntimeException e) {
            stateLock.lock();
            try {
                metadataDirty |= meta;
                touchedDirs.addAll(dirs);
            } finally {
                stateLock.unlock();
            }
            throw e;
        }
    }

    private void markMetadata(Path dir) {
        stateLock.lock();
        try {
            metadataDirty = true;
            if (syncFs == null) {
                touchedDirs.add(dir);
            }
        } finally {
            stateLock.unlock();
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (NoSuchFileException e) {
            // gone: nothing of it to keep
        }
    }

    private static void writeDurably(Path target, byte[] data) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(target.getParent());
    }

    // ---- state ----

    private boolean overThreshold() {
        return pendingBytes >= cfg.commitBytes() || pending.size() >= cfg.commitCount();
    }

    /** Flushes begun since this opener opened (one syncfs, or one round of fsyncs, each). */
    long flushCount() {
        return flushes.get();
    }

    private boolean overLimit() {
        return pendingBytes >= LIMIT_FACTOR * cfg.commitBytes() || pending.size() >= LIMIT_FACTOR * cfg.commitCount();
    }

    private Pending pendingOf(Multihash mh) {
        stateLock.lock();
        try {
            return pending.get(mh);
        } finally {
            stateLock.unlock();
        }
    }

    private Path finalPath(String key) {
        return blocksDir.resolve(FlatfsKeys.shard(key)).resolve(FlatfsKeys.fileName(key));
    }

    /** The directory given to {@link #open}. */
    public Path directory() {
        return root;
    }

    /** True when group commits use one syncfs(2) (false: fsync of each file). */
    public boolean usesSyncfs() {
        return syncFs != null;
    }

    /** Number of blocks written but not yet committed (for tests and metrics). */
    public int pendingCount() {
        stateLock.lock();
        try {
            return pending.size();
        } finally {
            stateLock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("blockstore " + root + " is closed");
        }
    }

    @Override
    public void close() {
        stateLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true; // no new pending entries from here on
        } finally {
            stateLock.unlock();
        }
        try {
            stopPreparer();
            stopCommitterThread();
            commit(true);
        } finally {
            closeQuietly(syncFs, lockChannel);
        }
    }

    /** Stops the preparer; the spares it made stay in .temp for the next opener. */
    private void stopPreparer() {
        Thread t;
        stateLock.lock();
        try {
            stopThreads = true;
            sparesLow.signalAll();
            spares.clear();
            t = preparer;
        } finally {
            stateLock.unlock();
        }
        if (t != null) {
            joinUninterruptibly(t);
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopCommitterThread() {
        stateLock.lock();
        try {
            stopCommitter = true;
            wakeCommitter.signal();
            changed.signalAll();
        } finally {
            stateLock.unlock();
        }
        boolean interrupted = false;
        while (true) {
            try {
                committer.join(); // its current round finishes first: a half-done commit is never abandoned
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(SyncFs syncFs, FileChannel lockChannel) {
        if (syncFs != null) {
            syncFs.close();
        }
        if (lockChannel != null) {
            try {
                lockChannel.close(); // releases the lock
            } catch (IOException e) {
                // the lock goes with the process anyway
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temp file is removed at the next open
        }
    }

    @Override
    public String toString() {
        return "FileBlockstore[" + root + "]";
    }
}
