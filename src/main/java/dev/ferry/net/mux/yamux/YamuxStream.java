package dev.ferry.net.mux.yamux;

import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Yamux stream as a blocking {@link DuplexStream} with real flow control.
 *
 * <h2>Receiving</h2>
 * Bytes the peer sends are buffered here until read; the peer may only send as much as the window we announced, so
 * the buffer never exceeds the current receive window (256 KiB initially, grown up to
 * {@link YamuxConfig#maxWindow()} while the reader keeps up). Once the reader has consumed half a window, the read
 * call that crossed the mark sends a WindowUpdate returning the credit; a reader that stops therefore stops the
 * peer's writer. Data beyond the window is a protocol error that ends the session.
 *
 * <h2>Sending</h2>
 * {@code out().write} splits data into frames of at most {@link YamuxConfig#maxFramePayload()} and the current send
 * window, and blocks while the window is 0. Each call returns once its bytes were handed to the connection;
 * {@code flush()} is a no-op apart from that.
 *
 * <h2>Closing</h2>
 * {@link #closeWrite()} sends FIN (the peer reads EOF); {@link #close()} sends FIN and discards further incoming
 * data; {@link #reset()} sends RST and fails both directions at once. A stream reset by the peer makes reads (after
 * any data already buffered) and writes throw {@link YamuxException.StreamError}; a closed session makes blocked and
 * later calls throw {@link IOException}.
 *
 * <h2>Threading</h2>
 * One reader thread and one writer thread may use the stream concurrently; writes are serialised per stream (so a
 * FIN never overtakes data). {@code reset()} and {@code close()} may come from any thread. Nothing here holds the
 * stream lock while doing network I/O.
 */
public final class YamuxStream implements DuplexStream {
    private static final byte[] EMPTY = new byte[0];

    private final YamuxSession session;
    private final int id;
    private final boolean outbound;
    private final int maxFramePayload;
    private final int maxWindow;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    /** Serialises whole writes and the FIN of this stream. */
    private final ReentrantLock writeSerial = new ReentrantLock();
    /** Inbound streams: set until our first frame on the stream carried ACK. */
    private final AtomicBoolean ackPending;

    // receive side, guarded by lock (the reader thread fills buf beyond head+size outside the lock, see receive)
    private byte[] buf = EMPTY;
    private int head;
    private int size;
    private long recvWindow = YamuxConfig.INITIAL_WINDOW; // window currently granted to the peer
    private long recvCredit = YamuxConfig.INITIAL_WINDOW; // bytes the peer may still send
    private long consumed; // read by the application since the last WindowUpdate
    private long lastUpdateNanos;
    private boolean remoteFin;
    private boolean readClosed;

    // send side, guarded by lock
    private long sendWindow = YamuxConfig.INITIAL_WINDOW;
    private boolean localFin;

    // both, guarded by lock
    private String resetReason; // non-null once reset by either side
    private IOException sessionFailure; // non-null once the session ended
    private boolean removed;

    /** Outbound and not yet acknowledged by the peer; guarded by the session's state lock. */
    boolean inBacklog;

    private final InputStream in = new In();
    private final OutputStream out = new Out();

    YamuxStream(YamuxSession session, int id, boolean outbound, YamuxConfig config, long nowNanos) {
        this.session = session;
        this.id = id;
        this.outbound = outbound;
        this.maxFramePayload = config.maxFramePayload();
        this.maxWindow = config.maxWindow();
        this.ackPending = new AtomicBoolean(!outbound);
        this.lastUpdateNanos = nowNanos;
    }

    /** The stream id (unsigned 32-bit): odd when opened by the session's client, even by its server. */
    public int id() {
        return id;
    }

    /** True when this side opened the stream. */
    public boolean isOutbound() {
        return outbound;
    }

    /** The session this stream belongs to. */
    public YamuxSession session() {
        return session;
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
    public String remoteAddress() {
        return session.remoteAddress();
    }

    @Override
    public String localAddress() {
        return session.localAddress();
    }

    /** Bytes received and not yet read. */
    public int buffered() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** The receive window currently granted to the peer (grows from 256 KiB up to the configured maximum). */
    public long receiveWindow() {
        lock.lock();
        try {
            return recvWindow;
        } finally {
            lock.unlock();
        }
    }

    /** Window granted beyond the initial 256 KiB (returned to the session's growth budget when the stream ends). */
    long windowGrowth() {
        lock.lock();
        try {
            return recvWindow - YamuxConfig.INITIAL_WINDOW;
        } finally {
            lock.unlock();
        }
    }

    /** The bytes we may still send before the peer grants more. */
    public long sendWindow() {
        lock.lock();
        try {
            return sendWindow;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void closeWrite() throws IOException {
        writeSerial.lock();
        try {
            lock.lock();
            try {
                if (localFin || resetReason != null) {
                    return;
                }
                if (sessionFailure != null) {
                    localFin = true;
                    return;
                }
                localFin = true;
            } finally {
                lock.unlock();
            }
            session.writeFrame(YamuxFrameType.WINDOW_UPDATE, YamuxFlags.FIN | takeAckFlag(), id, 0, null, 0, 0);
        } finally {
            writeSerial.unlock();
            removeIfDone();
        }
    }

    @Override
    public void reset() {
        if (resetLocally("reset locally")) {
            session.queueControl(YamuxFrameType.WINDOW_UPDATE, YamuxFlags.RST | takeAckFlag(), id, 0);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            closeWrite();
        } catch (IOException e) {
            if (!session.isClosed()) {
                throw e;
            }
        }
        long delta = 0;
        lock.lock();
        try {
            if (!readClosed) {
                readClosed = true;
                // give the discarded bytes back so a peer still writing is not stuck on a full window
                consumed += size;
                size = 0;
                head = 0;
                buf = EMPTY;
                delta = windowUpdateDue();
                readable.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (delta > 0) {
            session.queueControl(YamuxFrameType.WINDOW_UPDATE, takeAckFlag(), id, delta);
        }
        removeIfDone();
    }

    @Override
    public String toString() {
        return "YamuxStream[" + Integer.toUnsignedString(id) + (outbound ? " out" : " in") + "]";
    }

    // ---- called by the session's reader thread ----

    /** ACK flag for our next frame if this inbound stream has not been acknowledged yet; sends it at most once. */
    int takeAckFlag() {
        return ackPending.get() && ackPending.getAndSet(false) ? YamuxFlags.ACK : 0;
    }

    /** True when the peer has half-closed (so more data is a stream error). */
    boolean remoteFinished() {
        lock.lock();
        try {
            return remoteFin;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code len} payload bytes of a Data frame from {@code src} into the buffer. The window check happens
     * before any byte is read. Returns the credit to give back at once (bytes discarded because the application
     * closed its read side), or 0.
     */
    long receive(InputStream src, int len, YamuxFrameCodec codec, byte[] scratch) throws IOException {
        int tail;
        int first;
        byte[] target;
        lock.lock();
        try {
            if (len > recvCredit) {
                throw new YamuxException.ProtocolError("stream " + Integer.toUnsignedString(id) + " sent " + len
                        + " bytes with a window of " + recvCredit);
            }
            recvCredit -= len;
            if (readClosed || resetReason != null) {
                target = null;
                tail = 0;
                first = 0;
            } else {
                ensureCapacity(size + len);
                target = buf;
                tail = (head + size) % buf.length;
                first = Math.min(len, buf.length - tail);
            }
        } finally {
            lock.unlock();
        }
        if (target == null) {
            YamuxSession.skip(src, len, codec, scratch);
            return discarded(len);
        }
        // only this thread writes the free region, and only this thread reallocates buf: no lock needed here
        readFully(src, target, tail, first, codec);
        readFully(src, target, 0, len - first, codec);
        lock.lock();
        try {
            if (readClosed || resetReason != null || target != buf) {
                // closed meanwhile: the bytes are dropped
                return resetReason != null ? 0 : discardedLocked(len);
            }
            size += len;
            readable.signalAll();
            return 0;
        } finally {
            lock.unlock();
        }
    }

    private long discarded(int len) {
        lock.lock();
        try {
            return resetReason != null ? 0 : discardedLocked(len);
        } finally {
            lock.unlock();
        }
    }

    private long discardedLocked(int len) {
        consumed += len;
        return windowUpdateDue();
    }

    private static void readFully(InputStream src, byte[] b, int off, int len, YamuxFrameCodec codec)
            throws IOException {
        if (len > 0 && src.readNBytes(b, off, len) < len) {
            throw codec.fail("stream ended inside a data payload");
        }
    }

    /** Grows the ring buffer (doubling, never beyond the window) so that it holds {@code need} bytes. */
    private void ensureCapacity(int need) {
        if (need <= buf.length) {
            return;
        }
        int cap = Math.max(buf.length, 16 * 1024);
        while (cap < need) {
            cap <<= 1;
        }
        cap = (int) Math.min(cap, Math.max(recvWindow, need));
        byte[] grown = new byte[cap];
        int first = Math.min(size, buf.length - head);
        System.arraycopy(buf, head, grown, 0, first);
        System.arraycopy(buf, 0, grown, first, size - first);
        buf = grown;
        head = 0;
    }

    /** The peer half-closed. */
    void onRemoteFin() {
        lock.lock();
        try {
            remoteFin = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        removeIfDone();
    }

    /** The peer reset the stream. */
    void onRemoteReset() {
        lock.lock();
        try {
            if (resetReason == null) {
                resetReason = "reset by peer";
            }
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        removeIfDone();
    }

    /** The peer granted more send window. */
    void addSendWindow(long delta) throws YamuxException.ProtocolError {
        if (delta == 0) {
            return;
        }
        lock.lock();
        try {
            if (sendWindow + delta > 0xFFFF_FFFFL) {
                throw new YamuxException.ProtocolError("send window of stream " + Integer.toUnsignedString(id)
                        + " overflows 32 bits");
            }
            sendWindow += delta;
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The session ended: fail every blocked and future call (buffered data stays readable). */
    void onSessionClosed(IOException cause) {
        lock.lock();
        try {
            if (sessionFailure == null) {
                sessionFailure = cause;
            }
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Resets without telling the peer (the caller sends RST if needed). Returns false when already reset/done. */
    boolean resetLocally(String reason) {
        boolean tellPeer;
        lock.lock();
        try {
            if (resetReason != null || sessionFailure != null) {
                return false;
            }
            tellPeer = !(localFin && remoteFin);
            resetReason = reason;
            size = 0;
            head = 0;
            buf = EMPTY;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        removeIfDone();
        return tellPeer;
    }

    private void removeIfDone() {
        boolean done;
        lock.lock();
        try {
            done = !removed && (resetReason != null || localFin && remoteFin);
            if (done) {
                removed = true;
            }
        } finally {
            lock.unlock();
        }
        if (done) {
            session.removeStream(this);
        }
    }

    /**
     * Called with the lock held after {@code consumed} grew: returns the WindowUpdate delta to send now (0 if none)
     * and books it as credit. The window doubles (up to maxWindow) when the last update was less than two round
     * trips ago, i.e. the window and not the reader is what limits the peer.
     */
    private long windowUpdateDue() {
        if (remoteFin || resetReason != null || consumed < recvWindow / 2) {
            return 0;
        }
        long now = session.nanoTime();
        long rtt = session.rttNanos();
        long growth = 0;
        if (rtt > 0 && now - lastUpdateNanos < 2 * rtt && recvWindow < maxWindow && !readClosed) {
            long want = Math.min(recvWindow, maxWindow - recvWindow);
            if (session.reserveWindowGrowth(want)) {
                growth = want;
                recvWindow += growth;
            }
        }
        lastUpdateNanos = now;
        long delta = consumed + growth;
        consumed = 0;
        recvCredit += delta;
        return delta;
    }

    private IOException readFailure() {
        if (resetReason != null) {
            return new YamuxException.StreamError(id, resetReason);
        }
        if (readClosed) {
            return new IOException("stream closed");
        }
        return new IOException("session closed", sessionFailure);
    }

    private IOException writeFailure() {
        if (resetReason != null) {
            return new YamuxException.StreamError(id, resetReason);
        }
        if (localFin) {
            return new IOException("stream closed for writing");
        }
        return new IOException("session closed", sessionFailure);
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            int n;
            long delta;
            lock.lock();
            try {
                while (size == 0) {
                    if (resetReason != null || readClosed) {
                        throw readFailure();
                    }
                    if (remoteFin) {
                        return -1;
                    }
                    if (sessionFailure != null) {
                        throw readFailure();
                    }
                    try {
                        readable.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while reading " + YamuxStream.this);
                    }
                }
                n = Math.min(len, size);
                int first = Math.min(n, buf.length - head);
                System.arraycopy(buf, head, b, off, first);
                System.arraycopy(buf, 0, b, off + first, n - first);
                head = (head + n) % buf.length;
                size -= n;
                consumed += n;
                delta = sessionFailure == null ? windowUpdateDue() : 0;
            } finally {
                lock.unlock();
            }
            if (delta > 0) {
                try {
                    session.writeFrame(YamuxFrameType.WINDOW_UPDATE, takeAckFlag(), id, delta, null, 0, 0);
                } catch (IOException e) {
                    // the session is gone; the next read reports it
                }
            }
            return n;
        }

        @Override
        public int available() {
            return buffered();
        }

        @Override
        public void close() throws IOException {
            YamuxStream.this.close();
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            writeSerial.lock();
            try {
                while (len > 0) {
                    int n;
                    lock.lock();
                    try {
                        while (true) {
                            if (resetReason != null || localFin || sessionFailure != null) {
                                throw writeFailure();
                            }
                            if (sendWindow > 0) {
                                break;
                            }
                            try {
                                writable.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new InterruptedIOException("interrupted while writing " + YamuxStream.this);
                            }
                        }
                        n = (int) Math.min(Math.min(len, sendWindow), maxFramePayload);
                        sendWindow -= n;
                    } finally {
                        lock.unlock();
                    }
                    session.writeFrame(YamuxFrameType.DATA, takeAckFlag(), id, n, b, off, n);
                    off += n;
                    len -= n;
                }
            } finally {
                writeSerial.unlock();
            }
        }

        @Override
        public void flush() throws IOException {
            lock.lock();
            try {
                if (resetReason != null) {
                    throw writeFailure();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() throws IOException {
            closeWrite();
        }
    }
}
