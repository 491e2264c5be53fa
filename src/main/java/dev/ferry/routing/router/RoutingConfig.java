package dev.ferry.routing.router;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The router's settings.
 *
 * @param weights         the score weights
 * @param policy          content classes and their thresholds
 * @param distrustAfter   index misses after which a peer's index is ignored ({@code Exchange.IndexDistrustAfter}, 3)
 * @param forgetMissesAfter how long misses count ({@code Exchange.IndexForgetAfter}, 1h)
 * @param parallelPeers   how many good ferry peers share one large DAG at once ({@code Exchange.ParallelPeers}, 3)
 * @param goodMargin      a peer is "good" for sharing when its score is within this of the best peer's (50)
 * @param ttl             hops a proxy fetch may take (1: the asked peer may fetch, not forward further)
 */
public record RoutingConfig(ScoreWeights weights, RoutingPolicy policy, int distrustAfter, Duration forgetMissesAfter,
        int parallelPeers, double goodMargin, int ttl) {
    public RoutingConfig {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(policy, "policy");
        if (distrustAfter < 1 || parallelPeers < 1 || parallelPeers > 16 || ttl < 0 || ttl > 8
                || forgetMissesAfter.isNegative() || forgetMissesAfter.isZero() || !(goodMargin >= 0)) {
            throw new IllegalArgumentException("invalid routing config");
        }
    }

    public static RoutingConfig defaults() {
        return new RoutingConfig(ScoreWeights.defaults(), RoutingPolicy.defaults(), 3, Duration.ofHours(1), 3, 50, 1);
    }

    public RoutingConfig withWeights(ScoreWeights w) {
        return new RoutingConfig(w, policy, distrustAfter, forgetMissesAfter, parallelPeers, goodMargin, ttl);
    }

    public RoutingConfig withPolicy(RoutingPolicy p) {
        return new RoutingConfig(weights, p, distrustAfter, forgetMissesAfter, parallelPeers, goodMargin, ttl);
    }

    public RoutingConfig withDistrustAfter(int n) {
        return new RoutingConfig(weights, policy, n, forgetMissesAfter, parallelPeers, goodMargin, ttl);
    }

    public RoutingConfig withParallelPeers(int n) {
        return new RoutingConfig(weights, policy, distrustAfter, forgetMissesAfter, n, goodMargin, ttl);
    }

    /**
     * Reads the {@code Exchange.*} keys through {@code value} (the config's text for a key; a JSON list may be given
     * as its JSON text or comma-separated), the defaults for absent keys:
     * <pre>
     * Exchange.PreferP2P, Exchange.PreferIPFS           class lists
     * Exchange.SmallBelow, Exchange.LargeFrom           byte sizes (1MiB, 64MiB)
     * Exchange.RecentWithin, Exchange.ArchivedAfter     durations (24h, 30d)
     * Exchange.Score.DirectPeer (100), .IpfsAccess (50), .TrustLevel (10), .FastBandwidth (20),
     * Exchange.Score.FastAbove (1MB, bytes per second), .LatencyPerMs (0.1), .IndexMiss (25)
     * Exchange.IndexDistrustAfter (3), Exchange.IndexForgetAfter (1h), Exchange.ParallelPeers (3)
     * </pre>
     *
     * @throws IllegalArgumentException naming the key and what is wrong with its value
     */
    public static RoutingConfig fromValues(Function<String, Optional<String>> value) {
        RoutingConfig d = defaults();
        RoutingPolicy p = d.policy();
        ScoreWeights w = d.weights();
        try {
            p = new RoutingPolicy(
                    read(value, "Exchange.PreferP2P", ConfigValues::classes, p.preferP2P()),
                    read(value, "Exchange.PreferIPFS", ConfigValues::classes, p.preferIpfs()),
                    read(value, "Exchange.SmallBelow", ConfigValues::bytes, p.smallBelow()),
                    read(value, "Exchange.LargeFrom", ConfigValues::bytes, p.largeFrom()),
                    read(value, "Exchange.RecentWithin", ConfigValues::duration, p.recentWithin()),
                    read(value, "Exchange.ArchivedAfter", ConfigValues::duration, p.archivedAfter()));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("config ")) {
                throw e;
            }
            throw new IllegalArgumentException("config Exchange: " + e.getMessage(), e);
        }
        w = new ScoreWeights(
                read(value, "Exchange.Score.DirectPeer", ConfigValues::number, w.directPeer()),
                read(value, "Exchange.Score.IpfsAccess", ConfigValues::number, w.ipfsAccess()),
                read(value, "Exchange.Score.TrustLevel", ConfigValues::number, w.trustPerLevel()),
                read(value, "Exchange.Score.FastBandwidth", ConfigValues::number, w.fastBonus()),
                read(value, "Exchange.Score.FastAbove", ConfigValues::bytes, w.fastBytesPerSecond()),
                read(value, "Exchange.Score.LatencyPerMs", ConfigValues::number, w.latencyPerMs()),
                read(value, "Exchange.Score.IndexMiss", ConfigValues::number, w.missPenalty()),
                w.local());
        int distrust = read(value, "Exchange.IndexDistrustAfter", s -> ConfigValues.integer(s, 1, 1000),
                d.distrustAfter());
        Duration forget = read(value, "Exchange.IndexForgetAfter", ConfigValues::duration, d.forgetMissesAfter());
        if (forget.isZero()) {
            throw new IllegalArgumentException("config Exchange.IndexForgetAfter must be positive");
        }
        int parallel = read(value, "Exchange.ParallelPeers", s -> ConfigValues.integer(s, 1, 16), d.parallelPeers());
        return new RoutingConfig(w, p, distrust, forget, parallel, d.goodMargin(), d.ttl());
    }

    private static <T> T read(Function<String, Optional<String>> value, String key, Function<String, T> parse, T dflt) {
        Optional<String> v = value.apply(key);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return parse.apply(v.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config " + key + ": " + e.getMessage(), e);
        }
    }
}
