package dev.ferry.net.security.noise;

import dev.ferry.net.transport.DuplexStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** An in-memory, bounded, lock-based duplex pipe for tests; each direction can be tapped to record its bytes. */
final class MemoryPipe {
    final End a;
    final End b;
    final Channel aToB = new Channel();
    final Channel bToA = new Channel();

    MemoryPipe() {
        a = new End(bToA, aToB, "a");
        b = new End(aToB, bToA, "b");
    }

    static final class Channel {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final byte[] ring = new byte[1 << 17];
        private int head;
        private int size;
        private boolean writeClosed;
        private boolean broken;
        final ByteArrayOutputStream tap = new ByteArrayOutputStream();

        void write(byte[] b, int off, int len) throws IOException {
            lock.lock();
            try {
                tap.write(b, off, len);
                while (len > 0) {
                    while (size == ring.length && !broken) {
                        changed.await();
                    }
                    if (broken || writeClosed) {
                        throw new IOException("pipe closed");
                    }
                    int tail = (head + size) % ring.length;
                    int n = Math.min(len, Math.min(ring.length - size, ring.length - tail));
                    System.arraycopy(b, off, ring, tail, n);
                    size += n;
                    off += n;
                    len -= n;
                    changed.signalAll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                lock.unlock();
            }
        }

        int read(byte[] b, int off, int len) throws IOException {
            lock.lock();
            try {
                while (size == 0 && !writeClosed && !broken) {
                    changed.await();
                }
                if (broken) {
                    throw new IOException("pipe reset");
                }
                if (size == 0) {
                    return -1;
                }
                int n = Math.min(len, Math.min(size, ring.length - head));
                System.arraycopy(ring, head, b, off, n);
                head = (head + n) % ring.length;
                size -= n;
                changed.signalAll();
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                lock.unlock();
            }
        }

        void closeWrite() {
            lock.lock();
            try {
                writeClosed = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void breakPipe() {
            lock.lock();
            try {
                broken = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        byte[] tapped() {
            lock.lock();
            try {
                return tap.toByteArray();
            } finally {
                lock.unlock();
            }
        }

        boolean awaitBroken(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            lock.lock();
            try {
                while (!broken) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    changed.awaitNanos(left);
                }
                return true;
            } finally {
                lock.unlock();
            }
        }
    }

    static final class End implements DuplexStream {
        private final Channel inbound;
        private final Channel outbound;
        private final String name;
        private final InputStream in;
        private final OutputStream out;

        End(Channel inbound, Channel outbound, String name) {
            this.inbound = inbound;
            this.outbound = outbound;
            this.name = name;
            this.in = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return len == 0 ? 0 : inbound.read(b, off, len);
                }
            };
            this.out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    outbound.write(b, off, len);
                }
            };
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
            inbound.breakPipe();
            outbound.breakPipe();
        }

        @Override
        public String remoteAddress() {
            return "memory:" + (name.equals("a") ? "b" : "a");
        }

        @Override
        public String localAddress() {
            return "memory:" + name;
        }

        @Override
        public void close() {
            // like a TCP close: the peer still reads what was sent, then EOF; our side stops reading
            outbound.closeWrite();
            inbound.breakPipe();
        }
    }
}
