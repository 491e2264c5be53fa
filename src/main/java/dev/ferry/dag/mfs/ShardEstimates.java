package dev.ferry.dag.mfs;

import dev.ferry.dag.unixfs.ShardedDirectory;
import dev.ferry.dag.unixfs.UnixfsDirectoryWriter;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Blockstore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the MFS knows of the links estimates of sharded directories, by the CID of their root shard: enough to tell,
 * after a change, whether a directory stays above the sharding threshold without reading all its shards. A HAMT does
 * not record its estimate, so the first change to one counts its entries, shard by shard, only until the count passes
 * the threshold by {@link #MARGIN} (a few hundred KiB of links whatever the directory's size); the bound found then
 * follows each change, and is counted again only when removals bring it down to the threshold. The directories
 * changed last are remembered; an entry is a fact about immutable content, so it never goes stale. Not thread-safe:
 * the MFS uses it under its lock.
 */
final class ShardEstimates {
    /** How far past the threshold a count goes, so that many removals can follow before the next count. */
    static final long MARGIN = 64 * 1024;
    private static final int REMEMBERED = 256;

    /**
     * A directory's links estimate.
     *
     * @param bytes the estimate, or a lower bound of it when not exact
     * @param exact whether {@code bytes} is the estimate itself
     */
    record Bound(long bytes, boolean exact) {
        Bound plus(long change) {
            return new Bound(bytes + change, exact);
        }

        /** Whether a directory with this estimate is sharded (strictly above the threshold). */
        boolean sharded() {
            return bytes > UnixfsDirectoryWriter.SHARD_THRESHOLD;
        }
    }

    private final Map<Cid, Bound> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Cid, Bound> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * The estimate of the sharded directory {@code cid} after a change of {@code change} bytes: from what is known of
     * it when that tells whether it stays sharded, else counted in its stored shards (before the change).
     */
    Bound after(Blockstore store, Cid cid, long change) {
        Bound before = known.get(cid);
        if (before == null || !before.exact() && !before.plus(change).sharded()) {
            ShardedDirectory.Estimate counted = ShardedDirectory.estimate(store, cid,
                    UnixfsDirectoryWriter.SHARD_THRESHOLD + MARGIN);
            before = new Bound(counted.bytes(), counted.complete());
        }
        return before.plus(change);
    }

    /** Remembers for {@code to} what is known of {@code from}: the same entries under another root shard. */
    void carry(Cid from, Cid to) {
        Bound known = this.known.get(from);
        if (known != null) {
            this.known.put(to, known);
        }
    }

    /** Remembers the estimate of the sharded directory {@code cid}. */
    void remember(Cid cid, Bound bound) {
        known.put(cid, bound);
    }
}
