package dev.ferry.node.repo;

import dev.ferry.multiformats.Cid;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What {@code repo stat} reports, in Kubo's terms; the one source for the command line (offline) and the RPC API, so
 * both print the same values.
 *
 * @param numObjects blocks in the store
 * @param repoSize their bytes
 * @param storageMax {@code Datastore.StorageMax} in bytes (0 when the setting cannot be read)
 * @param repoPath the repository's absolute path
 * @param version {@code fs-repo@<version>}, the form Kubo's clients expect
 */
public record RepoStat(long numObjects, long repoSize, long storageMax, Path repoPath, String version) {
    /** {@code Datastore.StorageMax} when the config has none, Kubo's. */
    public static final String DEFAULT_STORAGE_MAX = "10GB";

    /** Counts the blocks of {@code repo} (one pass over the store). */
    public static RepoStat of(Repo repo) {
        long count = 0;
        long bytes = 0;
        try (Stream<Cid> cids = repo.blocks().cids()) {
            for (Cid c : (Iterable<Cid>) cids::iterator) {
                count++;
                bytes += repo.blocks().size(c).orElse(0);
            }
        }
        String max = repo.config().string("Datastore.StorageMax", ""); // Kubo's: "" is the default
        return new RepoStat(count, bytes, parseSize(max.isBlank() ? DEFAULT_STORAGE_MAX : max),
                repo.path().toAbsolutePath(), "fs-repo@" + Repo.VERSION);
    }

    /**
     * {@code Datastore.StorageMax} as the automatic GC reads it ({@link ByteSize}: {@code 10GB} = 10^10 bytes,
     * {@code 1GiB} = 2^30); 0 when unreadable, as a stat reports rather than fails.
     */
    public static long parseSize(String text) {
        try {
            return ByteSize.parse(text);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
