package dev.ferry.node.repo;

import dev.ferry.multiformats.Cid;
import java.nio.file.Path;
import java.util.Locale;
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
        return new RepoStat(count, bytes, parseSize(repo.config().string("Datastore.StorageMax", "10GB")),
                repo.path().toAbsolutePath(), "fs-repo@" + Repo.VERSION);
    }

    /** Kubo's humanized sizes ({@code 10GB} = 10^10 bytes, {@code 1GiB} = 2^30); 0 when unreadable. */
    public static long parseSize(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT).replace(" ", "");
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            return 0;
        }
        double n;
        try {
            n = Double.parseDouble(s.substring(0, i));
        } catch (NumberFormatException e) {
            return 0;
        }
        double mult = switch (s.substring(i)) {
            case "", "B" -> 1;
            case "KB", "K" -> 1e3;
            case "MB", "M" -> 1e6;
            case "GB", "G" -> 1e9;
            case "TB", "T" -> 1e12;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            case "TIB" -> 1L << 40;
            default -> 0;
        };
        return (long) (n * mult);
    }
}
