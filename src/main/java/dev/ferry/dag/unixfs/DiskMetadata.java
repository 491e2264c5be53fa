package dev.ferry.dag.unixfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Restores UnixFS 1.5 metadata on written paths. Only the permission bits (0777) of a mode are
 * ever applied: setuid, setgid and sticky come from the network and are never set. Times are set without following
 * symlinks. Where the file system has no POSIX permissions (or cannot set a symlink's own time) that part is skipped.
 */
public final class DiskMetadata {
    /** The mode bits applied (0777). */
    public static final int PERMISSIONS = 0777;

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private DiskMetadata() {
    }

    /** The permissions of {@code mode & 0777}. */
    public static Set<PosixFilePermission> permissions(long mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((mode & (1L << i)) != 0) {
                out.add(BITS[i]);
            }
        }
        return out;
    }

    /** Sets {@code mode & 0777} on a file or directory (never a symlink: links have no mode of their own). */
    public static void setMode(Path p, long mode) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view != null && !Files.isSymbolicLink(p)) {
            view.setPermissions(permissions(mode));
        }
    }

    /** Sets the modification time of {@code p} itself, a symlink included; skipped where a link's cannot be set. */
    public static void setModified(Path p, Instant time) throws IOException {
        BasicFileAttributeView view = Files.getFileAttributeView(p, BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        try {
            view.setTimes(FileTime.from(time), null, null);
        } catch (UnsupportedOperationException e) {
            // the platform cannot change a symlink's own time; following the link is never an option
        }
    }

    /** Applies what the node carries: its mode (files and directories) and its {@link UnixTime#applicable} mtime. */
    public static void apply(Path p, Long mode, UnixTime mtime) throws IOException {
        if (mode != null) {
            setMode(p, mode);
        }
        if (mtime != null) {
            Optional<Instant> t = mtime.applicable();
            if (t.isPresent()) {
                setModified(p, t.get());
            }
        }
    }
}
