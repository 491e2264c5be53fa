package dev.ferry.node.content;

import dev.ferry.store.Blockstore;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps garbage collection away from content that is stored but not yet pinned. Writers (add, block put, dag import,
 * pin add) hold it shared from their first put until their pins are synced; a collection (and block rm) holds it
 * exclusively for mark and sweep, so it never sees a half-written import as garbage.
 *
 * <p>One lock per block store instance ({@link #of}), so every surface of one node (RPC, CLI in process) shares it.
 * Fair: a waiting collection is not starved by a stream of writers. Held per thread (release on the acquiring thread).
 */
public final class ContentLock {
    private static final Map<Blockstore, ContentLock> BY_STORE = Collections.synchronizedMap(new WeakHashMap<>());

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

    /** The lock of {@code store}, created on first use. */
    public static ContentLock of(Blockstore store) {
        Objects.requireNonNull(store, "store");
        return BY_STORE.computeIfAbsent(store, s -> new ContentLock());
    }

    /** A held lock; {@link #close()} releases it (once). */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Shared: content is being written and will be pinned before release. */
    public Held writing() {
        ReentrantReadWriteLock.ReadLock r = lock.readLock();
        r.lock();
        return once(r::unlock);
    }

    /** Exclusive: blocks are about to be deleted. */
    public Held collecting() {
        ReentrantReadWriteLock.WriteLock w = lock.writeLock();
        w.lock();
        return once(w::unlock);
    }

    private static Held once(Runnable unlock) {
        boolean[] done = {false};
        return () -> {
            if (!done[0]) {
                done[0] = true;
                unlock.run();
            }
        };
    }
}
