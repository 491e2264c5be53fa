package dev.ferry.store;

/**
 * Limits and durability settings of a {@link FileBlockstore}.
 *
 * @param commitBytes a group commit starts once this many bytes of unsynced blocks are pending (bounds the work one
 *                    {@code sync()} has left, and the pending list)
 * @param commitCount ... or once this many blocks are pending
 * @param maxBlockSize the largest block accepted by {@code put}; a stored file longer than this is treated as corrupt
 *                     (never read into memory)
 * @param syncMode how pending blocks are made durable
 * @param writeThreads threads (the caller's included) that {@code putAll} writes with: creating a file costs far more
 *                     than writing 256 KiB into it, so a single writer leaves the disk idle
 * @param writeCacheBytes bytes of the most recently committed block files left in the page cache; older committed
 *                        files have their pages dropped so that new writes reuse them ({@link #KEEP_ALL_CACHED}: never
 *                        drop, the kernel decides). Worth it where fresh pages are dear ({@link FreePageReporting})
 */
public record FileBlockstoreConfig(long commitBytes, int commitCount, int maxBlockSize, SyncMode syncMode,
        int writeThreads, long writeCacheBytes) {

    /** {@code writeCacheBytes} that leaves every written page to the kernel. */
    public static final long KEEP_ALL_CACHED = Long.MAX_VALUE;

    /** How a group commit makes its files durable. */
    public enum SyncMode {
        /** One {@code syncfs(2)} for the whole batch when libc has it, else {@link #FSYNC_EACH}. */
        AUTO,
        /** {@code fsync} of every file and of every touched directory (portable, much slower for small files). */
        FSYNC_EACH
    }

    public FileBlockstoreConfig {
        if (commitBytes < 1) {
            throw new IllegalArgumentException("commitBytes must be positive: " + commitBytes);
        }
        if (commitCount < 1) {
            throw new IllegalArgumentException("commitCount must be positive: " + commitCount);
        }
        if (maxBlockSize < 1) {
            throw new IllegalArgumentException("maxBlockSize must be positive: " + maxBlockSize);
        }
        if (syncMode == null) {
            throw new IllegalArgumentException("syncMode is null");
        }
        if (writeThreads < 1 || writeThreads > 64) {
            throw new IllegalArgumentException("writeThreads must be in 1..64: " + writeThreads);
        }
        if (writeCacheBytes < 0) {
            throw new IllegalArgumentException("writeCacheBytes must not be negative: " + writeCacheBytes);
        }
    }

    /**
     * A group commit per 32 MiB or 4096 blocks, blocks up to 16 MiB, syncfs when available, putAll on 2 threads,
     * every written page left to the kernel.
     */
    public static FileBlockstoreConfig defaults() {
        return new FileBlockstoreConfig(32L << 20, 4096, 16 << 20, SyncMode.AUTO, 2, KEEP_ALL_CACHED);
    }

    public FileBlockstoreConfig withCommitBytes(long bytes) {
        return new FileBlockstoreConfig(bytes, commitCount, maxBlockSize, syncMode, writeThreads, writeCacheBytes);
    }

    public FileBlockstoreConfig withCommitCount(int count) {
        return new FileBlockstoreConfig(commitBytes, count, maxBlockSize, syncMode, writeThreads, writeCacheBytes);
    }

    public FileBlockstoreConfig withMaxBlockSize(int size) {
        return new FileBlockstoreConfig(commitBytes, commitCount, size, syncMode, writeThreads, writeCacheBytes);
    }

    public FileBlockstoreConfig withSyncMode(SyncMode mode) {
        return new FileBlockstoreConfig(commitBytes, commitCount, maxBlockSize, mode, writeThreads, writeCacheBytes);
    }

    public FileBlockstoreConfig withWriteThreads(int threads) {
        return new FileBlockstoreConfig(commitBytes, commitCount, maxBlockSize, syncMode, threads, writeCacheBytes);
    }

    public FileBlockstoreConfig withWriteCacheBytes(long bytes) {
        return new FileBlockstoreConfig(commitBytes, commitCount, maxBlockSize, syncMode, writeThreads, bytes);
    }
}
