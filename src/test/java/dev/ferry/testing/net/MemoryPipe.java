package dev.ferry.testing.net;

import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory connection: two {@link DuplexStream} ends joined by two bounded byte buffers. A writer blocks while
 * the buffer towards the peer is full (so backpressure behaves like TCP), a reader blocks while it is empty.
 * {@code closeWrite} gives the peer EOF; {@code reset} and {@code close} make both directions fail promptly on both
 * ends (close is a hard close, like closing a socket, after which the peer reads EOF).
 */
public final class MemoryPipe {
    /**
     * The two ends; what {@code a} writes, {@code b} reads and vice versa. {@code aToB} and {@code bToA} are the
     * directions' records of every byte written (only for a {@link #tapped} pipe).
     */
    public record Ends(DuplexStream a, DuplexStream b, Tap aToB, Tap bToA) {}

    /** Every byte written into one direction of a tapped pipe, in order. */
    public interface Tap {
        byte[] tapped();
    }

    private MemoryPipe() {}

    /** A pipe whose two directions each buffer up to {@code capacity} bytes. */
    public static Ends create(int capacity) {
        return create(capacity, false);
    }

    /** A pipe of 128 KiB per direction that records what goes each way (for transcripts; keep transfers small). */
    public static Ends tapped() {
        return create(128 * 1024, true);
    }

    private static Ends create(int capacity, boolean record) {
        Channel ab = new Channel(capacity, record);
        Channel ba = new Channel(capacity, record);
        End a = new End(ba, ab, "mem:a");
        End b = new End(ab, ba, "mem:b");
        a.peer = b;
        b.peer = a;
        return new Ends(a, b, ab, ba);
    }

    /** A pipe with 256 KiB per direction. */
    public static Ends create() {
        return create(256 * 1024);
    }

    /** One direction: a ring buffer with a single lock. */
    static final class Channel implements Tap {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition notEmpty = lock.newCondition();
        private final Condition notFull = lock.newCondition();
        private final byte[] buf;
        private int head;
        private int size;
        private boolean eof;      // writer half-closed
        private boolean readerGone; // reader closed its end: writes fail
        private String failure;   // reset: both sides fail
        private final java.io.ByteArrayOutputStream tap; // null unless recording

        Channel(int capacity, boolean record) {
            if (capacity <= 0) {
                throw new IllegalArgumentException("capacity");
            }
            buf = new byte[capacity];
            tap = record ? new java.io.ByteArrayOutputStream() : null;
        }

        @Override
        public byte[] tapped() {
            if (tap == null) {
                throw new IllegalStateException("not a tapped pipe: use MemoryPipe.tapped()");
            }
            lock.lock();
            try {
                return tap.toByteArray();
            } finally {
                lock.unlock();
            }
        }

        int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            lock.lock();
            try {
                while (size == 0) {
                    if (failure != null) {
                        throw new IOException(failure);
                    }
                    if (readerGone) {
                        throw new IOException("closed");
                    }
                    if (eof) {
                        return -1;
                    }
                    park(notEmpty);
                }
                if (failure != null) {
                    throw new IOException(failure);
                }
                int n = Math.min(len, size);
                int first = Math.min(n, buf.length - head);
                System.arraycopy(buf, head, b, off, first);
                System.arraycopy(buf, 0, b, off + first, n - first);
                head = (head + n) % buf.length;
                size -= n;
                notFull.signalAll();
                return n;
            } finally {
                lock.unlock();
            }
        }

        void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            lock.lock();
            try {
                if (tap != null && failure == null && !eof && !readerGone) {
                    tap.write(b, off, len);
                }
                while (len > 0) {
                    if (failure != null) {
                        throw new IOException(failure);
                    }
                    if (eof) {
                        throw new IOException("write side closed");
                    }
                    if (readerGone) {
                        throw new IOException("broken pipe");
                    }
                    if (size == buf.length) {
                        park(notFull);
                        continue;
                    }
                    int n = Math.min(len, buf.length - size);
                    int tail = (head + size) % buf.length;
                    int first = Math.min(n, buf.length - tail);
                    System.arraycopy(b, off, buf, tail, first);
                    System.arraycopy(b, off + first, buf, 0, n - first);
                    size += n;
                    off += n;
                    len -= n;
                    notEmpty.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        int available() {
            lock.lock();
            try {
                return size;
            } finally {
                lock.unlock();
            }
        }

        void closeWrite() {
            lock.lock();
            try {
                eof = true;
                notEmpty.signalAll();
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void closeRead() {
            lock.lock();
            try {
                readerGone = true;
                size = 0;
                notEmpty.signalAll();
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void fail(String why) {
            lock.lock();
            try {
                if (failure == null) {
                    failure = why;
                }
                notEmpty.signalAll();
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private static void park(Condition c) throws InterruptedIOException {
            try {
                c.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
        }
    }

    private static final class End implements DuplexStream {
        private final Channel inbound;
        private final Channel outbound;
        private final String name;
        private End peer;
        private volatile boolean closed;
        private final InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (closed) {
                    throw new IOException("closed");
                }
                return inbound.read(b, off, len);
            }

            @Override
            public int available() {
                return inbound.available();
            }

            @Override
            public void close() {
                End.this.close();
            }
        };
        private final OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (closed) {
                    throw new IOException("closed");
                }
                outbound.write(b, off, len);
            }

            @Override
            public void close() {
                closeWrite();
            }
        };

        End(Channel inbound, Channel outbound, String name) {
            this.inbound = inbound;
            this.outbound = outbound;
            this.name = name;
        }

        @Override
        public InputStream in() {
            return in;
        }

        @Override
        public OutputStream out() {
            return out;
        }

        @Override
        public void closeWrite() {
            outbound.closeWrite();
        }

        @Override
        public void reset() {
            closed = true;
            inbound.fail("connection reset");
            outbound.fail("connection reset");
        }

        @Override
        public void close() {
            closed = true;
            outbound.closeWrite();
            inbound.closeRead();
        }

        @Override
        public String remoteAddress() {
            return peer.name;
        }

        @Override
        public String localAddress() {
            return name;
        }
    }
}
