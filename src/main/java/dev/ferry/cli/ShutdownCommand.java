package dev.ferry.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ferry shutdown}: asks the running daemon to stop. */
@Command(name = "shutdown", mixinStandardHelpOptions = true, description = "Stop the running daemon.")
final class ShutdownCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;

    @Mixin
    RepoOptions repo;

    ShutdownCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        SwarmCommand.daemon(env, repo).json("shutdown", List.of(), Map.of());
        return 0;
    }
}
