package dev.ferry.net.transport;

import dev.ferry.multiformats.Multiaddr;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP connection over a blocking {@link Socket} (TCP_NODELAY on). Input is buffered (readers above read through
 * {@link #in()} only, so nothing is lost); output is buffered and leaves on {@code flush()}, on
 * {@link #closeWrite()} and on {@link #close()}.
 *
 * <p>Memory: the input buffer is small, because the layers above read whole frames into their own arrays (reads at
 * least as long as the buffer bypass it); the output buffer is taken from the shared {@link BufferPool} when the
 * first byte is buffered and given back on {@code flush()}, so an idle connection holds no big buffer.
 *
 * <p>{@link #close()} flushes for at most {@link #CLOSE_FLUSH_TIMEOUT} (a peer that does not read cannot hold it
 * longer), then closes the socket, which fails blocked reads and writes on other threads. {@link #reset()} closes
 * at once with an RST (SO_LINGER 0).
 */
public final class TcpConnection implements DuplexStream {
    /** Size of the input buffer: enough for frame headers and small frames, larger reads go straight through. */
    static final int INPUT_BUFFER_SIZE = 4 * 1024;
    /** Writes of at least this many bytes go straight to the socket (after what is buffered). */
    static final int DIRECT_WRITE = 64 * 1024;
    /** The longest {@link #close()} waits for buffered output to leave. */
    public static final Duration CLOSE_FLUSH_TIMEOUT = Duration.ofSeconds(1);

    private final Socket socket;
    private final InputStream in;
    private final Output out;
    private final Multiaddr remote;
    private final Multiaddr local;
    private final AtomicBoolean closed = new AtomicBoolean();

    TcpConnection(Socket socket) throws IOException {
        this.socket = Objects.requireNonNull(socket);
        socket.setTcpNoDelay(true);
        this.in = new Input(new BufferedInputStream(socket.getInputStream(), INPUT_BUFFER_SIZE));
        this.out = new Output(socket.getOutputStream());
        this.remote = TcpTransport.toMultiaddr((InetSocketAddress) socket.getRemoteSocketAddress());
        this.local = TcpTransport.toMultiaddr((InetSocketAddress) socket.getLocalSocketAddress());
    }

    /** The socket, for a layer that wraps it (TLS under a WebSocket); nothing may have been read or written yet. */
    Socket socket() {
        return socket;
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    /** The peer's address, e.g. {@code /ip4/127.0.0.1/tcp/4001}. */
    public Multiaddr remoteMultiaddr() {
        return remote;
    }

    /** Our end's address. */
    public Multiaddr localMultiaddr() {
        return local;
    }

    @Override
    public String remoteAddress() {
        return remote.toString();
    }

    @Override
    public String localAddress() {
        return local.toString();
    }

    @Override
    public void closeWrite() throws IOException {
        if (socket.isOutputShutdown() || closed.get()) {
            return;
        }
        out.flush();
        socket.shutdownOutput();
    }

    @Override
    public void reset() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly();
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        if (!socket.isOutputShutdown()) {
            Thread flusher = Thread.ofVirtual().start(() -> {
                try {
                    out.flush();
                } catch (IOException ignored) {
                    // the peer is gone; nothing to deliver
                }
            });
            try {
                flusher.join(CLOSE_FLUSH_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    @Override
    public String toString() {
        return "TcpConnection[" + local + " -> " + remote + "]";
    }

    /** Delegates to the buffered socket input; closing it closes the connection (flushing first). */
    private final class Input extends InputStream {
        private final InputStream buffered;

        Input(InputStream buffered) {
            this.buffered = buffered;
        }

        @Override
        public int read() throws IOException {
            return buffered.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return buffered.read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            return buffered.skip(n);
        }

        @Override
        public int available() throws IOException {
            return buffered.available();
        }

        @Override
        public void close() {
            TcpConnection.this.close();
        }
    }

    /**
     * A buffered output guarded by a ReentrantLock; closing it half-closes the connection. The buffer is a pooled array
     * held from the first buffered byte until the next flush (or failure).
     */
    private final class Output extends OutputStream {
        private final OutputStream raw;
        private final ReentrantLock lock = new ReentrantLock();
        private byte[] buf; // guarded by lock; null when nothing is buffered since the last flush
        private int count;

        Output(OutputStream raw) {
            this.raw = raw;
        }

        @Override
        public void write(int b) throws IOException {
            lock.lock();
            try {
                if (buf == null) {
                    buf = BufferPool.shared().acquire();
                } else if (count == buf.length) {
                    drain();
                }
                buf[count++] = (byte) b;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            lock.lock();
            try {
                if (len >= DIRECT_WRITE) {
                    drain();
                    raw.write(b, off, len);
                    return;
                }
                if (buf == null) {
                    buf = BufferPool.shared().acquire();
                } else if (count + len > buf.length) {
                    drain();
                }
                System.arraycopy(b, off, buf, count, len);
                count += len;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void flush() throws IOException {
            lock.lock();
            try {
                try {
                    drain();
                } finally {
                    giveBack();
                }
                raw.flush();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() throws IOException {
            closeWrite();
        }

        private void drain() throws IOException {
            if (count > 0) {
                int n = count;
                count = 0;
                try {
                    raw.write(buf, 0, n);
                } catch (IOException | RuntimeException e) {
                    giveBack(); // the bytes are lost with the connection; the socket no longer reads the array
                    throw e;
                }
            }
        }

        private void giveBack() {
            if (buf != null) {
                byte[] b = buf;
                buf = null;
                count = 0;
                BufferPool.shared().release(b);
            }
        }
    }
}
