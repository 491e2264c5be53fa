package dev.ferry.net.security.noise;

import dev.ferry.net.security.noise.wire.NoisePayloadCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Limits of the Noise handshake.
 *
 * @param handshakeTimeout    the whole handshake must finish within this time, else the raw stream is closed
 * @param maxHandshakeMessage largest accepted handshake frame body (a libp2p payload with an RSA-4096 key is ~1.2 KiB)
 * @param streamMuxers        muxer ids advertised in the payload extensions, most preferred first, for early muxer
 *                            negotiation. Empty by default: a peer that sees muxers from both sides skips
 *                            multistream and starts the agreed muxer at once, so only a caller that starts the
 *                            session's {@link NoiseSession#earlyMuxer()} without multistream may list them (the
 *                            host's upgrader lists its own muxer)
 */
public record NoiseConfig(Duration handshakeTimeout, int maxHandshakeMessage, List<String> streamMuxers) {
    public static final int MAX_FRAME = 65535;

    public NoiseConfig {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive");
        }
        if (maxHandshakeMessage < 256 || maxHandshakeMessage > MAX_FRAME) {
            throw new IllegalArgumentException("maxHandshakeMessage out of [256, 65535]: " + maxHandshakeMessage);
        }
        streamMuxers = List.copyOf(streamMuxers);
        if (streamMuxers.size() > NoisePayloadCodec.MAX_MUXERS) {
            throw new IllegalArgumentException("more than " + NoisePayloadCodec.MAX_MUXERS + " stream muxers");
        }
        for (String m : streamMuxers) {
            int len = m.getBytes(StandardCharsets.UTF_8).length;
            if (len == 0 || len > NoisePayloadCodec.MAX_MUXER_ID) {
                throw new IllegalArgumentException("stream muxer id of " + len + " bytes (1.."
                        + NoisePayloadCodec.MAX_MUXER_ID + " expected)");
            }
        }
    }

    public static NoiseConfig defaults() {
        return new NoiseConfig(Duration.ofSeconds(10), 8192, List.of());
    }

    public NoiseConfig withHandshakeTimeout(Duration timeout) {
        return new NoiseConfig(timeout, maxHandshakeMessage, streamMuxers);
    }

    public NoiseConfig withStreamMuxers(List<String> muxers) {
        return new NoiseConfig(handshakeTimeout, maxHandshakeMessage, muxers);
    }
}
