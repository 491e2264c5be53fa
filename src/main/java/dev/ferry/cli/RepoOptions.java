package dev.ferry.cli;

import dev.ferry.node.repo.Repo;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --repo} option every repository command takes; default {@code $FERRY_PATH}, else {@code ~/.ferry}. */
final class RepoOptions {
    @Option(names = "--repo", paramLabel = "PATH", description = "Repository path (default: $FERRY_PATH or ~/.ferry).")
    Path repo;

    Path resolve(FerryCli.CliEnv env) {
        return repo != null ? repo : Repo.defaultPath(env.env());
    }
}
