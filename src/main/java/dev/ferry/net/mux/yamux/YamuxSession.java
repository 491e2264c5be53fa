package dev.ferry.net.mux.yamux;

import dev.ferry.net.transport.BufferPool;
import dev.ferry.net.transport.DuplexStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Yamux session over one {@link DuplexStream} (normally a Noise channel): many {@link YamuxStream}s share it.
 *
 * <h2>Threading contract</h2>
 * <ul>
 *   <li>One reader virtual thread per session reads frames, fills stream buffers and never blocks on a stream's
 *       application: when a reader stops, only that stream's window fills and its peer writer waits.
 *   <li>Writes come from application threads (data, window updates, SYN, FIN, GoAway) and from one control virtual
 *       thread (ACKs, RSTs and ping answers queued by the reader thread, so the reader never waits on the network
 *       output). A single write lock guards the underlying output; every frame is written whole under it, and the
 *       output is flushed when no other writer is queued behind.
 *   <li>Keep-alive pings run on a third virtual thread when enabled.
 *   <li>Inbound streams are delivered to {@link #accept()} or, when a handler was given, each to the handler on its
 *       own new virtual thread (the handler owns the stream; an exception from it resets the stream).
 *   <li>All public methods are thread-safe. Locks: a stream's lock is never held while the write lock or the session
 *       state lock is taken.
 * </ul>
 *
 * <h2>Failure</h2>
 * A protocol violation by the peer sends GoAway(protocol error) and closes the session; a violation confined to one
 * stream resets that stream. {@link #close()} sends GoAway(normal) (waiting at most
 * {@link YamuxConfig#closeTimeout()}), closes the connection and fails every blocked reader, writer, opener,
 * acceptor and ping promptly.
 */
public final class YamuxSession implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(YamuxSession.class);
    /** How many recently closed inbound ids are remembered to detect reuse. */
    private static final int RECENT_IDS = 4096;
    /** Queued control frames above which the reader thread waits (a peer flooding pings without reading). */
    private static final int MAX_QUEUED_CONTROL = 4096;

    /** Handles one inbound stream on its own virtual thread. */
    @FunctionalInterface
    public interface StreamHandler {
        void handle(YamuxStream stream) throws Exception;
    }

    private final DuplexStream conn;
    private final boolean client;
    private final YamuxConfig config;
    private final StreamHandler handler;
    private final LongSupplier nanoClock;
    private final InputStream in;
    private final OutputStream out;
    private final YamuxFrameCodec codec;

    private final ReentrantLock writeLock = new ReentrantLock();
    /**
     * Headers of frames without payload are encoded here. A frame with payload is assembled in a pooled buffer taken
     * for that one write, so each frame is one write below (one Noise message, one syscall) and an idle session holds
     * no big buffer.
     */
    private final byte[] headerBuffer = new byte[YamuxHeader.SIZE]; // guarded by writeLock

    private final ConcurrentHashMap<Integer, YamuxStream> streams = new ConcurrentHashMap<>();
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition stateChanged = stateLock.newCondition();
    private final ReentrantLock openLock = new ReentrantLock();
    // guarded by stateLock
    private long nextId;
    private int highestInbound;
    private int inboundCount;
    private int unackedOutbound;
    private final ArrayDeque<YamuxStream> acceptQueue = new ArrayDeque<>();
    private final ArrayDeque<Integer> recentOrder = new ArrayDeque<>();
    private final Set<Integer> recentIds = new HashSet<>();
    private boolean localGoAway;
    private GoAwayCode remoteGoAway;
    private volatile IOException closedCause;

    private final ReentrantLock controlLock = new ReentrantLock();
    private final Condition controlReady = controlLock.newCondition();
    private final Condition controlSpace = controlLock.newCondition();
    private final ArrayDeque<Control> controls = new ArrayDeque<>(); // guarded by controlLock

    private final ConcurrentHashMap<Long, CompletableFuture<Long>> pings = new ConcurrentHashMap<>();
    private final AtomicInteger pingCounter = new AtomicInteger();
    private volatile long rttNanos;
    private final AtomicLong windowGrowthUsed = new AtomicLong();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

    private record Control(YamuxFrameType type, int flags, int streamId, long value, YamuxStream ackFor) {}

    private YamuxSession(Builder b) {
        this.conn = b.conn;
        this.client = b.client;
        this.config = b.config;
        this.handler = b.handler;
        this.nanoClock = b.nanoClock;
        this.in = conn.in();
        this.out = conn.out();
        this.codec = new YamuxFrameCodec(in, config.maxWindow());
        this.nextId = client ? 1 : 2;
    }

    /** Starts building a session; {@code client} is the side that dialed the connection (it uses odd ids). */
    public static Builder builder(DuplexStream conn, boolean client) {
        return new Builder(conn, client);
    }

    /** Options of a session. */
    public static final class Builder {
        private final DuplexStream conn;
        private final boolean client;
        private YamuxConfig config = YamuxConfig.defaults();
        private StreamHandler handler;
        private LongSupplier nanoClock = System::nanoTime;

        private Builder(DuplexStream conn, boolean client) {
            this.conn = Objects.requireNonNull(conn);
            this.client = client;
        }

        public Builder config(YamuxConfig config) {
            this.config = Objects.requireNonNull(config);
            return this;
        }

        /** Inbound streams go to this handler (each on a new virtual thread) instead of {@link #accept()}. */
        public Builder handler(StreamHandler handler) {
            this.handler = handler;
            return this;
        }

        /** The clock for round-trip times and window growth (default {@code System::nanoTime}). */
        public Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock);
            return this;
        }

        /** Starts the reader (and control, keep-alive) threads and returns the running session. */
        public YamuxSession start() {
            YamuxSession s = new YamuxSession(this);
            s.startThreads();
            return s;
        }
    }

    private void startThreads() {
        String name = "yamux-" + (client ? "c" : "s") + "-" + conn.remoteAddress();
        Thread.ofVirtual().name(name + "-reader").start(this::readLoop);
        Thread.ofVirtual().name(name + "-control").start(this::controlLoop);
        if (!config.keepAliveInterval().isZero()) {
            Thread.ofVirtual().name(name + "-keepalive").start(this::keepAliveLoop);
        }
    }

    // ---------------------------------------------------------------- public API

    /** True for the side that dialed the connection (odd stream ids). */
    public boolean isClient() {
        return client;
    }

    /** The session's configuration. */
    public YamuxConfig config() {
        return config;
    }

    /**
     * Opens a stream: sends WindowUpdate with SYN and returns at once (data may flow before the peer's ACK). Waits
     * while {@link YamuxConfig#maxAckBacklog()} opened streams are not acknowledged yet.
     *
     * @throws IOException the session is closed or going away (either side sent GoAway), or ids are exhausted
     */
    public YamuxStream openStream() throws IOException {
        openLock.lock();
        try {
            YamuxStream s;
            stateLock.lock();
            try {
                while (true) {
                    checkOpen();
                    if (localGoAway) {
                        throw new IOException("session is going away (GoAway sent)");
                    }
                    if (remoteGoAway != null) {
                        throw new IOException("peer sent GoAway (" + remoteGoAway + ")");
                    }
                    if (unackedOutbound < config.maxAckBacklog()) {
                        break;
                    }
                    awaitState();
                }
                if (nextId > 0xFFFF_FFFFL) {
                    throw new IOException("stream ids exhausted");
                }
                int id = (int) nextId;
                nextId += 2;
                s = new YamuxStream(this, id, true, config, nanoTime());
                s.inBacklog = true;
                unackedOutbound++;
                streams.put(id, s);
            } finally {
                stateLock.unlock();
            }
            // under openLock so SYNs leave in id order
            writeFrame(YamuxFrameType.WINDOW_UPDATE, YamuxFlags.SYN, s.id(), 0, null, 0, 0);
            return s;
        } finally {
            openLock.unlock();
        }
    }

    /** Waits for the next inbound stream (only without a handler). */
    public YamuxStream accept() throws IOException {
        if (handler != null) {
            throw new IllegalStateException("inbound streams go to the handler");
        }
        stateLock.lock();
        try {
            while (acceptQueue.isEmpty()) {
                checkOpen();
                awaitState();
            }
            return acceptQueue.poll();
        } finally {
            stateLock.unlock();
        }
    }

    /** Round trip time of one ping, waiting at most {@link YamuxConfig#pingTimeout()}. */
    public Duration ping() throws IOException {
        return ping(config.pingTimeout());
    }

    /** Round trip time of one ping, waiting at most {@code timeout}. */
    public Duration ping(Duration timeout) throws IOException {
        long value = Integer.toUnsignedLong(pingCounter.incrementAndGet());
        CompletableFuture<Long> answer = new CompletableFuture<>();
        pings.put(value, answer);
        try {
            checkOpen();
            long start = nanoTime();
            writeFrame(YamuxFrameType.PING, YamuxFlags.SYN, 0, value, null, 0, 0);
            long end = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            long rtt = Math.max(1, end - start);
            rttNanos = rtt;
            return Duration.ofNanos(rtt);
        } catch (TimeoutException e) {
            throw new IOException("ping timed out after " + timeout);
        } catch (ExecutionException e) {
            throw new IOException("ping failed: session closed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during ping");
        } finally {
            pings.remove(value);
        }
    }

    /** The last measured round trip time in nanoseconds, or 0 before the first ping answer. */
    public long rttNanos() {
        return rttNanos;
    }

    /**
     * Sends GoAway(normal): the peer should open no more streams, and this side opens none; inbound SYNs are
     * answered with RST. Existing streams continue. Idempotent.
     */
    public void goAway() throws IOException {
        stateLock.lock();
        try {
            if (localGoAway) {
                return;
            }
            localGoAway = true;
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        writeFrame(YamuxFrameType.GO_AWAY, 0, 0, GoAwayCode.NORMAL.code(), null, 0, 0);
    }

    /** The code of the GoAway received from the peer, or null. */
    public GoAwayCode remoteGoAway() {
        stateLock.lock();
        try {
            return remoteGoAway;
        } finally {
            stateLock.unlock();
        }
    }

    /** Streams currently open (in the stream table). */
    public int streamCount() {
        return streams.size();
    }

    /** True once the session has ended. */
    public boolean isClosed() {
        return closedCause != null;
    }

    /** Why the session ended, or null while it runs. */
    public IOException closeCause() {
        return closedCause;
    }

    /** Completes when the session has ended (for any reason). */
    public CompletableFuture<Void> closeFuture() {
        return closeFuture.copy();
    }

    /** Sends GoAway(normal), closes the connection and fails everything still waiting. Idempotent. */
    @Override
    public void close() {
        terminate(new IOException("session closed"), GoAwayCode.NORMAL);
    }

    /** The remote address of the underlying connection. */
    public String remoteAddress() {
        return conn.remoteAddress();
    }

    /** The local address of the underlying connection. */
    public String localAddress() {
        return conn.localAddress();
    }

    @Override
    public String toString() {
        return "YamuxSession[" + (client ? "client " : "server ") + conn.remoteAddress() + ", " + streams.size()
                + " streams" + (isClosed() ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- used by streams

    long nanoTime() {
        return nanoClock.getAsLong();
    }

    /**
     * Writes one whole frame ({@code len} ≤ maxFramePayload) in a single write under the write lock; flushes unless
     * another writer is already queued behind (that one flushes).
     */
    void writeFrame(YamuxFrameType type, int flags, int streamId, long length, byte[] payload, int off, int len)
            throws IOException {
        writeLock.lock();
        try {
            IOException cause = closedCause;
            if (cause != null) {
                throw new IOException("session closed", cause);
            }
            if (len == 0) {
                YamuxFrameCodec.encodeHeader(headerBuffer, 0, type, flags, streamId, length);
                out.write(headerBuffer, 0, YamuxHeader.SIZE);
            } else {
                writeWithPayload(type, flags, streamId, length, payload, off, len);
            }
            if (!writeLock.hasQueuedThreads()) {
                out.flush();
            }
        } catch (IOException e) {
            if (closedCause == null) {
                terminate(e, null);
            }
            throw e;
        } finally {
            writeLock.unlock();
        }
    }

    /** Header and payload in one write, through a buffer held for this write only. */
    private void writeWithPayload(YamuxFrameType type, int flags, int streamId, long length, byte[] payload, int off,
            int len) throws IOException {
        int total = YamuxHeader.SIZE + len;
        boolean pooled = total <= BufferPool.BUFFER_SIZE;
        byte[] frame = pooled ? BufferPool.shared().acquire() : new byte[total]; // beyond 64 KiB: a custom config
        try {
            YamuxFrameCodec.encodeHeader(frame, 0, type, flags, streamId, length);
            System.arraycopy(payload, off, frame, YamuxHeader.SIZE, len);
            out.write(frame, 0, total);
        } finally {
            if (pooled) {
                BufferPool.shared().release(frame); // the layer below copied or sent it: nothing refers to it now
            }
        }
    }

    /** Queues a small control frame for the control thread; never blocks. */
    void queueControl(YamuxFrameType type, int flags, int streamId, long value) {
        enqueue(new Control(type, flags, streamId, value, null), false);
    }

    /** Takes {@code n} bytes from the session's window growth budget; false (nothing taken) when it is spent. */
    boolean reserveWindowGrowth(long n) {
        while (true) {
            long used = windowGrowthUsed.get();
            if (used + n > config.windowGrowthBudget()) {
                return false;
            }
            if (windowGrowthUsed.compareAndSet(used, used + n)) {
                return true;
            }
        }
    }

    void removeStream(YamuxStream s) {
        if (!streams.remove(s.id(), s)) {
            return;
        }
        windowGrowthUsed.addAndGet(-s.windowGrowth());
        stateLock.lock();
        try {
            if (!s.isOutbound()) {
                inboundCount--;
                rememberClosed(s.id());
            } else if (s.inBacklog) {
                s.inBacklog = false;
                unackedOutbound--;
            }
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    static void skip(InputStream src, int len, YamuxFrameCodec codec, byte[] scratch) throws IOException {
        while (len > 0) {
            int n = src.readNBytes(scratch, 0, Math.min(len, scratch.length));
            if (n == 0) {
                throw codec.fail("stream ended inside a data payload");
            }
            len -= n;
        }
    }

    // ---------------------------------------------------------------- reader thread

    private void readLoop() {
        byte[] scratch = new byte[2048]; // only for dropping payloads of closed or unknown streams
        try {
            while (true) {
                YamuxHeader h = codec.readHeader();
                if (h == null) {
                    terminate(new EOFException("connection closed by peer"), null);
                    return;
                }
                switch (h.type()) {
                    case DATA, WINDOW_UPDATE -> onStreamFrame(h, scratch);
                    case PING -> onPing(h);
                    case GO_AWAY -> onGoAway(h);
                }
            }
        } catch (YamuxException.ProtocolError e) {
            LOG.debug("yamux protocol error from {}: {}", conn.remoteAddress(), e.getMessage());
            terminate(e, e.code(), true);
            drainThenClose();
        } catch (IOException e) {
            terminate(e, null);
        } catch (RuntimeException | Error e) {
            LOG.warn("yamux reader failed", e);
            terminate(new IOException("internal error", e), GoAwayCode.INTERNAL_ERROR);
        }
    }

    private void onStreamFrame(YamuxHeader h, byte[] scratch) throws IOException {
        int id = h.streamId();
        int len = h.type() == YamuxFrameType.DATA ? (int) h.length() : 0;
        YamuxStream s = h.has(YamuxFlags.SYN) ? openInbound(id) : streams.get(id);
        if (s == null) {
            // unknown, closed or refused stream: drop it (late frames after a reset are normal)
            skip(in, len, codec, scratch);
            return;
        }
        if (h.has(YamuxFlags.ACK)) {
            onAck(s);
        }
        if (h.type() == YamuxFrameType.WINDOW_UPDATE) {
            s.addSendWindow(h.length());
        } else if (len > 0) {
            if (s.remoteFinished()) {
                // a stream error, not a session error: reset this stream only
                skip(in, len, codec, scratch);
                if (s.resetLocally("peer sent data after FIN")) {
                    queueControl(YamuxFrameType.WINDOW_UPDATE, YamuxFlags.RST | s.takeAckFlag(), id, 0);
                }
                return;
            }
            long credit = s.receive(in, len, codec, scratch);
            if (credit > 0) {
                queueControl(YamuxFrameType.WINDOW_UPDATE, 0, id, credit);
            }
        }
        if (h.has(YamuxFlags.FIN)) {
            s.onRemoteFin();
        }
        if (h.has(YamuxFlags.RST)) {
            s.onRemoteReset();
        }
    }

    private YamuxStream openInbound(int id) throws YamuxException.ProtocolError {
        boolean peerParity = (id & 1) == (client ? 0 : 1);
        if (!peerParity) {
            throw new YamuxException.ProtocolError("peer opened stream " + Integer.toUnsignedString(id)
                    + " with our parity");
        }
        YamuxStream s;
        stateLock.lock();
        try {
            boolean tooOld = Integer.compareUnsigned(id, highestInbound) < 0
                    && Integer.toUnsignedLong(highestInbound) - Integer.toUnsignedLong(id) > 2L * RECENT_IDS;
            if (streams.containsKey(id) || recentIds.contains(id) || tooOld) {
                throw new YamuxException.ProtocolError("stream id " + Integer.toUnsignedString(id) + " reused");
            }
            if (Integer.compareUnsigned(id, highestInbound) > 0) {
                highestInbound = id;
            }
            if (closedCause != null) {
                return null;
            }
            if (localGoAway || inboundCount >= config.maxInboundStreams()) {
                rememberClosed(id);
                queueControl(YamuxFrameType.WINDOW_UPDATE, YamuxFlags.RST, id, 0);
                return null;
            }
            s = new YamuxStream(this, id, false, config, nanoTime());
            streams.put(id, s);
            inboundCount++;
            if (handler == null) {
                acceptQueue.add(s);
                stateChanged.signalAll();
            }
        } finally {
            stateLock.unlock();
        }
        enqueue(new Control(YamuxFrameType.WINDOW_UPDATE, YamuxFlags.ACK, id, 0, s), false);
        if (handler != null) {
            Thread.ofVirtual().name("yamux-stream-" + Integer.toUnsignedString(id)).start(() -> runHandler(s));
        }
        return s;
    }

    private void runHandler(YamuxStream s) {
        try {
            handler.handle(s);
        } catch (Exception e) {
            LOG.debug("stream handler failed on {}: {}", s, e.toString());
            s.reset();
        }
    }

    private void onAck(YamuxStream s) {
        stateLock.lock();
        try {
            if (s.inBacklog) {
                s.inBacklog = false;
                unackedOutbound--;
                stateChanged.signalAll();
            }
        } finally {
            stateLock.unlock();
        }
    }

    private void onPing(YamuxHeader h) throws IOException {
        if (h.has(YamuxFlags.SYN)) {
            enqueue(new Control(YamuxFrameType.PING, YamuxFlags.ACK, 0, h.length(), null), true);
        } else {
            CompletableFuture<Long> f = pings.get(h.length());
            if (f != null) {
                f.complete(nanoTime());
            }
        }
    }

    private void onGoAway(YamuxHeader h) {
        GoAwayCode code = GoAwayCode.of(h.length()).orElseThrow(); // validated by the codec
        if (code != GoAwayCode.NORMAL) {
            LOG.debug("peer {} sent GoAway {}", conn.remoteAddress(), code);
        }
        stateLock.lock();
        try {
            if (remoteGoAway == null) {
                remoteGoAway = code;
            }
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    private void rememberClosed(int id) {
        if (recentIds.add(id)) {
            recentOrder.add(id);
            if (recentOrder.size() > RECENT_IDS) {
                recentIds.remove(recentOrder.poll());
            }
        }
    }

    // ---------------------------------------------------------------- control thread

    private void enqueue(Control c, boolean mayWait) {
        controlLock.lock();
        try {
            while (mayWait && controls.size() >= MAX_QUEUED_CONTROL && closedCause == null) {
                controlSpace.awaitUninterruptibly();
            }
            controls.add(c);
            controlReady.signal();
        } finally {
            controlLock.unlock();
        }
    }

    private void controlLoop() {
        List<Control> batch = new ArrayList<>();
        byte[] bytes = new byte[16 * YamuxHeader.SIZE];
        while (true) {
            controlLock.lock();
            try {
                while (controls.isEmpty() && closedCause == null) {
                    controlReady.awaitUninterruptibly();
                }
                if (closedCause != null) {
                    controls.clear();
                    controlSpace.signalAll();
                    return;
                }
                batch.addAll(controls);
                controls.clear();
                controlSpace.signalAll();
            } finally {
                controlLock.unlock();
            }
            writeLock.lock();
            try {
                if (closedCause != null) {
                    return;
                }
                // the whole batch goes out as one write
                if (bytes.length < batch.size() * YamuxHeader.SIZE) {
                    bytes = new byte[batch.size() * YamuxHeader.SIZE];
                }
                int n = 0;
                for (Control c : batch) {
                    int flags = c.flags();
                    if (c.ackFor() != null) {
                        flags = c.ackFor().takeAckFlag();
                        if (flags == 0) {
                            continue; // the stream's first frame already carried the ACK
                        }
                    }
                    YamuxFrameCodec.encodeHeader(bytes, n, c.type(), flags, c.streamId(), c.value());
                    n += YamuxHeader.SIZE;
                }
                if (n > 0) {
                    out.write(bytes, 0, n);
                }
                // always: a writer that saw this thread queued left its frame unflushed for it to send
                out.flush();
            } catch (IOException e) {
                terminate(e, null);
                return;
            } finally {
                writeLock.unlock();
                batch.clear();
            }
        }
    }

    // ---------------------------------------------------------------- keep-alive

    private void keepAliveLoop() {
        long interval = config.keepAliveInterval().toNanos();
        try {
            ping(); // a first round trip time, used to grow stream windows
        } catch (IOException e) {
            if (!isClosed()) {
                terminate(new IOException("first ping failed", e), null);
            }
            return;
        }
        while (true) {
            stateLock.lock();
            try {
                long left = interval;
                while (closedCause == null && left > 0) {
                    left = stateChanged.awaitNanos(left);
                }
                if (closedCause != null) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                stateLock.unlock();
            }
            try {
                ping();
            } catch (IOException e) {
                if (!isClosed()) {
                    terminate(new IOException("keep-alive ping failed", e), null);
                }
                return;
            }
        }
    }

    // ---------------------------------------------------------------- shutdown

    private void checkOpen() throws IOException {
        IOException cause = closedCause;
        if (cause != null) {
            throw new IOException("session closed", cause);
        }
    }

    private void awaitState() throws InterruptedIOException {
        try {
            stateChanged.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    private void terminate(IOException cause, GoAwayCode code) {
        terminate(cause, code, false);
    }

    /**
     * Ends the session once: GoAway if {@code code} is given (bounded wait), close the connection (or, with
     * {@code linger}, only its sending side: the reader thread then drains and closes), wake everyone.
     */
    private void terminate(IOException cause, GoAwayCode code, boolean linger) {
        stateLock.lock();
        try {
            if (closedCause != null) {
                return;
            }
            closedCause = cause;
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        if (code != null) {
            sendGoAwayBounded(code);
        }
        try {
            if (linger) {
                conn.closeWrite();
            } else {
                conn.close();
            }
        } catch (IOException | RuntimeException e) {
            conn.reset();
        }
        for (YamuxStream s : streams.values()) {
            s.onSessionClosed(cause);
        }
        streams.clear();
        for (CompletableFuture<Long> f : pings.values()) {
            f.completeExceptionally(cause);
        }
        controlLock.lock();
        try {
            controlReady.signalAll();
            controlSpace.signalAll();
        } finally {
            controlLock.unlock();
        }
        closeFuture.complete(null);
    }

    /**
     * After a protocol error: read and drop what the peer still sends, for at most the close timeout, before closing.
     * Closing a TCP socket with unread input sends RST, which can destroy our GoAway before the peer reads it.
     */
    private void drainThenClose() {
        Thread closer = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(config.closeTimeout());
            } catch (InterruptedException e) {
                return;
            }
            conn.reset();
        });
        byte[] sink = new byte[8192];
        try {
            while (in.read(sink) >= 0) {
                // discard
            }
        } catch (IOException ignored) {
            // closed by the timer or by the peer
        }
        closer.interrupt();
        try {
            conn.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    private void sendGoAwayBounded(GoAwayCode code) {
        try {
            if (writeLock.tryLock(config.closeTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                try {
                    byte[] h = new byte[YamuxHeader.SIZE];
                    YamuxFrameCodec.encodeHeader(h, 0, YamuxFrameType.GO_AWAY, 0, 0, code.code());
                    out.write(h);
                    out.flush();
                } finally {
                    writeLock.unlock();
                }
            }
        } catch (IOException e) {
            // the connection is already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
