package dev.ferry.store;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Linux {@code syncfs(2)} through the foreign-function API: one call makes every dirty page and every metadata change
 * of one file system durable. Holds an open descriptor of a directory on that file system from its first sync until
 * closed.
 *
 * <p>Group commit relies on it: thousands of unsynced block files cost one flush instead of one fsync each.
 * {@link #open} answers empty where libc has no {@code syncfs} (not Linux) or native access is refused.
 *
 * <p>The native functions are linked, and the directory opened, at the first {@link #sync}, not at {@link #open}:
 * linking costs a fresh JVM 110-140 ms (measured), which every command that opens the repository only to read it
 * (cat, ls, pin ls, ...) used to pay. The linked handles are shared by every instance of the process.
 */
final class SyncFs implements AutoCloseable {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000; // 02000000, same value on x86-64 and aarch64 Linux

    private static final Object LINKING = new Object();
    private static volatile Natives natives;

    private final Path dir;
    private final ReentrantLock lock = new ReentrantLock();
    private int fd = -1;
    private boolean closed;

    private SyncFs(Path dir) {
        this.dir = dir;
    }

    /** The linked functions and the layout of the errno they capture. */
    private record Natives(MethodHandle syncfs, MethodHandle open, MethodHandle close, StructLayout state, VarHandle errno) {}

    /**
     * A syncer for the file system that holds {@code dir}; empty when syncfs is not available here. Checks that the
     * functions exist and native access is allowed (cheap); links them at the first sync.
     */
    static Optional<SyncFs> open(Path dir) {
        try {
            if (!SyncFs.class.getModule().isNativeAccessEnabled()) {
                return Optional.empty();
            }
            SymbolLookup libc = Linker.nativeLinker().defaultLookup();
            for (String name : new String[] {"syncfs", "open", "close"}) {
                if (libc.find(name).isEmpty()) {
                    return Optional.empty();
                }
            }
        } catch (RuntimeException e) { // unsupported platform
            return Optional.empty();
        }
        return Optional.of(new SyncFs(dir.toAbsolutePath()));
    }

    private static Natives natives() throws IOException {
        Natives n = natives;
        if (n != null) {
            return n;
        }
        synchronized (LINKING) {
            if (natives == null) {
                try {
                    Linker linker = Linker.nativeLinker();
                    SymbolLookup libc = linker.defaultLookup();
                    Linker.Option errnoOpt = Linker.Option.captureCallState("errno");
                    StructLayout state = Linker.Option.captureStateLayout();
                    VarHandle errno = state.varHandle(MemoryLayout.PathElement.groupElement("errno"));
                    MethodHandle syncfs = linker.downcallHandle(libc.find("syncfs").orElseThrow(),
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), errnoOpt);
                    // open is variadic: the mode argument is the first variadic one
                    MethodHandle open = linker.downcallHandle(libc.find("open").orElseThrow(),
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                            errnoOpt, Linker.Option.firstVariadicArg(2));
                    MethodHandle close = linker.downcallHandle(libc.find("close").orElseThrow(),
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                    natives = new Natives(syncfs, open, close, state, errno);
                } catch (RuntimeException e) {
                    throw new IOException("cannot link syncfs: " + e.getMessage(), e);
                }
            }
            return natives;
        }
    }

    /** Flushes the whole file system; when it returns, everything written before the call is durable. */
    void sync() throws IOException {
        lock.lock();
        try {
            if (closed) {
                throw new IOException("syncfs handle is closed");
            }
            Natives n = natives();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(n.state());
                if (fd < 0) {
                    MemorySegment cpath = arena.allocateFrom(dir.toString());
                    int opened = (int) n.open().invokeExact(state, cpath, O_RDONLY | O_CLOEXEC, 0);
                    if (opened < 0) {
                        throw new IOException("open(" + dir + ") failed, errno " + (int) n.errno().get(state, 0L));
                    }
                    fd = opened;
                }
                int rc = (int) n.syncfs().invokeExact(state, fd);
                if (rc != 0) {
                    throw new IOException("syncfs failed, errno " + (int) n.errno().get(state, 0L));
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
            closed = true;
            if (fd >= 0) {
                try {
                    int ignored = (int) natives.close().invokeExact(fd);
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
