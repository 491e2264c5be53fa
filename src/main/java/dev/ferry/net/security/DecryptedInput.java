package dev.ferry.net.security;

import dev.ferry.net.transport.BufferPool;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reading side of a secure channel: plaintext of the last record(s) read, handed out until used up, then the
 * next record. The buffer is pooled and held only while some plaintext is unread, so an idle connection holds none.
 * A failure stays: every later read throws it.
 */
public abstract class DecryptedInput extends InputStream {
    protected final ReentrantLock lock = new ReentrantLock();
    protected byte[] buf; // guarded by lock; pooled, holds plaintext [pos, limit) while some is unread, else null
    protected int pos;
    protected int limit;
    protected boolean eof;
    protected IOException failure;

    /**
     * Reads the next record under the lock, called only while nothing is unread: sets {@code buf}, {@code pos} and
     * {@code limit}, or {@code eof}, or {@code failure} (and throws it).
     */
    protected abstract void fill() throws IOException;

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            while (pos == limit) {
                if (failure != null) {
                    throw failure;
                }
                if (eof) {
                    return -1;
                }
                fill();
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            if (pos == limit) {
                giveBack();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return limit - pos;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the buffer to the pool once nothing in it is unread (or on failure). Called under the lock. */
    protected final void giveBack() {
        if (buf != null) {
            byte[] b = buf;
            buf = null;
            pos = 0;
            limit = 0;
            BufferPool.shared().release(b);
        }
    }
}
