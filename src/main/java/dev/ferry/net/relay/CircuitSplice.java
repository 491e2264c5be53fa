package dev.ferry.net.relay;

import dev.ferry.net.relay.wire.Limit;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The relay's part of a circuit: copies bytes both ways between the initiator's hop stream and the target's stop
 * stream, each direction through one buffer of a fixed size. A direction that ends is half-closed on the other side;
 * the circuit is reset (both streams) when a direction would carry more than the data limit, when the duration limit
 * passes, or when either stream fails.
 */
final class CircuitSplice {
    private final DuplexStream a;
    private final DuplexStream b;
    private final Limit limit;
    private final int bufferSize;
    private final AtomicBoolean reset = new AtomicBoolean();

    CircuitSplice(DuplexStream a, DuplexStream b, Limit limit, int bufferSize) {
        this.a = a;
        this.b = b;
        this.limit = limit;
        this.bufferSize = bufferSize;
    }

    /** Runs the circuit to its end on the caller's thread (one direction) and one virtual thread (the other). */
    void run() {
        Thread timer = null;
        if (limit.durationSeconds() > 0) {
            timer = Thread.ofVirtual().name("circuit-timer").start(() -> {
                try {
                    Thread.sleep(Duration.ofSeconds(limit.durationSeconds()));
                    resetBoth();
                } catch (InterruptedException e) {
                    // the circuit ended first
                }
            });
        }
        Thread back = Thread.ofVirtual().name("circuit").start(() -> copy(b, a));
        copy(a, b);
        try {
            back.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            resetBoth();
        }
        if (timer != null) {
            timer.interrupt();
        }
        if (!reset.get()) {
            closeQuietly(a);
            closeQuietly(b);
        }
    }

    /** Whether the circuit was cut (a limit, or a failure) rather than ended by both sides. */
    boolean wasReset() {
        return reset.get();
    }

    private void copy(DuplexStream from, DuplexStream to) {
        byte[] buf = new byte[bufferSize];
        long carried = 0;
        InputStream in = from.in();
        OutputStream out = to.out();
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                carried += n;
                if (limit.dataBytes() > 0 && carried > limit.dataBytes()) {
                    resetBoth();
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
            }
            to.closeWrite();
        } catch (IOException | RuntimeException e) {
            resetBoth();
        }
    }

    private void resetBoth() {
        if (reset.compareAndSet(false, true)) {
            a.reset();
            b.reset();
        }
    }

    private static void closeQuietly(DuplexStream s) {
        try {
            s.close();
        } catch (IOException e) {
            s.reset();
        }
    }
}
