package dev.ferry.net.bandwidth;

import java.time.Duration;

/** How a {@link TokenBucket} waits; injected so tests can run on a virtual clock. */
@FunctionalInterface
public interface Sleeper {
    /** Blocks the calling thread for about {@code nanos} (it may return early; callers re-check their clock). */
    void sleep(long nanos) throws InterruptedException;

    /** {@link Thread#sleep(Duration)}: parks a virtual thread without pinning its carrier. */
    static Sleeper system() {
        return nanos -> Thread.sleep(Duration.ofNanos(nanos));
    }
}
