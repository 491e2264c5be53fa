package dev.ferry.policy.privacy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The private path policy ({@code Exchange.PrivatePaths}): local directories whose files are added as private
 * content, as if with {@code --private}. A path is covered when it is one of the directories or lies under one,
 * compared both as written (absolute, normalised) and with symbolic links resolved, so a link cannot smuggle a private
 * file out and a link into a private directory is private too.
 */
public record PrivatePaths(List<Path> directories) {
    public static final PrivatePaths NONE = new PrivatePaths(List.of());

    public PrivatePaths {
        directories = List.copyOf(directories);
        for (Path d : directories) {
            if (!d.isAbsolute()) {
                throw new IllegalArgumentException("a private path must be absolute: " + d);
            }
        }
    }

    /** @throws IllegalArgumentException naming the entry that is not an absolute path */
    public static PrivatePaths parse(List<String> entries) {
        List<Path> dirs = new ArrayList<>();
        for (String e : entries) {
            Path p;
            try {
                p = Path.of(e);
            } catch (InvalidPathException x) {
                throw new IllegalArgumentException("not a path: " + e);
            }
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("a private path must be absolute: " + e);
            }
            dirs.add(p.normalize());
            try {
                if (Files.exists(p)) {
                    dirs.add(p.toRealPath());
                }
            } catch (IOException ignored) {
                // as written is what counts then
            }
        }
        return new PrivatePaths(dirs);
    }

    /** Whether {@code path} (a file or directory about to be added) is private under this policy. */
    public boolean covers(Path path) {
        if (directories.isEmpty()) {
            return false;
        }
        List<Path> forms = new ArrayList<>();
        forms.add(path.toAbsolutePath().normalize());
        try {
            forms.add(path.toRealPath());
        } catch (IOException ignored) {
            // a path that does not resolve is judged as written
        }
        for (Path f : forms) {
            for (Path d : directories) {
                if (f.startsWith(d)) {
                    return true;
                }
            }
        }
        return false;
    }
}
