package dev.ferry.net.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A byte stream carried in the binary frames of a WebSocket (RFC 6455) over another connection, as libp2p's
 * {@code /ws} transport uses it: message boundaries mean nothing, every data frame's payload is the next bytes of the
 * stream.
 *
 * <p>Input: frames are read as the reader asks, payloads streamed straight into the reader's array (and unmasked
 * there), so no frame is ever held whole whatever its length. A ping is answered with a pong, a pong ignored, a
 * close answered with a close and read as the end of the stream. Text frames (libp2p never sends them), unmasked
 * client frames, masked server frames and broken fragmentation close the connection with a protocol error.
 *
 * <p>Output: writes gather in a buffer of {@link #GATHER} bytes and leave as one binary frame on {@code flush()} (or
 * when the buffer fills); larger writes go as a frame of their own. A client masks every frame with a fresh key from a
 * {@link SecureRandom}, as the RFC requires.
 *
 * <p>A WebSocket has no half-close: {@link #closeWrite()} sends a close frame (after which nothing more can be sent)
 * and reading goes on until the peer's close frame; once both close frames have passed, the connection underneath
 * is closed. A server's opening handshake runs at the first read or write, so the host can refuse or shed a
 * connection before doing any work for it.
 */
public final class WebSocketConnection implements DuplexStream {
    /** Writes gather up to this many bytes before they leave as one frame; larger ones are frames of their own. */
    static final int GATHER = 16 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Which end of the handshake this side is. */
    public enum Role { CLIENT, SERVER }

    private final DuplexStream raw;
    private final Role role;
    private final String remote;
    private final String local;
    private final SecureRandom random; // masking keys (client only)
    private final Input in = new Input();
    private final Output out = new Output();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock handshakeLock = new ReentrantLock();
    private volatile boolean open; // the opening handshake is done
    private Exception handshakeFailure; // guarded by handshakeLock
    private volatile boolean closeSent; // guarded by writeLock for writes
    private volatile boolean closeReceived;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WebSocketConnection(DuplexStream raw, Role role, String remote, String local, SecureRandom random,
            boolean open) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.role = role;
        this.remote = remote;
        this.local = local;
        this.random = random;
        this.open = open;
    }

    /**
     * A client over {@code raw}: performs the opening handshake now.
     *
     * @param hostHeader the {@code Host} the request names (host and port)
     */
    public static WebSocketConnection client(DuplexStream raw, String hostHeader, String remote, String local,
            SecureRandom random) throws IOException {
        WebSocketHandshake.client(raw.in(), raw.out(), hostHeader, random);
        return new WebSocketConnection(raw, Role.CLIENT, remote, local, random, true);
    }

    /** A server over {@code raw}, whose opening handshake runs at the first read or write. */
    public static WebSocketConnection server(DuplexStream raw, String remote, String local) {
        return new WebSocketConnection(raw, Role.SERVER, remote, local, null, false);
    }

    public Role role() {
        return role;
    }

    /** Runs a server's opening handshake now if it has not run yet (a client's ran when it was made). */
    public void handshake() throws IOException {
        ensureOpen();
    }

    private void ensureOpen() throws IOException {
        if (open) {
            return;
        }
        handshakeLock.lock();
        try {
            if (handshakeFailure != null) {
                throw new WebSocketException("the WebSocket handshake failed: " + handshakeFailure.getMessage());
            }
            if (!open) {
                try {
                    WebSocketHandshake.server(raw.in(), raw.out());
                } catch (IOException | RuntimeException e) {
                    handshakeFailure = e;
                    closeQuietly();
                    throw e;
                }
                open = true;
            }
        } finally {
            handshakeLock.unlock();
        }
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
    public void closeWrite() throws IOException {
        if (closed.get()) {
            return;
        }
        ensureOpen();
        sendClose(WebSocketFrameHeader.CLOSE_NORMAL, true);
        if (closeReceived) {
            closeQuietly();
        }
    }

    @Override
    public void reset() {
        if (!closed.getAndSet(true)) {
            raw.reset();
        }
    }

    @Override
    public void close() {
        if (closed.get()) {
            return;
        }
        if (open) {
            try {
                // bounded: a peer that reads nothing cannot hold the close (the raw close flushes for at most 1 s)
                if (writeLock.tryLock(1, TimeUnit.SECONDS)) {
                    try {
                        if (!closeSent) {
                            out.drain();
                            sendControlLocked(WebSocketFrameHeader.OP_CLOSE, closePayload(
                                    WebSocketFrameHeader.CLOSE_NORMAL), 0, 2);
                            closeSent = true;
                        }
                    } finally {
                        writeLock.unlock();
                    }
                }
            } catch (IOException ignored) {
                // the peer is gone: nothing to tell it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly();
    }

    private void closeQuietly() {
        if (!closed.getAndSet(true)) {
            try {
                raw.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public String localAddress() {
        return local;
    }

    @Override
    public String toString() {
        return "WebSocketConnection[" + role + " " + local + " -> " + remote + "]";
    }

    private static byte[] closePayload(int code) {
        return new byte[] {(byte) (code >>> 8), (byte) code};
    }

    /** Sends a close frame unless one was sent; {@code flush} pushes it out at once. */
    private void sendClose(int code, boolean flush) throws IOException {
        writeLock.lock();
        try {
            if (closeSent) {
                return;
            }
            out.drain();
            sendControlLocked(WebSocketFrameHeader.OP_CLOSE, closePayload(code), 0, 2);
            closeSent = true;
            if (flush) {
                raw.out().flush();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes one control frame (the write lock held) and flushes it. */
    private void sendControlLocked(int opcode, byte[] payload, int off, int len) throws IOException {
        writeFrameLocked(opcode, payload, off, len);
        raw.out().flush();
    }

    /** Writes one whole frame (the write lock held), masking a copy of the payload when this side is the client. */
    private void writeFrameLocked(int opcode, byte[] b, int off, int len) throws IOException {
        boolean masked = role == Role.CLIENT;
        int key = masked ? random.nextInt() : 0;
        WebSocketFrameHeader h = new WebSocketFrameHeader(true, opcode, masked, key, len);
        byte[] head = out.head;
        int n = h.encode(head, 0);
        OutputStream o = raw.out();
        o.write(head, 0, n);
        if (!masked) {
            o.write(b, off, len);
            return;
        }
        byte[] scratch = out.scratch();
        for (int done = 0; done < len; ) {
            int chunk = Math.min(scratch.length, len - done);
            maskInto(b, off + done, scratch, 0, chunk, key, done); // the caller's array stays as it was
            o.write(scratch, 0, chunk);
            done += chunk;
        }
    }

    /**
     * XORs {@code len} bytes at {@code off} with the masking key, the first of them being byte {@code position} of
     * the payload (masking is its own inverse). Eight bytes at a time.
     */
    static void mask(byte[] b, int off, int len, int key, long position) {
        int k = Integer.rotateLeft(key, 8 * (int) (position & 3)); // its top byte masks the first byte
        long m = ((long) k << 32) | (k & 0xFFFFFFFFL);
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            LONGS.set(b, off + i, (long) LONGS.get(b, off + i) ^ m);
        }
        for (; i < len; i++) {
            b[off + i] ^= (byte) (k >>> (24 - 8 * (i & 3)));
        }
    }

    /** As {@link #mask}, from {@code src} into {@code dst} in the same pass. */
    static void maskInto(byte[] src, int srcOff, byte[] dst, int dstOff, int len, int key, long position) {
        int k = Integer.rotateLeft(key, 8 * (int) (position & 3));
        long m = ((long) k << 32) | (k & 0xFFFFFFFFL);
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            LONGS.set(dst, dstOff + i, (long) LONGS.get(src, srcOff + i) ^ m);
        }
        for (; i < len; i++) {
            dst[dstOff + i] = (byte) (src[srcOff + i] ^ (k >>> (24 - 8 * (i & 3))));
        }
    }

    /** Payload bytes of data frames, with control frames handled on the way. */
    private final class Input extends InputStream {
        private final byte[] one = new byte[1];
        private final byte[] control = new byte[WebSocketFrameHeader.MAX_CONTROL_PAYLOAD];
        private long remaining; // payload bytes left in the current data frame
        private int key;
        private boolean masked;
        private long position; // payload bytes of the current frame read so far
        private boolean inMessage; // a fragmented message awaits its continuation frames
        private boolean ended;

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            ensureOpen();
            while (remaining == 0) {
                if (ended) {
                    return -1;
                }
                if (!nextFrame()) {
                    return -1;
                }
            }
            int n = raw.in().read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new java.io.EOFException("connection ended inside a WebSocket frame");
            }
            if (masked) {
                mask(b, off, n, key, position);
            }
            position += n;
            remaining -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return open && remaining > 0 ? (int) Math.min(remaining, raw.in().available()) : 0;
        }

        @Override
        public void close() {
            WebSocketConnection.this.close();
        }

        /** Reads frame headers until a data frame with payload starts; false at the stream's end. */
        private boolean nextFrame() throws IOException {
            WebSocketFrameHeader h;
            try {
                h = WebSocketFrameHeader.read(raw.in());
                if (h == null) { // the connection ended between frames: the stream's end, as on TCP
                    ended = true;
                    return false;
                }
                check(h);
            } catch (WebSocketException e) {
                fail(e);
                throw e;
            }
            masked = h.masked();
            key = h.maskKey();
            position = 0;
            if (h.isControl()) {
                control(h);
                return !ended;
            }
            inMessage = !h.fin();
            remaining = h.length();
            return true;
        }

        private void check(WebSocketFrameHeader h) throws WebSocketException {
            boolean fromClient = role == Role.SERVER;
            if (h.masked() != fromClient) {
                throw new WebSocketException(fromClient ? "an unmasked frame from a WebSocket client"
                        : "a masked frame from a WebSocket server", WebSocketFrameHeader.CLOSE_PROTOCOL_ERROR);
            }
            if (h.opcode() == WebSocketFrameHeader.OP_TEXT) {
                throw new WebSocketException("a text frame on a libp2p WebSocket (binary only)",
                        WebSocketFrameHeader.CLOSE_UNSUPPORTED_DATA);
            }
            if (h.opcode() == WebSocketFrameHeader.OP_CONTINUATION && !inMessage) {
                throw new WebSocketException("a continuation frame outside a fragmented message",
                        WebSocketFrameHeader.CLOSE_PROTOCOL_ERROR);
            }
            if (h.opcode() == WebSocketFrameHeader.OP_BINARY && inMessage) {
                throw new WebSocketException("a new message inside a fragmented one",
                        WebSocketFrameHeader.CLOSE_PROTOCOL_ERROR);
            }
        }

        private void control(WebSocketFrameHeader h) throws IOException {
            int len = (int) h.length();
            int got = raw.in().readNBytes(control, 0, len);
            if (got < len) {
                throw new java.io.EOFException("connection ended inside a WebSocket control frame");
            }
            if (h.masked()) {
                mask(control, 0, len, h.maskKey(), 0);
            }
            switch (h.opcode()) {
                case WebSocketFrameHeader.OP_PING -> pong(len);
                case WebSocketFrameHeader.OP_PONG -> { } // an answer to a ping this side never sends
                default -> closeFrame(len);
            }
        }

        private void pong(int len) throws IOException {
            // the reader never waits for the write lock: a writer blocked on a peer that does not read would hold it
            // and the two would wait on each other; a pong then goes with the writer's next frame
            if (writeLock.tryLock()) {
                try {
                    if (!closeSent) {
                        out.drainPendingPong();
                        sendControlLocked(WebSocketFrameHeader.OP_PONG, control, 0, len);
                    }
                } finally {
                    writeLock.unlock();
                }
            } else {
                out.pendingPong = java.util.Arrays.copyOf(control, len);
            }
        }

        private void closeFrame(int len) throws IOException {
            if (len == 1) {
                fail(new WebSocketException("a close frame of one byte", WebSocketFrameHeader.CLOSE_PROTOCOL_ERROR));
                throw new WebSocketException("a close frame of one byte");
            }
            closeReceived = true;
            ended = true;
            if (closeSent) {
                closeQuietly(); // both close frames have passed
                return;
            }
            // answer from a thread of its own, so that this reader is never stuck behind a writer
            Thread.ofVirtual().name("ws-close " + remote).start(() -> {
                try {
                    sendClose(WebSocketFrameHeader.CLOSE_NORMAL, true);
                } catch (IOException ignored) {
                    // the peer is gone
                }
                closeQuietly();
            });
        }

        /** Tells the peer why (when the write lock is free at once) and drops the connection. */
        private void fail(WebSocketException e) {
            if (e.closeCode() != 0 && writeLock.tryLock()) {
                try {
                    if (!closeSent) {
                        sendControlLocked(WebSocketFrameHeader.OP_CLOSE, closePayload(e.closeCode()), 0, 2);
                        closeSent = true;
                    }
                } catch (IOException ignored) {
                    // the peer is gone
                } finally {
                    writeLock.unlock();
                }
            }
            closeQuietly();
        }
    }

    /** Gathers writes into binary frames. */
    private final class Output extends OutputStream {
        final byte[] head = new byte[WebSocketFrameHeader.MAX_SIZE];
        private final byte[] buf = new byte[GATHER];
        private byte[] scratch; // a client's masked copies
        private int count;
        volatile byte[] pendingPong;

        byte[] scratch() {
            if (scratch == null) {
                scratch = new byte[GATHER];
            }
            return scratch;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            ensureOpen();
            writeLock.lock();
            try {
                checkWritable();
                if (count + len > buf.length) {
                    drain();
                }
                if (len >= buf.length) {
                    drainPendingPong();
                    writeFrameLocked(WebSocketFrameHeader.OP_BINARY, b, off, len);
                    return;
                }
                System.arraycopy(b, off, buf, count, len);
                count += len;
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        public void flush() throws IOException {
            ensureOpen();
            writeLock.lock();
            try {
                if (!closeSent) {
                    drain();
                    drainPendingPong();
                }
                raw.out().flush();
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        public void close() throws IOException {
            closeWrite();
        }

        private void checkWritable() throws IOException {
            if (closeSent || closed.get()) {
                throw new IOException("WebSocket closed for writing");
            }
        }

        /** Sends what is gathered as one frame (the write lock held). */
        void drain() throws IOException {
            drainPendingPong();
            if (count > 0) {
                int n = count;
                count = 0;
                writeFrameLocked(WebSocketFrameHeader.OP_BINARY, buf, 0, n);
            }
        }

        void drainPendingPong() throws IOException {
            byte[] p = pendingPong;
            if (p != null) {
                pendingPong = null;
                writeFrameLocked(WebSocketFrameHeader.OP_PONG, p, 0, p.length);
            }
        }
    }
}
