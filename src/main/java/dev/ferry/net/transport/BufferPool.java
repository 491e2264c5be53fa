package dev.ferry.net.transport;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small bounded stack of frame-sized byte arrays shared by all connections, so that a connection holds a big buffer
 * only while bytes are in flight (an idle connection holds none). {@link #acquire()} returns a pooled array or a new
 * one; {@link #release(byte[])} puts it back when there is room, else drops it for the garbage collector.
 *
 * <p>An array must not be touched after it was released: the next {@code acquire} may hand it to another connection
 * at once. Releasing an array that is already in the pool throws {@link IllegalStateException} (a double release
 * while the array is handed out again cannot be detected: callers clear their reference when they release).
 */
public final class BufferPool {
    /** Length of every pooled array: a 64 KiB frame plus room for a length prefix or a header. */
    public static final int BUFFER_SIZE = 64 * 1024 + 64;
    /**
     * Arrays kept by the shared pool: at most 1 MiB of idle buffers for the whole process, enough for a few busy
     * connections (each has at most about four arrays out at once); beyond it, arrays are allocated and collected.
     */
    static final int SHARED_CAPACITY = 16;

    private static final BufferPool SHARED = new BufferPool(SHARED_CAPACITY);

    private final ReentrantLock lock = new ReentrantLock();
    private final byte[][] stack; // guarded by lock
    private int size; // guarded by lock
    private final AtomicInteger checkedOut = new AtomicInteger();

    BufferPool(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity < 0: " + capacity);
        }
        this.stack = new byte[capacity][];
    }

    /** The pool shared by TCP, Noise and Yamux. */
    public static BufferPool shared() {
        return SHARED;
    }

    /** An array of {@link #BUFFER_SIZE} bytes (contents unspecified) that the caller owns until it releases it. */
    public byte[] acquire() {
        byte[] b = null;
        lock.lock();
        try {
            if (size > 0) {
                b = stack[--size];
                stack[size] = null;
            }
        } finally {
            lock.unlock();
        }
        checkedOut.incrementAndGet();
        return b != null ? b : new byte[BUFFER_SIZE];
    }

    /**
     * Gives back an array obtained from {@link #acquire()}; the caller must not use it afterwards.
     *
     * @throws IllegalArgumentException the array does not have {@link #BUFFER_SIZE} bytes
     * @throws IllegalStateException the array is already in the pool (released twice)
     */
    public void release(byte[] b) {
        if (b.length != BUFFER_SIZE) {
            throw new IllegalArgumentException("not a pooled buffer: " + b.length + " bytes");
        }
        lock.lock();
        try {
            for (int i = 0; i < size; i++) {
                if (stack[i] == b) {
                    throw new IllegalStateException("buffer released twice");
                }
            }
            if (size < stack.length) {
                stack[size++] = b;
            }
        } finally {
            lock.unlock();
        }
        checkedOut.decrementAndGet();
    }

    /**
     * Arrays handed out and not released yet (a diagnostic: arrays still held by a connection that failed mid-frame
     * are left to the garbage collector and stay counted).
     */
    public int checkedOut() {
        return checkedOut.get();
    }

    /** Arrays currently kept for reuse. */
    public int pooled() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** How many arrays the pool keeps at most. */
    public int capacity() {
        return stack.length;
    }
}
