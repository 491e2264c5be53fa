package dev.ferry.node.repo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The repository's writer lock: an OS file lock on {@code repo.lock}, so that two processes never write one repo.
 * The lock dies with the process (kill -9 included), so no stale lock is ever left behind.
 */
public final class RepoLock implements AutoCloseable {
    public static final String FILE = "repo.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RepoLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails at once with "repo in use". */
    public static RepoLock acquire(Path repoDir) {
        Path file = repoDir.resolve(FILE);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new RepoException("cannot open " + file + ": " + e.getMessage(), e);
        }
        FileLock lk;
        try {
            lk = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lk = null;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new RepoException("cannot lock " + file + ": " + e.getMessage(), e);
        }
        if (lk == null) {
            closeQuietly(ch);
            throw new RepoException("repo " + repoDir + " is in use by another ferry process (is a daemon running?)");
        }
        try {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException ignored) {
            // the pid is informational only
        }
        return new RepoLock(ch, lk);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
