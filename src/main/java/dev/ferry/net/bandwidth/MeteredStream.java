package dev.ferry.net.bandwidth;

import dev.ferry.identity.PeerId;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection's raw byte stream (below Noise: what goes on the wire) with every byte counted and throttled. Made by
 * {@link BandwidthCounter#open}; the host wraps each TCP connection in one before upgrading it.
 *
 * <p>Writes wait for the limiter before handing bytes on; reads wait after bytes arrived (before the next read), so
 * a throttled reader leaves data in the kernel and TCP slows the sender. The limiter is read per call and may be
 * replaced at any time ({@link #setLimiter}): a peer's class can be learned after identify. Bytes are counted on the
 * connection's meter, the counter's total and, once {@link #bindPeer} was called, the peer's meter.
 *
 * <p>Threading as {@link DuplexStream}: one reader and one writer at a time; no lock is held while throttled.
 */
public final class MeteredStream implements DuplexStream {
    private final DuplexStream raw;
    private final BandwidthCounter counter;
    private final BandwidthMeter meter;
    private final InputStream in;
    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock(); // guards binding and release (no I/O under it)
    private boolean released; // guarded by lock
    private volatile RateLimiter limiter = RateLimiter.unlimited();
    private volatile BandwidthMeter peerMeter;
    private volatile PeerId peer;

    MeteredStream(DuplexStream raw, BandwidthCounter counter, BandwidthMeter meter) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.counter = counter;
        this.meter = meter;
        this.in = new In(raw.in());
        this.out = new Out(raw.out());
    }

    /** This connection's own meter. */
    public BandwidthMeter meter() {
        return meter;
    }

    public RateLimiter limiter() {
        return limiter;
    }

    /** Applies {@code l} from the next read or write on. */
    public void setLimiter(RateLimiter l) {
        this.limiter = Objects.requireNonNull(l, "limiter");
    }

    /** The peer bound by {@link #bindPeer}, if any. */
    public Optional<PeerId> peer() {
        return Optional.ofNullable(peer);
    }

    /**
     * Counts this connection's bytes for {@code p} from now on (its bytes so far, the handshake, are added at once).
     * Idempotent for the same peer; a second, different peer is refused.
     */
    public void bindPeer(PeerId p) {
        Objects.requireNonNull(p, "peer");
        lock.lock();
        try {
            if (peer != null) {
                if (!peer.equals(p)) {
                    throw new IllegalStateException("stream already bound to " + peer);
                }
                return;
            }
            if (released) {
                return;
            }
            BandwidthMeter pm = counter.attach(p);
            pm.record(Direction.IN, meter.totalIn());
            pm.record(Direction.OUT, meter.totalOut());
            peer = p;
            peerMeter = pm;
        } finally {
            lock.unlock();
        }
    }

    /** The raw stream underneath. */
    public DuplexStream raw() {
        return raw;
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
        raw.closeWrite();
    }

    @Override
    public void reset() {
        try {
            raw.reset();
        } finally {
            release();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            raw.close();
        } finally {
            release();
        }
    }

    /** Stops the counter from tracking this connection (idempotent; called by close and reset). */
    public void release() {
        PeerId bound;
        lock.lock();
        try {
            if (released) {
                return;
            }
            released = true;
            bound = peer;
        } finally {
            lock.unlock();
        }
        counter.released(this, bound);
    }

    @Override
    public String remoteAddress() {
        return raw.remoteAddress();
    }

    @Override
    public String localAddress() {
        return raw.localAddress();
    }

    private void counted(Direction d, long n) {
        meter.record(d, n);
        counter.total().record(d, n);
        BandwidthMeter pm = peerMeter;
        if (pm != null) {
            pm.record(d, n);
        }
    }

    private void throttle(Direction d, int n) throws IOException {
        RateLimiter l = limiter;
        if (!l.isUnlimited()) {
            l.acquire(d, n);
        }
    }

    @Override
    public String toString() {
        return "Metered[" + raw + "]";
    }

    private final class In extends InputStream {
        private final InputStream delegate;

        In(InputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                counted(Direction.IN, 1);
                throttle(Direction.IN, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = delegate.read(b, off, len);
            if (n > 0) {
                counted(Direction.IN, n);
                throttle(Direction.IN, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = delegate.skip(n);
            if (skipped > 0) {
                counted(Direction.IN, skipped);
                throttle(Direction.IN, (int) Math.min(Integer.MAX_VALUE, skipped));
            }
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return delegate.available();
        }

        @Override
        public void close() throws IOException {
            MeteredStream.this.close();
        }
    }

    private final class Out extends OutputStream {
        private final OutputStream delegate;

        Out(OutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            throttle(Direction.OUT, 1);
            delegate.write(b);
            counted(Direction.OUT, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            throttle(Direction.OUT, len);
            delegate.write(b, off, len);
            counted(Direction.OUT, len);
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            closeWrite();
        }
    }
}
