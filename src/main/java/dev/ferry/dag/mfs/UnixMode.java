package dev.ferry.dag.mfs;

/**
 * UnixFS modes as {@code ipfs files} reads and shows them. A mode is given in octal ({@code 644}, {@code 0644} or
 * {@code 0o644}, at most {@code 7777}: permission, setuid, setgid and sticky bits). Kubo reports a node's mode as Go's
 * {@code os.FileMode}: the permission bits, Go's own bits for setuid, setgid and sticky, and Go's type bit for a
 * directory or a symlink; unset is 0, except for a symlink, which shows {@code 0777}. Its JSON carries that number in
 * octal ({@code "0644"}, {@code "20000000755"} for a directory with 0755), its text the letters of Go's
 * {@code FileMode.String} in lower case ({@code drwxr-xr-x}).
 */
public final class UnixMode {
    /** The most a mode given to {@code chmod} may be. */
    public static final long MAX = dev.ferry.dag.unixfs.UnixfsMetadata.MAX_MODE;

    private static final long GO_DIR = 1L << 31;
    private static final long GO_SYMLINK = 1L << 27;
    private static final long GO_SETUID = 1L << 23;
    private static final long GO_SETGID = 1L << 22;
    private static final long GO_STICKY = 1L << 20;
    private static final String GO_TYPE_LETTERS = "dalTLDpSugct?"; // bits 31 down to 19

    private UnixMode() {
    }

    /**
     * An octal mode as a user gives it.
     *
     * @throws MfsArgumentException when it is not octal or above {@link #MAX}
     */
    public static long parse(String text) {
        try {
            return dev.ferry.dag.unixfs.UnixfsMetadata.parseMode(text);
        } catch (IllegalArgumentException e) {
            throw new MfsArgumentException(e.getMessage());
        }
    }

    /** The UnixFS mode field after {@code chmod mode}: the extended bits above the low 12 stay; unset when none is left. */
    static Long changed(Long old, long mode) {
        long kept = old == null ? 0 : old & 0xFFFF_F000L;
        long next = kept | (mode & 0xFFF);
        return next == 0 ? null : next;
    }

    /** Kubo's {@code os.FileMode} of a node of {@code type} ("file", "directory", "symlink") with UnixFS {@code mode}. */
    public static long goMode(Long mode, String type) {
        long perms = mode == null ? 0 : mode & 0xFFF;
        if (perms == 0) {
            return "symlink".equals(type) ? GO_SYMLINK | 0777 : 0;
        }
        long go = perms & 0777;
        go |= (perms & 04000) != 0 ? GO_SETUID : 0;
        go |= (perms & 02000) != 0 ? GO_SETGID : 0;
        go |= (perms & 01000) != 0 ? GO_STICKY : 0;
        go |= "directory".equals(type) ? GO_DIR : "symlink".equals(type) ? GO_SYMLINK : 0;
        return go;
    }

    /** The UnixFS permission bits of a Kubo {@code os.FileMode} (its type bits dropped); null for 0. */
    public static Long fromGoMode(long go) {
        long perms = go & 0777;
        perms |= (go & GO_SETUID) != 0 ? 04000 : 0;
        perms |= (go & GO_SETGID) != 0 ? 02000 : 0;
        perms |= (go & GO_STICKY) != 0 ? 01000 : 0;
        return perms == 0 ? null : perms;
    }

    /** Go's {@code FileMode.String} in lower case, as Kubo prints it ({@code -rw-r--r--}, {@code drwxr-xr-x}). */
    public static String goString(long go) {
        StringBuilder s = new StringBuilder(13);
        for (int i = 0; i < GO_TYPE_LETTERS.length(); i++) {
            if ((go & (1L << (31 - i))) != 0) {
                s.append(GO_TYPE_LETTERS.charAt(i));
            }
        }
        if (s.isEmpty()) {
            s.append('-');
        }
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((go & (1L << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return s.toString().toLowerCase(java.util.Locale.ROOT);
    }
}
