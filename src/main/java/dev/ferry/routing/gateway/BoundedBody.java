package dev.ferry.routing.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A response body with a byte cap and a watchdog: when no byte arrives for {@code idle}, or the request's total
 * deadline passes, the watchdog closes the underlying stream so a blocked read returns, and the read reports
 * {@link Stalled}. Reading past {@code maxBytes} throws {@link TooLarge}. One reader; close it when done. Any HTTP
 * answer read from a party that is not trusted goes through one (gateways, HTTP routers).
 */
public final class BoundedBody extends InputStream {
    /** The gateway stopped sending (idle) or took too long overall. */
    public static final class Stalled extends IOException {
        private static final long serialVersionUID = 1L;

        Stalled(String message) {
            super(message);
        }
    }

    /** The body went past its cap. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final long maxBytes;
    private final long idleNanos;
    private final long deadline;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition closedSignal = lock.newCondition();
    private volatile long lastProgress;
    private volatile boolean stalled;
    private volatile String stallReason;
    private boolean closed;
    private long count;

    /** @param deadline {@link System#nanoTime()} by which the whole body must have been read */
    public BoundedBody(InputStream in, long maxBytes, Duration idle, long deadline) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.idleNanos = idle.toNanos();
        this.deadline = deadline;
        this.lastProgress = System.nanoTime();
        Thread.ofVirtual().name("gateway-body-watchdog").start(this::watch);
    }

    public long count() {
        return count;
    }

    private void watch() {
        lock.lock();
        try {
            while (!closed) {
                long now = System.nanoTime();
                long idleAt = lastProgress + idleNanos;
                long wake = Math.min(idleAt, deadline);
                if (now - wake >= 0) {
                    stallReason = now - deadline >= 0 ? "response took longer than the request timeout"
                            : "no data for " + Duration.ofNanos(idleNanos).toMillis() + " ms";
                    stalled = true;
                    break;
                }
                closedSignal.awaitNanos(wake - now);
            }
        } catch (InterruptedException e) {
            return;
        } finally {
            lock.unlock();
        }
        if (stalled) {
            try {
                in.close(); // wakes the blocked reader
            } catch (IOException ignored) {
                // the stream is being abandoned
            }
        }
    }

    private void checkStalled() throws Stalled {
        if (stalled) {
            throw new Stalled(stallReason);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkStalled();
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = in.read(b, off, (int) Math.min(len, maxBytes - count + 1));
        } catch (IOException e) {
            checkStalled();
            throw e;
        }
        checkStalled();
        if (n > 0) {
            count += n;
            lastProgress = System.nanoTime();
            if (count > maxBytes) {
                throw new TooLarge("response body is larger than " + maxBytes + " bytes");
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            closedSignal.signalAll();
        } finally {
            lock.unlock();
        }
        in.close();
    }
}
