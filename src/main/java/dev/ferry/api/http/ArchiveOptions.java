package dev.ferry.api.http;

/**
 * The forms Kubo's {@code get} sends content in: a tar (also the transport when the client unpacks it), a gzipped
 * tar ({@code archive} and {@code compress}), or, for {@code compress} without {@code archive}, the gzipped bytes of
 * a single file. {@code level} is the gzip level, 0 for none.
 */
public record ArchiveOptions(boolean archive, int level) {
    /** Kubo's text for a level out of range. */
    public static final String INVALID_LEVEL = "compression level must be between 1 and 9";
    /** Go's gzip.DefaultCompression, which Kubo uses when no level is given, is deflate level 6. */
    public static final int DEFAULT_LEVEL = 6;

    public ArchiveOptions {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException(INVALID_LEVEL);
        }
    }

    /**
     * The options as Kubo reads them: a level counts only with {@code compress} (without it any level is ignored,
     * valid or not), and then must be 1 to 9; no level means {@link #DEFAULT_LEVEL}.
     */
    public static ArchiveOptions of(boolean archive, boolean compress, Long level) {
        if (!compress) {
            return new ArchiveOptions(archive, 0);
        }
        if (level == null) {
            return new ArchiveOptions(archive, DEFAULT_LEVEL);
        }
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException(INVALID_LEVEL);
        }
        return new ArchiveOptions(archive, level.intValue());
    }

    public boolean compressed() {
        return level != 0;
    }

    /** Compressed without a tar around it: only a file (or a symlink's target) has bytes to gzip alone. */
    public boolean bare() {
        return compressed() && !archive;
    }

    /** Whether the command line saves the stream as it comes, rather than unpacking the tar. */
    public boolean saved() {
        return archive || compressed();
    }

    /**
     * Kubo's name for a saved stream: an archive's gets {@code .tar} unless it ends in {@code .tar} or
     * {@code .tar.gz}, then a compressed one's gets {@code .gz} unless it ends in {@code .gz}.
     */
    public String fileName(String name) {
        String n = name;
        if (archive && !n.endsWith(".tar") && !n.endsWith(".tar.gz")) {
            n += ".tar";
        }
        if (compressed() && !n.endsWith(".gz")) {
            n += ".gz";
        }
        return n;
    }

    public String contentType() {
        return compressed() ? "application/gzip" : "application/x-tar";
    }
}
