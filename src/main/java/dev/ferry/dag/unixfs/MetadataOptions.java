package dev.ferry.dag.unixfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The metadata options of an import (Kubo's {@code --mode}, {@code --mtime}, {@code --mtime-nsecs},
 * {@code --preserve-mode}, {@code --preserve-mtime}) and how they give each entry its {@link UnixfsMetadata}.
 *
 * <p>Kubo's adder replaces its custom value by the entry's own one when preserving, so a preserved aspect always
 * wins, and an entry that has no own value (stdin, the wrapping directory, an upload part without one) then has none
 * of that aspect. Symlinks get a time but never a mode (Kubo writes only the time on them).
 *
 * @param custom        the values given for every entry ({@link UnixfsMetadata#NONE} for none)
 * @param preserveMode  take each entry's permission bits from the file system (or its upload part)
 * @param preserveMtime take each entry's modification time from the file system (or its upload part)
 */
public record MetadataOptions(UnixfsMetadata custom, boolean preserveMode, boolean preserveMtime) {
    public static final MetadataOptions NONE = new MetadataOptions(UnixfsMetadata.NONE, false, false);

    public MetadataOptions {
        Objects.requireNonNull(custom, "custom");
    }

    /**
     * The options as Kubo's {@code add} reads them: a mode or mtime of 0 is no value; nanoseconds need an mtime.
     *
     * @param mode        permission bits, or null
     * @param mtime       seconds since the epoch (may be negative), or null
     * @param mtimeNsecs  0..999999999, or null
     * @throws IllegalArgumentException with Kubo's message for nanoseconds without a time, or a value out of range
     */
    public static MetadataOptions of(Long mode, Long mtime, Long mtimeNsecs, boolean preserveMode,
            boolean preserveMtime) {
        long secs = mtime == null ? 0 : mtime;
        long nsecs = mtimeNsecs == null ? 0 : mtimeNsecs;
        if (secs == 0 && nsecs != 0) {
            throw new IllegalArgumentException("option \"mtime-nsecs\" requires \"mtime\" to be provided as well");
        }
        UnixTime time = secs == 0 ? null : UnixfsMetadata.time(secs, nsecs);
        Long m = mode == null || mode == 0 ? null : mode;
        return new MetadataOptions(new UnixfsMetadata(m, time), preserveMode, preserveMtime);
    }

    /** Whether any metadata is asked for: Kubo's condition for turning raw leaves off. */
    public boolean any() {
        return preserveMode || preserveMtime || !custom.isEmpty();
    }

    /**
     * The metadata of an entry that comes with its own values (an upload part; {@code own} null or with null fields
     * for none): its own value of an aspect wins; without one, a preserved aspect has none and the other the custom
     * value.
     */
    public UnixfsMetadata forEntry(UnixfsMetadata own) {
        UnixfsMetadata o = own == null ? UnixfsMetadata.NONE : own;
        Long mode = o.mode() != null ? o.mode() : preserveMode ? null : custom.mode();
        UnixTime mtime = o.mtime() != null ? o.mtime() : preserveMtime ? null : custom.mtime();
        return new UnixfsMetadata(mode, mtime);
    }

    /** The metadata of a file, directory or symlink read from the file system (links not followed). */
    UnixfsMetadata forPath(Path path, BasicFileAttributes attrs) throws IOException {
        if (!any()) {
            return UnixfsMetadata.NONE;
        }
        Long mode = preserveMode ? Long.valueOf(permissionBits(path)) : custom.mode();
        UnixTime mtime = custom.mtime();
        if (preserveMtime) {
            Instant t = attrs.lastModifiedTime().toInstant();
            mtime = UnixfsMetadata.time(t.getEpochSecond(), t.getNano());
        }
        UnixfsMetadata m = new UnixfsMetadata(mode, mtime);
        return attrs.isSymbolicLink() ? m.withoutMode() : m;
    }

    /**
     * The preserved aspects only, read from the file system (links not followed): what a client sends as a part's own
     * metadata so that a remote import preserves them.
     */
    public UnixfsMetadata preserved(Path path) throws IOException {
        if (!preserveMode && !preserveMtime) {
            return UnixfsMetadata.NONE;
        }
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new MetadataOptions(UnixfsMetadata.NONE, preserveMode, preserveMtime).forPath(path, attrs);
    }

    /**
     * The permission bits 07777 of a path (Kubo's {@code files.ModePermsToUnixPerms}): setuid, setgid and sticky
     * included where the file system tells them, 0 where it has no POSIX permissions.
     */
    static long permissionBits(Path path) throws IOException {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (mode instanceof Integer i) {
                return i & UnixfsMetadata.MAX_MODE;
            }
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            // fall back on the POSIX view (rwx bits only)
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException notPosix) {
            return 0;
        }
        long bits = 0;
        for (PosixFilePermission p : perms) {
            bits |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return bits;
    }
}
