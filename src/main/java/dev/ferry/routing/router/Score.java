package dev.ferry.routing.router;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A candidate's score and the parts it is the sum of, for explanations. Part names: {@code Local}, {@code Direct},
 * {@code IpfsAccess}, {@code Trust}, {@code Bandwidth}, {@code Latency}, {@code Misses}, {@code Gateway}; a part
 * that does not apply is absent.
 */
public record Score(double total, Map<String, Double> parts) {
    public Score {
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /** The sum of {@code parts}. */
    public static Score of(Map<String, Double> parts) {
        double t = 0;
        for (double v : parts.values()) {
            t += v;
        }
        return new Score(t, parts);
    }

    public double part(String name) {
        return parts.getOrDefault(name, 0.0);
    }
}
