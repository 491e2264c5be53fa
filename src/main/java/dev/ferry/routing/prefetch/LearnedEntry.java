package dev.ferry.routing.prefetch;

import dev.ferry.multiformats.Cid;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What the model knows of one CID, as saved and restored: how often it was requested and what followed it, both
 * decayed up to {@code at}.
 */
public record LearnedEntry(Cid cid, double seen, Instant at, Map<Cid, Double> successors) {
    public LearnedEntry {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(at, "at");
        successors = Map.copyOf(successors);
        if (!(seen >= 0) || Double.isInfinite(seen)
                || successors.values().stream().anyMatch(c -> !(c >= 0) || Double.isInfinite(c))) {
            throw new IllegalArgumentException("counts must be finite and not negative");
        }
    }
}
