package dev.ferry.dag.unixfs;

/**
 * The UnixFS 1.5 metadata of one imported entry: its permission bits and modification time, either absent
 * ({@code null}).
 *
 * <p>Stored as boxo ({@code FSNode.SetModeFromUnixPermissions}, {@code SetModTime}) stores it, which Kubo's CIDs depend
 * on: only the bits 07777 are kept and a mode of 0 is not written at all; the default modes 0644 and 0755 ARE written
 * (js ipfs-unixfs drops them, so js and Kubo differ there; ferry follows Kubo). The nanoseconds of a time are written
 * only when not 0.
 *
 * @param mode  permission bits 0..07777 (setuid, setgid, sticky, rwx for user, group, others), or null
 * @param mtime modification time, or null
 */
public record UnixfsMetadata(Long mode, UnixTime mtime) {
    /** No metadata: the nodes are exactly those of an import without metadata options. */
    public static final UnixfsMetadata NONE = new UnixfsMetadata(null, null);
    /** The permission bits a mode may hold. */
    public static final long MAX_MODE = 07777;

    public UnixfsMetadata {
        if (mode != null && (mode < 0 || mode > MAX_MODE)) {
            throw new IllegalArgumentException("mode must be an octal number from 0 to 7777: "
                    + Long.toOctalString(mode));
        }
    }

    /** A modification time; {@code nanos} 0..999999999, 0 meaning none is written. */
    public static UnixTime time(long seconds, long nanos) {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("mtime nanoseconds must be 0..999999999: " + nanos);
        }
        return new UnixTime(seconds, nanos == 0 ? null : (int) nanos);
    }

    /**
     * Reads a mode as chmod does: always octal, with an optional {@code 0o} prefix ({@code 644}, {@code 0644} and
     * {@code 0o644} are all rw-r--r--).
     *
     * @throws IllegalArgumentException when it is not octal or above 07777
     */
    public static long parseMode(String text) {
        String s = text == null ? "" : text.trim();
        if (s.startsWith("0o") || s.startsWith("0O")) {
            s = s.substring(2);
        }
        if (s.isEmpty() || s.length() > 12 || !s.chars().allMatch(c -> c >= '0' && c <= '7')) {
            throw new IllegalArgumentException(
                    "invalid mode \"" + text + "\": an octal number such as 644, 0755 or 0o755");
        }
        long m = Long.parseLong(s, 8);
        if (m > MAX_MODE) {
            throw new IllegalArgumentException("invalid mode \"" + text + "\": above 7777 (only permission, setuid, setgid and"
                    + " sticky bits can be set)");
        }
        return m;
    }

    public boolean isEmpty() {
        return storedMode() == null && mtime == null;
    }

    /** The mode as written: null when absent or 0 (boxo stores no mode for permissions 0). */
    Long storedMode() {
        return mode == null || mode == 0 ? null : mode;
    }

    /** Without the mode (symlinks: Kubo stores their time, never a mode). */
    UnixfsMetadata withoutMode() {
        return mode == null ? this : new UnixfsMetadata(null, mtime);
    }

    /** {@code d} with this metadata (nothing changes when empty). */
    UnixfsData applyTo(UnixfsData d) {
        return isEmpty() ? d : d.withMetadata(storedMode(), mtime);
    }
}
