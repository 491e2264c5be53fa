package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Test helper: runs a decoder on hostile input, allowing only MultiformatException, within time and memory bounds. */
final class Decoding {
    static final Duration MAX_TIME = Duration.ofSeconds(2);
    /** Far above any honest decode of the inputs used here, far below the lengths the inputs declare. */
    static final long MAX_ALLOCATED_BYTES = 4L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Decoding() {
    }

    /** The decoded value, or empty if the decoder threw MultiformatException; any other throwable propagates. */
    static <T> Optional<T> attempt(Supplier<T> decoder) {
        long t0 = System.nanoTime();
        long a0 = THREADS.getCurrentThreadAllocatedBytes();
        Optional<T> result;
        try {
            result = Optional.of(decoder.get());
        } catch (MultiformatException e) {
            assertThat(e.getMessage()).isNotBlank();
            result = Optional.empty();
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - a0;
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(MAX_TIME);
        assertThat(allocated).as("bytes allocated while decoding").isLessThan(MAX_ALLOCATED_BYTES);
        return result;
    }
}
