package dev.ferry.net.security.noise;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Limits of the Noise handshake.
 *
 * @param handshakeTimeout    the whole handshake must finish within this time, else the raw stream is closed
 * @param maxHandshakeMessage largest accepted handshake frame body (a libp2p payload with an RSA-4096 key is ~1.2 KiB)
 * @param streamMuxers        muxer ids advertised in the payload extensions. Empty by default: a peer that sees
 *                            muxers from both sides may skip multistream and start the muxer at once (early muxer
 *                            negotiation, which the host's upgrader does not do), so only advertise them when the
 *                            caller handles that
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
    }

    public static NoiseConfig defaults() {
        return new NoiseConfig(Duration.ofSeconds(10), 8192, List.of());
    }

    public NoiseConfig withHandshakeTimeout(Duration timeout) {
        return new NoiseConfig(timeout, maxHandshakeMessage, streamMuxers);
    }
}
