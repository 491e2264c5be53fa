package dev.ferry.net.bandwidth;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An input stream outside the libp2p host (e.g. a trustless gateway's HTTP response body) that counts its bytes on a
 * meter as {@link Direction#IN} and takes them from a limiter after each read, as {@link MeteredStream} does for
 * connections: {@code new ThrottledInputStream(body, budgets.ipfsClass(), host.bandwidth().total())}. Not
 * thread-safe (one reader, like any input stream).
 */
public final class ThrottledInputStream extends FilterInputStream {
    private final RateLimiter limiter;
    private final BandwidthMeter meter;

    /**
     * @param meter where the bytes are counted, or null for none
     */
    public ThrottledInputStream(InputStream in, RateLimiter limiter, BandwidthMeter meter) {
        super(Objects.requireNonNull(in, "in"));
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.meter = meter;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            took(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            took(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        if (skipped > 0) {
            took((int) Math.min(Integer.MAX_VALUE, skipped));
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false; // re-read bytes would be counted twice
    }

    private void took(int n) throws IOException {
        if (meter != null) {
            meter.record(Direction.IN, n);
        }
        if (!limiter.isUnlimited()) {
            limiter.acquire(Direction.IN, n);
        }
    }
}
