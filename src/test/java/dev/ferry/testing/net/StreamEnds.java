package dev.ferry.testing.net;

import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/** Waits for the far end to end a stream: what it answered, and how the stream ended, or that it did not. */
public final class StreamEnds {
    private StreamEnds() {}

    /** How a stream ended as seen by its reader. */
    public enum End {
        /** the far end closed its side after {@link Ending#answered()} bytes */
        CLOSED,
        /** the stream was reset (or the connection went away) */
        RESET,
        /** still open when the wait ran out (the stream was then reset here) */
        OPEN
    }

    /** The end of a stream and the number of bytes read before it. */
    public record Ending(End end, long answered) {
        public boolean ended() {
            return end != End.OPEN;
        }
    }

    /**
     * Reads (and drops) everything {@code s} delivers until it ends, for at most {@code within}; a stream still open
     * then is reset so that no reader is left behind.
     */
    public static Ending await(DuplexStream s, Duration within) throws InterruptedException {
        AtomicLong read = new AtomicLong();
        CompletableFuture<End> f = new CompletableFuture<>();
        Thread.ofVirtual().name("await-end").start(() -> {
            byte[] buf = new byte[8192];
            try {
                InputStream in = s.in();
                for (int n; (n = in.read(buf)) >= 0; ) {
                    read.addAndGet(n);
                }
                f.complete(End.CLOSED);
            } catch (IOException | RuntimeException e) {
                f.complete(End.RESET);
            }
        });
        try {
            return new Ending(f.get(within.toNanos(), TimeUnit.NANOSECONDS), read.get());
        } catch (TimeoutException e) {
            s.reset();
            return new Ending(End.OPEN, read.get());
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }
}
