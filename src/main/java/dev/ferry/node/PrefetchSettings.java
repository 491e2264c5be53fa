package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.routing.prefetch.PrefetchConfig;
import dev.ferry.routing.prefetch.SuccessorModelConfig;
import java.time.Duration;

/**
 * The {@code Prefetch} section of the config (predictive caching; Kubo has none):
 * <pre>
 * "Prefetch": {
 *   "Enabled": false,              learn what users ask for after what, and fetch it ahead (off by default)
 *   "Window": "30s",               B follows A when the same client asks for it this soon after A
 *   "HalfLife": "168h",            counts halve over this time
 *   "MinCount": 3,                 times B must have followed A before it is prefetched
 *   "MinProbability": 0.3,         share of A's requests B must have followed (0-1)
 *   "MaxConcurrent": 2,            prefetches at once (1-64)
 *   "MaxBytesPerPrefetch": "16MiB",
 *   "MaxBytesPerHour": "256MiB",
 *   "BusyFetches": 8,              user fetches open at once from which prefetching waits
 *   "MaxCids": 4096,               CIDs the model remembers (1-1000000)
 *   "Persist": true,               keep the model in the repository across restarts
 *   "SaveEvery": "10m"             with Persist, also save it this often while it changes ("0": at shutdown only)
 * }
 * </pre>
 */
public final class PrefetchSettings {
    /** The model's file in the repository. */
    public static final String MODEL_FILE = "prefetch-model";

    /** The default of {@code Prefetch.SaveEvery}. */
    public static final Duration DEFAULT_SAVE_EVERY = Duration.ofMinutes(10);
    /** The shortest period {@code Prefetch.SaveEvery} takes: the whole model is written each time. */
    static final Duration MIN_SAVE_EVERY = Duration.ofSeconds(1);

    /**
     * The checked values: the prefetcher's limits, the model's, whether the model is saved, and how often while the
     * daemon runs (zero: at shutdown only).
     */
    public record Values(PrefetchConfig prefetch, SuccessorModelConfig model, boolean persist, Duration saveEvery) {}

    private PrefetchSettings() {}

    /** The settings of {@code cfg}, checked; {@link RepoException} names the key and what is wrong. */
    public static Values of(RepoConfig cfg) {
        PrefetchConfig p = PrefetchConfig.defaults();
        SuccessorModelConfig m = SuccessorModelConfig.defaults();
        try {
            p = p.withEnabled(bool(cfg, "Prefetch.Enabled", false))
                    .withBudgets(PinningSettings.size(cfg, "Prefetch.MaxBytesPerPrefetch", p.maxBytesPerPrefetch()),
                            PinningSettings.size(cfg, "Prefetch.MaxBytesPerHour", p.maxBytesPerHour()))
                    .withConcurrency((int) integer(cfg, "Prefetch.MaxConcurrent", p.maxConcurrent()),
                            (int) integer(cfg, "Prefetch.BusyFetches", p.busyFetches()));
            m = m.withWindow(duration(cfg, "Prefetch.Window", m.window()))
                    .withHalfLife(duration(cfg, "Prefetch.HalfLife", m.halfLife()))
                    .withThresholds(decimal(cfg, "Prefetch.MinCount", m.minCount()),
                            decimal(cfg, "Prefetch.MinProbability", m.minProbability()))
                    .withLimits((int) integer(cfg, "Prefetch.MaxCids", m.maxCids()), m.maxSuccessors(),
                            m.maxClients());
        } catch (IllegalArgumentException e) {
            throw new RepoException("config Prefetch: " + e.getMessage());
        }
        return new Values(p, m, bool(cfg, "Prefetch.Persist", true), saveEvery(cfg));
    }

    private static Duration saveEvery(RepoConfig cfg) {
        String key = "Prefetch.SaveEvery";
        var v = cfg.get(key).filter(n -> !n.isNull());
        if (v.isPresent() && v.get().asText().strip().equals("0")) {
            return Duration.ZERO;
        }
        Duration d = duration(cfg, key, DEFAULT_SAVE_EVERY);
        if (!d.isZero() && d.compareTo(MIN_SAVE_EVERY) < 0) {
            throw new RepoException("config " + key + " must be 0 (at shutdown only) or at least 1s: " + v.get());
        }
        return d;
    }

    private static boolean bool(RepoConfig cfg, String key, boolean dflt) {
        var v = cfg.get(key).filter(n -> !n.isNull());
        if (v.isPresent() && !v.get().isBoolean()) {
            throw new RepoException("config " + key + " must be true or false: " + v.get());
        }
        return v.map(JsonNode::asBoolean).orElse(dflt);
    }

    private static long integer(RepoConfig cfg, String key, long dflt) {
        var v = cfg.get(key).filter(n -> !n.isNull());
        if (v.isPresent() && !v.get().isIntegralNumber()) {
            throw new RepoException("config " + key + " must be a whole number: " + v.get());
        }
        return v.map(JsonNode::asLong).orElse(dflt);
    }

    private static double decimal(RepoConfig cfg, String key, double dflt) {
        var v = cfg.get(key).filter(n -> !n.isNull());
        if (v.isPresent() && !v.get().isNumber()) {
            throw new RepoException("config " + key + " must be a number: " + v.get());
        }
        return v.map(JsonNode::asDouble).orElse(dflt);
    }

    private static Duration duration(RepoConfig cfg, String key, Duration dflt) {
        var v = cfg.get(key).filter(n -> !n.isNull());
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return Durations.parse(v.get().asText());
        } catch (IllegalArgumentException e) {
            throw new RepoException("config " + key + ": " + e.getMessage());
        }
    }
}
