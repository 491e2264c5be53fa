package dev.ferry.cli;

import dev.ferry.identity.Identity;
import dev.ferry.node.repo.Repo;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ferry init}: creates a repository with a new Ed25519 identity. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a ferry repository (default ~/.ferry, or $FERRY_PATH, or --repo).")
final class InitCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;

    @Mixin
    RepoOptions repo;

    InitCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Path dir = repo.resolve(env);
        env.out().println("initializing ferry node at " + dir.toAbsolutePath());
        Identity id = Repo.init(dir, new SecureRandom());
        env.out().println("peer identity: " + id.peerId());
        env.out().println("did: " + id.did());
        return 0;
    }
}
