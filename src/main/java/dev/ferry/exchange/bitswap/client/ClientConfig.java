package dev.ferry.exchange.bitswap.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timings of the Bitswap client.
 *
 * @param maxInFlightPerPeer want-blocks outstanding at one peer (pipelining depth)
 * @param prefetchWindow     blocks requested or buffered ahead of a {@link DagStream}'s reader
 * @param peerTimeout        a want-block unanswered this long is taken back and asked elsewhere
 * @param badBlockThreshold  unasked or unverifiable blocks (or malformed messages) after which a peer is dropped
 * @param maxWants           wants open at once over all sessions; more wait for room
 * @param initialSpeed       assumed bytes/s of a peer with no measurement yet
 * @param tick               how often timeouts are checked
 */
public record ClientConfig(int maxInFlightPerPeer, int prefetchWindow, Duration peerTimeout, int badBlockThreshold,
        int maxWants, double initialSpeed, Duration tick) {
    public ClientConfig {
        Objects.requireNonNull(peerTimeout);
        Objects.requireNonNull(tick);
        if (maxInFlightPerPeer < 1 || prefetchWindow < 1 || badBlockThreshold < 1 || maxWants < 1
                || initialSpeed <= 0 || peerTimeout.isNegative() || peerTimeout.isZero() || tick.isNegative()
                || tick.isZero()) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** 64 in flight per peer, 256 ahead, 5 s per-peer timeout, 8 bad blocks, 16384 wants, 16 MB/s, 100 ms tick. */
    public static ClientConfig defaults() {
        return new ClientConfig(64, 256, Duration.ofSeconds(5), 8, 16384, 16e6, Duration.ofMillis(100));
    }

    public ClientConfig withPeerTimeout(Duration d) {
        return new ClientConfig(maxInFlightPerPeer, prefetchWindow, d, badBlockThreshold, maxWants, initialSpeed, tick);
    }

    public ClientConfig withBadBlockThreshold(int n) {
        return new ClientConfig(maxInFlightPerPeer, prefetchWindow, peerTimeout, n, maxWants, initialSpeed, tick);
    }

    public ClientConfig withMaxInFlightPerPeer(int n) {
        return new ClientConfig(n, prefetchWindow, peerTimeout, badBlockThreshold, maxWants, initialSpeed, tick);
    }

    public ClientConfig withPrefetchWindow(int n) {
        return new ClientConfig(maxInFlightPerPeer, n, peerTimeout, badBlockThreshold, maxWants, initialSpeed, tick);
    }
}
