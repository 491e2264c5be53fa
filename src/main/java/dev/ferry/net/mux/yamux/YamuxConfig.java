package dev.ferry.net.mux.yamux;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timings of a Yamux session. Every value is bounded; {@link #defaults()} suits a Kubo-like node.
 *
 * @param maxWindow the largest receive window a stream grows to when its reader keeps up (initial window is the
 *     spec's fixed 256 KiB); also the largest Data frame accepted. Bounds the memory buffered per stream.
 * @param windowGrowthBudget how many bytes of receive window beyond the initial 256 KiB all streams of one session
 *     may be granted together; bounds the memory one peer can make us buffer (0 disables growth)
 * @param maxFramePayload the largest Data payload we send in one frame; larger writes are split
 * @param maxInboundStreams inbound streams open at once; a SYN beyond it is answered with RST for that stream only
 * @param maxAckBacklog outbound streams the peer has not acknowledged yet; {@code openStream} waits above it
 *     (the libp2p spec sets 256)
 * @param keepAliveInterval time between keep-alive pings; {@link Duration#ZERO} disables them (and the first ping
 *     that measures the round trip time used for window growth)
 * @param pingTimeout how long a ping (keep-alive or {@code ping()}) may take; a keep-alive timeout ends the session
 * @param closeTimeout how long {@code close()} waits to send its GoAway before closing the connection regardless,
 *     and how long the input is drained after a protocol error
 */
public record YamuxConfig(int maxWindow, int windowGrowthBudget, int maxFramePayload, int maxInboundStreams,
        int maxAckBacklog, Duration keepAliveInterval, Duration pingTimeout, Duration closeTimeout) {

    /** The initial per-stream window of the spec, in both directions. */
    public static final int INITIAL_WINDOW = 256 * 1024;
    /**
     * Default largest Data payload we send: 65507 bytes, so that header and payload (written as one piece) fill
     * exactly one Noise transport message (at most 65519 plaintext bytes).
     */
    public static final int DEFAULT_MAX_FRAME_PAYLOAD = 65519 - YamuxHeader.SIZE;

    public YamuxConfig {
        Objects.requireNonNull(keepAliveInterval);
        Objects.requireNonNull(pingTimeout);
        Objects.requireNonNull(closeTimeout);
        if (maxWindow < INITIAL_WINDOW || maxWindow > (1 << 30)) {
            throw new IllegalArgumentException("maxWindow must be in [256 KiB, 1 GiB]: " + maxWindow);
        }
        if (windowGrowthBudget < 0 || windowGrowthBudget > (1 << 30)) {
            throw new IllegalArgumentException("windowGrowthBudget must be in [0, 1 GiB]: " + windowGrowthBudget);
        }
        if (maxFramePayload < 1024 || maxFramePayload > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("maxFramePayload must be in [1 KiB, 16 MiB]: " + maxFramePayload);
        }
        if (maxInboundStreams < 1 || maxInboundStreams > 65536) {
            throw new IllegalArgumentException("maxInboundStreams must be in [1, 65536]: " + maxInboundStreams);
        }
        if (maxAckBacklog < 1 || maxAckBacklog > 256) {
            throw new IllegalArgumentException("maxAckBacklog must be in [1, 256]: " + maxAckBacklog);
        }
        if (keepAliveInterval.isNegative() || pingTimeout.isNegative() || pingTimeout.isZero()
                || closeTimeout.isNegative()) {
            throw new IllegalArgumentException("durations must be positive");
        }
    }

    /**
     * 16 MiB max window, 64 MiB growth budget per session, 65507-byte frames, 512 inbound streams, backlog 256,
     * keep-alive every 30 s, 10 s ping timeout, 1 s close timeout.
     */
    public static YamuxConfig defaults() {
        return new YamuxConfig(16 * 1024 * 1024, 64 * 1024 * 1024, DEFAULT_MAX_FRAME_PAYLOAD, 512, 256,
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(1));
    }

    public YamuxConfig withMaxWindow(int v) {
        return new YamuxConfig(v, windowGrowthBudget, maxFramePayload, maxInboundStreams, maxAckBacklog,
                keepAliveInterval, pingTimeout, closeTimeout);
    }

    public YamuxConfig withWindowGrowthBudget(int v) {
        return new YamuxConfig(maxWindow, v, maxFramePayload, maxInboundStreams, maxAckBacklog, keepAliveInterval,
                pingTimeout, closeTimeout);
    }

    public YamuxConfig withMaxFramePayload(int v) {
        return new YamuxConfig(maxWindow, windowGrowthBudget, v, maxInboundStreams, maxAckBacklog,
                keepAliveInterval, pingTimeout, closeTimeout);
    }

    public YamuxConfig withMaxInboundStreams(int v) {
        return new YamuxConfig(maxWindow, windowGrowthBudget, maxFramePayload, v, maxAckBacklog, keepAliveInterval,
                pingTimeout, closeTimeout);
    }

    public YamuxConfig withMaxAckBacklog(int v) {
        return new YamuxConfig(maxWindow, windowGrowthBudget, maxFramePayload, maxInboundStreams, v,
                keepAliveInterval, pingTimeout, closeTimeout);
    }

    public YamuxConfig withKeepAlive(Duration interval, Duration timeout) {
        return new YamuxConfig(maxWindow, windowGrowthBudget, maxFramePayload, maxInboundStreams, maxAckBacklog,
                interval, timeout, closeTimeout);
    }

    public YamuxConfig withCloseTimeout(Duration v) {
        return new YamuxConfig(maxWindow, windowGrowthBudget, maxFramePayload, maxInboundStreams, maxAckBacklog,
                keepAliveInterval, pingTimeout, v);
    }
}
