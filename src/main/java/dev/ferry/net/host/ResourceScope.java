package dev.ferry.net.host;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of one resource scope against its limits. Connections and streams are each one atomic word (inbound
 * count in the high half, outbound in the low), so a reservation is one compare-and-set that checks every limit it
 * touches; memory and file descriptors follow from the counts. Thread-safe, lock-free.
 */
final class ResourceScope {
    private static final long INBOUND = 1L << 32;
    private static final long OUTBOUND = 1L;
    private static final long LOW = 0xffff_ffffL;

    private final String name;
    private final ResourceLimits limits;
    private final long streamMemory;
    private final AtomicLong conns = new AtomicLong();
    private final AtomicLong streams = new AtomicLong();

    /**
     * @param name         as refusals name it: {@code system}, {@code transient}, {@code protocol <id>}, {@code peer <id>}
     * @param streamMemory the memory each open stream is counted for
     */
    ResourceScope(String name, ResourceLimits limits, long streamMemory) {
        this.name = name;
        this.limits = limits;
        this.streamMemory = streamMemory;
    }

    String name() {
        return name;
    }

    ResourceLimits limits() {
        return limits;
    }

    /** Counts a stream in, or refuses it when a stream or memory limit would be passed. */
    void reserveStream(Direction direction) throws ResourceLimitException {
        boolean in = direction == Direction.INBOUND;
        while (true) {
            long s = streams.get();
            long inbound = s >>> 32;
            long outbound = s & LOW;
            long total = inbound + outbound + 1;
            if (in ? inbound + 1 > limits.streamsInbound() : outbound + 1 > limits.streamsOutbound()) {
                throw refused(in ? "StreamsInbound" : "StreamsOutbound");
            }
            if (total > limits.streams()) {
                throw refused("Streams");
            }
            if (total > limits.memory() / streamMemory) {
                throw refused("Memory");
            }
            if (streams.compareAndSet(s, s + (in ? INBOUND : OUTBOUND))) {
                return;
            }
        }
    }

    void releaseStream(Direction direction) {
        streams.addAndGet(direction == Direction.INBOUND ? -INBOUND : -OUTBOUND);
    }

    /**
     * Counts a connection in; refuses it when a connection or file descriptor limit would be passed, unless
     * {@code exempt} (an allowlisted address: counted, never refused).
     */
    void reserveConnection(Direction direction, boolean exempt) throws ResourceLimitException {
        boolean in = direction == Direction.INBOUND;
        while (true) {
            long c = conns.get();
            if (!exempt) {
                long inbound = c >>> 32;
                long outbound = c & LOW;
                long total = inbound + outbound + 1;
                if (in ? inbound + 1 > limits.connsInbound() : outbound + 1 > limits.connsOutbound()) {
                    throw refused(in ? "ConnsInbound" : "ConnsOutbound");
                }
                if (total > limits.conns()) {
                    throw refused("Conns");
                }
                if (total > limits.fd()) {
                    throw refused("FD");
                }
            }
            if (conns.compareAndSet(c, c + (in ? INBOUND : OUTBOUND))) {
                return;
            }
        }
    }

    void releaseConnection(Direction direction) {
        conns.addAndGet(direction == Direction.INBOUND ? -INBOUND : -OUTBOUND);
    }

    boolean isIdle() {
        return conns.get() == 0 && streams.get() == 0;
    }

    ResourceUsage usage() {
        long c = conns.get();
        long s = streams.get();
        long open = (s >>> 32) + (s & LOW);
        return new ResourceUsage(c >>> 32, c & LOW, s >>> 32, s & LOW, open * streamMemory);
    }

    private ResourceLimitException refused(String limitName) {
        return new ResourceLimitException(name, limitName, limits.get(limitName));
    }
}
