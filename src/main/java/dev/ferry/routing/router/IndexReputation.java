package dev.ferry.routing.router;

import dev.ferry.identity.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often each peer's content index claimed a CID the peer then did not have (it answered NOT_FOUND). Bloom
 * filters have false positives, so one miss is no offence: each miss lowers the peer's score, a delivery forgives
 * one miss, and after {@code distrustAfter} misses the index is distrusted (its matches are ignored) until
 * {@code forgetAfter} has passed since the last miss. Thread-safe; bounded to {@code maxPeers} entries.
 */
public final class IndexReputation {
    private record Entry(int misses, Instant lastMiss) {
    }

    private final int distrustAfter;
    private final Duration forgetAfter;
    private final int maxPeers;
    private final InstantSource clock;
    private final Map<PeerId, Entry> entries = new ConcurrentHashMap<>();

    public IndexReputation(int distrustAfter, Duration forgetAfter, int maxPeers, InstantSource clock) {
        if (distrustAfter < 1 || maxPeers < 1 || forgetAfter.isNegative() || forgetAfter.isZero()) {
            throw new IllegalArgumentException("distrustAfter, maxPeers and forgetAfter must be positive");
        }
        this.distrustAfter = distrustAfter;
        this.forgetAfter = forgetAfter;
        this.maxPeers = maxPeers;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public int distrustAfter() {
        return distrustAfter;
    }

    /** The peer's index claimed content it did not have. */
    public void recordMiss(PeerId peer) {
        Instant now = clock.instant();
        entries.compute(peer, (k, v) -> new Entry(current(v, now) + 1, now));
        if (entries.size() > maxPeers) {
            entries.entrySet().stream().filter(e -> !e.getKey().equals(peer))
                    .min(java.util.Comparator.comparing(e -> e.getValue().lastMiss()))
                    .ifPresent(e -> entries.remove(e.getKey(), e.getValue()));
        }
    }

    /** The peer delivered what its index claimed: one miss is forgiven. */
    public void recordHit(PeerId peer) {
        Instant now = clock.instant();
        entries.computeIfPresent(peer, (k, v) -> {
            int m = current(v, now) - 1;
            return m <= 0 ? null : new Entry(m, v.lastMiss());
        });
    }

    /** Misses that still count. */
    public int misses(PeerId peer) {
        return current(entries.get(peer), clock.instant());
    }

    /** Whether the peer's index is ignored. */
    public boolean distrusted(PeerId peer) {
        return misses(peer) >= distrustAfter;
    }

    private int current(Entry e, Instant now) {
        if (e == null || !now.isBefore(e.lastMiss().plus(forgetAfter))) {
            return 0;
        }
        return e.misses();
    }
}
