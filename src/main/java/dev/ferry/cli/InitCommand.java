package dev.ferry.cli;

import dev.ferry.identity.Identity;
import dev.ferry.node.repo.ConfigProfile;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry init [--profile NAME[,NAME]]}: creates a repository with a new Ed25519 identity. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a ferry repository (default ~/.ferry, or $FERRY_PATH, or --repo).")
final class InitCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;

    @Mixin
    RepoOptions repo;

    @Option(names = {"-p", "--profile"}, split = ",", paramLabel = "NAME",
            description = "Apply these config profiles (comma-separated, in order), as 'ferry config profile apply'.")
    List<String> profiles = List.of();

    InitCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Path dir = repo.resolve(env);
        List<ConfigProfile> chosen = profiles.stream().map(ConfigProfile::byName).toList(); // before any file exists
        env.out().println("initializing ferry node at " + dir.toAbsolutePath());
        Identity id = Repo.init(dir, new SecureRandom());
        if (!chosen.isEmpty()) {
            try (Repo r = Repo.open(dir)) {
                RepoConfig cfg = r.config();
                for (ConfigProfile p : chosen) {
                    cfg = p.applyTo(cfg);
                }
                r.saveConfig(cfg);
            }
        }
        env.out().println("peer identity: " + id.peerId());
        env.out().println("did: " + id.did());
        return 0;
    }
}
