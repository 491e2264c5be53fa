package dev.ferry.net.mux.yamux;

import dev.ferry.testing.net.MemoryPipe;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Session pairs over the in-memory pipe and small helpers for the Yamux tests. */
final class YamuxTestSupport {
    private YamuxTestSupport() {}

    static final YamuxConfig NO_KEEPALIVE = YamuxConfig.defaults().withKeepAlive(Duration.ZERO, Duration.ofSeconds(5));

    record Pair(YamuxSession client, YamuxSession server) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            server.close();
        }
    }

    static Pair pair(YamuxConfig config, YamuxSession.StreamHandler serverHandler) {
        return pair(config, serverHandler, System::nanoTime);
    }

    static Pair pair(YamuxConfig config, YamuxSession.StreamHandler serverHandler, LongSupplier clock) {
        MemoryPipe.Ends p = MemoryPipe.create(256 * 1024);
        YamuxSession c = YamuxSession.builder(p.a(), true).config(config).nanoClock(clock).start();
        YamuxSession s = YamuxSession.builder(p.b(), false).config(config).handler(serverHandler).nanoClock(clock)
                .start();
        return new Pair(c, s);
    }

    static void echo(YamuxStream s) throws IOException {
        byte[] buf = new byte[32 * 1024];
        for (int n; (n = s.in().read(buf)) >= 0; ) {
            s.out().write(buf, 0, n);
        }
        s.closeWrite();
    }

    static <T> CompletableFuture<T> async(Callable<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** Waits (bounded) until a condition driven by other threads becomes true. */
    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
