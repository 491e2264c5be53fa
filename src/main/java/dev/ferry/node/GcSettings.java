package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.node.repo.ByteSize;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.node.repo.RepoStat;
import java.time.Duration;
import java.util.Optional;

/**
 * Kubo's automatic garbage collection settings ({@code ferry daemon --enable-gc}), read strictly: a bad value stops the
 * start with the key named.
 * <pre>
 * "Datastore": {
 *   "StorageMax": "10GB",          the repository's soft limit (10GB = 10^10 bytes, 10GiB = 10 · 2^30)
 *   "StorageGCWatermark": 90,      a GC runs when the repository is above this percent of StorageMax (0: 90)
 *   "GCPeriod": "1h"               how often the size is checked ("": 1h; "0": never)
 * }
 * </pre>
 *
 * @param storageMax {@code Datastore.StorageMax} in bytes
 * @param watermark  {@code Datastore.StorageGCWatermark}, percent 1-100
 * @param period     {@code Datastore.GCPeriod}; zero turns the periodic check off
 */
public record GcSettings(long storageMax, int watermark, Duration period) {
    public static final int DEFAULT_WATERMARK = 90;
    public static final Duration DEFAULT_PERIOD = Duration.ofHours(1);

    public GcSettings {
        if (storageMax < 0 || watermark < 1 || watermark > 100 || period.isNegative()) {
            throw new IllegalArgumentException("bad GC settings: " + storageMax + ", " + watermark + ", " + period);
        }
    }

    /** The repository size above which a collection runs: StorageMax × watermark / 100 (Kubo's StorageGC). */
    public long threshold() {
        // in two steps: StorageMax near Long.MAX_VALUE must not overflow
        return storageMax / 100 * watermark + storageMax % 100 * watermark / 100;
    }

    /** The settings of {@code cfg}, Kubo's defaults for what it leaves out. */
    public static GcSettings of(RepoConfig cfg) {
        return new GcSettings(storageMax(cfg), watermark(cfg), period(cfg));
    }

    private static long storageMax(RepoConfig cfg) {
        Optional<JsonNode> v = value(cfg, "Datastore.StorageMax");
        if (v.isEmpty() || v.get().isTextual() && v.get().asText().isBlank()) {
            return ByteSize.parse(RepoStat.DEFAULT_STORAGE_MAX); // Kubo's: "" is the default too
        }
        JsonNode n = v.get();
        if (n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0) {
            return n.asLong();
        }
        if (!n.isTextual()) {
            throw new RepoException("config Datastore.StorageMax must be a size such as \"10GB\": " + n);
        }
        try {
            return ByteSize.parse(n.asText());
        } catch (IllegalArgumentException e) {
            throw new RepoException("config Datastore.StorageMax: " + e.getMessage());
        }
    }

    private static int watermark(RepoConfig cfg) {
        Optional<JsonNode> v = value(cfg, "Datastore.StorageGCWatermark");
        if (v.isEmpty()) {
            return DEFAULT_WATERMARK;
        }
        JsonNode n = v.get();
        if (!n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > 100) {
            throw new RepoException("config Datastore.StorageGCWatermark must be a percentage 0-100 "
                    + "(0 means the default, " + DEFAULT_WATERMARK + "): " + n);
        }
        return n.asInt() == 0 ? DEFAULT_WATERMARK : n.asInt(); // Kubo's: 0 is the unset value
    }

    private static Duration period(RepoConfig cfg) {
        Optional<JsonNode> v = value(cfg, "Datastore.GCPeriod");
        if (v.isEmpty() || v.get().isTextual() && v.get().asText().isBlank()) {
            return DEFAULT_PERIOD;
        }
        if (!v.get().isTextual()) {
            throw new RepoException("config Datastore.GCPeriod must be a duration such as \"1h\": " + v.get());
        }
        try {
            Duration d = Durations.parse(v.get().asText());
            if (d.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new RepoException("config Datastore.GCPeriod: " + e.getMessage()
                    + " (\"0\" turns the periodic GC off)");
        }
    }

    private static Optional<JsonNode> value(RepoConfig cfg, String key) {
        return cfg.get(key).filter(n -> !n.isNull());
    }
}
