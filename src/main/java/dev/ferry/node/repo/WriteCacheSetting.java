package dev.ferry.node.repo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.store.FileBlockstoreConfig;
import dev.ferry.store.FreePageReporting;
import java.util.Optional;

/**
 * {@code Datastore.WriteCacheBytes}: how much of what the block store wrote last stays in the operating system's page
 * cache once it is durable; the pages of older writes are dropped, so that the next writes reuse them.
 *
 * <pre>
 *   "WriteCacheBytes": null      (or absent) automatic: 256 MiB on a virtual machine whose memory balloon reports
 *                                free pages to its host, where a fresh page costs a host fault; else no limit
 *   "WriteCacheBytes": "256MiB"  a size (a number of bytes, or Kubo's size strings)
 *   "WriteCacheBytes": -1        no limit: the kernel decides, as for any file
 * </pre>
 */
public final class WriteCacheSetting {
    public static final String KEY = "Datastore.WriteCacheBytes";
    /** The automatic limit where fresh pages are dear: four group commits of the default size. */
    public static final long AUTO_BYTES = 256L << 20;

    private WriteCacheSetting() {
    }

    /** The store's {@code writeCacheBytes} for this config. */
    public static long bytes(RepoConfig cfg) {
        return bytes(cfg.get(KEY), FreePageReporting.active());
    }

    static long bytes(Optional<JsonNode> value, boolean freePageReporting) {
        JsonNode n = value.orElse(null);
        if (n == null || n.isNull()) {
            return freePageReporting ? AUTO_BYTES : FileBlockstoreConfig.KEEP_ALL_CACHED;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            long v = n.asLong();
            if (v == -1) {
                return FileBlockstoreConfig.KEEP_ALL_CACHED;
            }
            if (v >= 0) {
                return v;
            }
        } else if (n.isTextual()) {
            try {
                return ByteSize.parse(n.asText());
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw new RepoException("config " + KEY + " must be null, -1 or a size such as \"256MiB\": " + n);
    }
}
