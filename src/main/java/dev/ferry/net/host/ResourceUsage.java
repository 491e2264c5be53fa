package dev.ferry.net.host;

/**
 * What one resource scope holds now. Memory and file descriptors follow from the counts: each open stream holds its
 * Yamux receive window, each open connection one socket.
 */
public record ResourceUsage(long connsInbound, long connsOutbound, long streamsInbound, long streamsOutbound,
        long memory) {

    public long conns() {
        return connsInbound + connsOutbound;
    }

    public long streams() {
        return streamsInbound + streamsOutbound;
    }

    public long fd() {
        return conns();
    }

    /** Whether nothing is open in the scope. */
    public boolean isIdle() {
        return conns() == 0 && streams() == 0;
    }

    /** The amount counted against the limit called {@code name} (one of {@link ResourceLimits#NAMES}). */
    public long get(String name) {
        return switch (name) {
            case "Memory" -> memory;
            case "FD" -> fd();
            case "Conns" -> conns();
            case "ConnsInbound" -> connsInbound;
            case "ConnsOutbound" -> connsOutbound;
            case "Streams" -> streams();
            case "StreamsInbound" -> streamsInbound;
            case "StreamsOutbound" -> streamsOutbound;
            default -> throw new IllegalArgumentException("no limit called " + name + "; the limits are "
                    + ResourceLimits.NAMES);
        };
    }
}
