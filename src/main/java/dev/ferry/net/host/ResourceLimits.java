package dev.ferry.net.host;

import java.util.List;

/**
 * The limits of one resource scope, named as Kubo's {@code Swarm.ResourceMgr} names them. {@link #UNLIMITED} means no
 * limit; 0 blocks everything ("blockAll").
 *
 * @param memory          bytes of estimated buffer memory (each open stream counts its Yamux receive window)
 * @param fd              file descriptors: each open connection holds one socket
 * @param conns           connections, both directions
 * @param connsInbound    connections the peers opened
 * @param connsOutbound   connections this node opened
 * @param streams         streams, both directions
 * @param streamsInbound  streams the peers opened
 * @param streamsOutbound streams this node opened
 */
public record ResourceLimits(long memory, long fd, long conns, long connsInbound, long connsOutbound, long streams,
        long streamsInbound, long streamsOutbound) {

    public static final long UNLIMITED = Long.MAX_VALUE;

    /** Kubo's limit names, in the order its {@code swarm resources} table lists them. */
    public static final List<String> NAMES = List.of("Memory", "FD", "Conns", "ConnsInbound", "ConnsOutbound",
            "Streams", "StreamsInbound", "StreamsOutbound");

    public ResourceLimits {
        nonNegative(memory, "Memory");
        nonNegative(fd, "FD");
        nonNegative(conns, "Conns");
        nonNegative(connsInbound, "ConnsInbound");
        nonNegative(connsOutbound, "ConnsOutbound");
        nonNegative(streams, "Streams");
        nonNegative(streamsInbound, "StreamsInbound");
        nonNegative(streamsOutbound, "StreamsOutbound");
    }

    /** No limit at all. */
    public static ResourceLimits unlimited() {
        return new ResourceLimits(UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED,
                UNLIMITED);
    }

    /** The limit called {@code name} (one of {@link #NAMES}). */
    public long get(String name) {
        return switch (name) {
            case "Memory" -> memory;
            case "FD" -> fd;
            case "Conns" -> conns;
            case "ConnsInbound" -> connsInbound;
            case "ConnsOutbound" -> connsOutbound;
            case "Streams" -> streams;
            case "StreamsInbound" -> streamsInbound;
            case "StreamsOutbound" -> streamsOutbound;
            default -> throw new IllegalArgumentException("no limit called " + name + "; the limits are " + NAMES);
        };
    }

    /** These limits with the one called {@code name} (one of {@link #NAMES}) set to {@code value}. */
    public ResourceLimits with(String name, long value) {
        return switch (name) {
            case "Memory" -> new ResourceLimits(value, fd, conns, connsInbound, connsOutbound, streams, streamsInbound,
                    streamsOutbound);
            case "FD" -> new ResourceLimits(memory, value, conns, connsInbound, connsOutbound, streams, streamsInbound,
                    streamsOutbound);
            case "Conns" -> new ResourceLimits(memory, fd, value, connsInbound, connsOutbound, streams,
                    streamsInbound, streamsOutbound);
            case "ConnsInbound" -> new ResourceLimits(memory, fd, conns, value, connsOutbound, streams,
                    streamsInbound, streamsOutbound);
            case "ConnsOutbound" -> new ResourceLimits(memory, fd, conns, connsInbound, value, streams,
                    streamsInbound, streamsOutbound);
            case "Streams" -> new ResourceLimits(memory, fd, conns, connsInbound, connsOutbound, value,
                    streamsInbound, streamsOutbound);
            case "StreamsInbound" -> new ResourceLimits(memory, fd, conns, connsInbound, connsOutbound, streams, value,
                    streamsOutbound);
            case "StreamsOutbound" -> new ResourceLimits(memory, fd, conns, connsInbound, connsOutbound, streams,
                    streamsInbound, value);
            default -> throw new IllegalArgumentException("no limit called " + name + "; the limits are " + NAMES);
        };
    }

    private static void nonNegative(long v, String name) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + v);
        }
    }
}
