package dev.ferry.routing.router;

import dev.ferry.identity.PeerId;
import dev.ferry.net.ping.PingService;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Latency and bandwidth per peer as exponentially weighted moving averages of real measurements: pings and request
 * round trips for latency, completed transfers (bytes over elapsed time) for bandwidth. The newest sample weighs
 * {@code alpha}. Entries not updated for {@code forgetAfter} count as unmeasured (the peer may have moved); at most
 * {@code maxPeers} entries are kept (the least recently updated goes). Thread-safe; the clock is injected.
 */
public final class PeerMetrics {
    /** Transfers smaller than this say more about latency than bandwidth: they do not feed the bandwidth average. */
    public static final long MIN_TRANSFER_BYTES = 16 * 1024;

    /** One peer's averages; a NaN field has no sample yet. */
    record Entry(double latencyMs, double bytesPerSecond, Instant updatedAt) {
    }

    /** What is known of a peer now. */
    public record Snapshot(Optional<Duration> latency, OptionalDouble bytesPerSecond) {
        static final Snapshot EMPTY = new Snapshot(Optional.empty(), OptionalDouble.empty());
    }

    private final double alpha;
    private final Duration forgetAfter;
    private final int maxPeers;
    private final InstantSource clock;
    private final Map<PeerId, Entry> entries = new ConcurrentHashMap<>();

    public PeerMetrics(double alpha, Duration forgetAfter, int maxPeers, InstantSource clock) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1]: " + alpha);
        }
        if (maxPeers < 1 || forgetAfter.isNegative() || forgetAfter.isZero()) {
            throw new IllegalArgumentException("maxPeers and forgetAfter must be positive");
        }
        this.alpha = alpha;
        this.forgetAfter = forgetAfter;
        this.maxPeers = maxPeers;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** alpha 0.3, forgotten after 30 minutes, 4096 peers, the system clock. */
    public static PeerMetrics defaults() {
        return new PeerMetrics(0.3, Duration.ofMinutes(30), 4096, InstantSource.system());
    }

    /** A measured round trip (ping, or the time to a request's first answer). */
    public void recordLatency(PeerId peer, Duration rtt) {
        if (rtt.isNegative()) {
            return;
        }
        double ms = rtt.toNanos() / 1e6;
        update(peer, e -> new Entry(smooth(e.latencyMs(), ms), e.bytesPerSecond(), clock.instant()));
    }

    /** Pings {@code peer} once over the host and records the round trip. */
    public Duration ping(PingService ping, PeerId peer) throws IOException {
        Duration rtt = ping.ping(peer);
        recordLatency(peer, rtt);
        return rtt;
    }

    /** A completed transfer of {@code bytes} that took {@code elapsed}; small or instant transfers are ignored. */
    public void recordTransfer(PeerId peer, long bytes, Duration elapsed) {
        if (bytes < MIN_TRANSFER_BYTES || elapsed.isNegative() || elapsed.isZero()) {
            return;
        }
        double bps = bytes / (elapsed.toNanos() / 1e9);
        update(peer, e -> new Entry(e.latencyMs(), smooth(e.bytesPerSecond(), bps), clock.instant()));
    }

    public Snapshot of(PeerId peer) {
        Entry e = entries.get(peer);
        if (e == null || !clock.instant().isBefore(e.updatedAt().plus(forgetAfter))) {
            return Snapshot.EMPTY;
        }
        return new Snapshot(
                Double.isNaN(e.latencyMs()) ? Optional.empty() : Optional.of(Duration.ofNanos((long) (e.latencyMs() * 1e6))),
                Double.isNaN(e.bytesPerSecond()) ? OptionalDouble.empty() : OptionalDouble.of(e.bytesPerSecond()));
    }

    public Optional<Duration> latency(PeerId peer) {
        return of(peer).latency();
    }

    public OptionalDouble bandwidth(PeerId peer) {
        return of(peer).bytesPerSecond();
    }

    private double smooth(double old, double sample) {
        return Double.isNaN(old) ? sample : old * (1 - alpha) + sample * alpha;
    }

    private void update(PeerId peer, java.util.function.UnaryOperator<Entry> change) {
        Instant now = clock.instant();
        entries.compute(peer, (k, v) -> {
            Entry base = v == null || !now.isBefore(v.updatedAt().plus(forgetAfter))
                    ? new Entry(Double.NaN, Double.NaN, now) : v;
            return change.apply(base);
        });
        while (entries.size() > maxPeers) {
            entries.entrySet().stream().filter(e -> !e.getKey().equals(peer))
                    .min(Comparator.comparing(e -> e.getValue().updatedAt()))
                    .ifPresent(e -> entries.remove(e.getKey(), e.getValue()));
        }
    }
}
