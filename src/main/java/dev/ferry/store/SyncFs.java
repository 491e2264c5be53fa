package dev.ferry.store;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Linux {@code syncfs(2)} through the foreign-function API: one call makes every dirty page and every metadata change
 * of one file system durable. Holds an open descriptor of a directory on that file system until closed.
 *
 * <p>Group commit relies on it: thousands of unsynced block files cost one flush instead of one fsync each.
 * {@link #open} answers empty where libc has no {@code syncfs} (not Linux) or native access is refused.
 */
final class SyncFs implements AutoCloseable {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000; // 02000000, same value on x86-64 and aarch64 Linux

    private final MethodHandle syncfs;
    private final MethodHandle closeFd;
    private final VarHandle errno;
    private final StructLayout stateLayout;
    private final ReentrantLock lock = new ReentrantLock();
    private int fd;

    private SyncFs(MethodHandle syncfs, MethodHandle closeFd, VarHandle errno, StructLayout stateLayout, int fd) {
        this.syncfs = syncfs;
        this.closeFd = closeFd;
        this.errno = errno;
        this.stateLayout = stateLayout;
        this.fd = fd;
    }

    /** Opens {@code dir} (a directory on the file system to flush); empty when syncfs is not available here. */
    static Optional<SyncFs> open(Path dir) throws IOException {
        MethodHandle syncfs;
        MethodHandle open;
        MethodHandle close;
        StructLayout stateLayout;
        VarHandle errno;
        try {
            Linker linker = Linker.nativeLinker();
            var lookup = linker.defaultLookup();
            var syncfsSym = lookup.find("syncfs");
            var openSym = lookup.find("open");
            var closeSym = lookup.find("close");
            if (syncfsSym.isEmpty() || openSym.isEmpty() || closeSym.isEmpty()) {
                return Optional.empty();
            }
            Linker.Option errnoOpt = Linker.Option.captureCallState("errno");
            stateLayout = Linker.Option.captureStateLayout();
            errno = stateLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));
            syncfs = linker.downcallHandle(syncfsSym.get(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), errnoOpt);
            // open is variadic: the mode argument is the first variadic one
            open = linker.downcallHandle(openSym.get(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                    errnoOpt, Linker.Option.firstVariadicArg(2));
            close = linker.downcallHandle(closeSym.get(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        } catch (RuntimeException e) { // IllegalCallerException when native access is disabled, unsupported platform
            return Optional.empty();
        }
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(stateLayout);
            MemorySegment cpath = arena.allocateFrom(dir.toAbsolutePath().toString());
            fd = (int) open.invokeExact(state, cpath, O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("open(" + dir + ") failed, errno " + (int) errno.get(state, 0L));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("open(" + dir + ") failed", t);
        }
        return Optional.of(new SyncFs(syncfs, close, errno, stateLayout, fd));
    }

    /** Flushes the whole file system; when it returns, everything written before the call is durable. */
    void sync() throws IOException {
        lock.lock();
        try {
            if (fd < 0) {
                throw new IOException("syncfs handle is closed");
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(stateLayout);
                int rc = (int) syncfs.invokeExact(state, fd);
                if (rc != 0) {
                    throw new IOException("syncfs failed, errno " + (int) errno.get(state, 0L));
                }
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IOException("syncfs failed", t);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (fd >= 0) {
                try {
                    int ignored = (int) closeFd.invokeExact(fd);
                } catch (Throwable t) {
                    // nothing useful to do: the descriptor is gone either way
                }
                fd = -1;
            }
        } finally {
            lock.unlock();
        }
    }
}
