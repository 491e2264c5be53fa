package dev.ferry.node.repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A copy of the config kept beside it before a profile rewrites it ({@code config-pre-<profile>-<n>}), as Kubo. */
public final class ConfigBackup {
    private ConfigBackup() {}

    /** Writes {@code config} to a new file in {@code repoDir} and returns it. */
    public static Path write(Path repoDir, String profile, RepoConfig config) {
        try {
            Path f = Files.createTempFile(repoDir, "config-pre-" + profile + "-", "");
            Files.writeString(f, config.toJson(), StandardCharsets.UTF_8);
            return f;
        } catch (IOException e) {
            throw new RepoException("cannot back up the config in " + repoDir + ": " + e.getMessage(), e);
        }
    }
}
