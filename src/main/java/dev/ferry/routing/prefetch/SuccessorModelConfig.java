package dev.ferry.routing.prefetch;

import java.time.Duration;
import java.util.Objects;

/**
 * What the successor model learns from and how much it may hold.
 *
 * @param window         B follows A when the same client asks for B at most this long after A
 * @param halfLife       counts halve over this time, so old habits fade
 * @param minCount       evidence a successor needs (decayed count) before it is predicted
 * @param minProbability share of A's requests that B followed, 0 to 1, before B is predicted
 * @param maxPredictions successors predicted at most per request
 * @param maxCids        CIDs remembered at most (the least useful go first)
 * @param maxSuccessors  successors remembered per CID (the weakest goes when a new one comes)
 * @param maxClients     clients whose last request is remembered at most
 */
public record SuccessorModelConfig(Duration window, Duration halfLife, double minCount, double minProbability,
        int maxPredictions, int maxCids, int maxSuccessors, int maxClients) {

    public SuccessorModelConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(halfLife, "halfLife");
        if (window.isNegative() || window.isZero() || halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("the window and the half-life must be positive");
        }
        if (!(minCount >= 1) || !(minProbability > 0 && minProbability <= 1)) {
            throw new IllegalArgumentException("the minimum count must be at least 1 and the minimum probability "
                    + "in (0, 1]: " + minCount + ", " + minProbability);
        }
        if (maxPredictions < 1 || maxPredictions > 16 || maxCids < 1 || maxCids > 1_000_000 || maxSuccessors < 1
                || maxSuccessors > 64 || maxClients < 1 || maxClients > 1_000_000) {
            throw new IllegalArgumentException("model limits out of range: predictions 1-16, CIDs 1-1000000, "
                    + "successors 1-64, clients 1-1000000");
        }
    }

    /** 30 s window, a week's half-life, 3 sightings and 30 % to predict; 2 predictions, 4096 CIDs, 8 successors each. */
    public static SuccessorModelConfig defaults() {
        return new SuccessorModelConfig(Duration.ofSeconds(30), Duration.ofDays(7), 3, 0.3, 2, 4096, 8, 1024);
    }

    public SuccessorModelConfig withWindow(Duration d) {
        return new SuccessorModelConfig(d, halfLife, minCount, minProbability, maxPredictions, maxCids, maxSuccessors,
                maxClients);
    }

    public SuccessorModelConfig withHalfLife(Duration d) {
        return new SuccessorModelConfig(window, d, minCount, minProbability, maxPredictions, maxCids, maxSuccessors,
                maxClients);
    }

    public SuccessorModelConfig withThresholds(double count, double probability) {
        return new SuccessorModelConfig(window, halfLife, count, probability, maxPredictions, maxCids, maxSuccessors,
                maxClients);
    }

    public SuccessorModelConfig withLimits(int cids, int successors, int clients) {
        return new SuccessorModelConfig(window, halfLife, minCount, minProbability, maxPredictions, cids, successors,
                clients);
    }
}
