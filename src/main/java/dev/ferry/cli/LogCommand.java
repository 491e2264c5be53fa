package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry log level|ls|tail}: the running daemon's logging, as Kubo's {@code ipfs log}. The subsystems are
 * those of {@link dev.ferry.node.logging.LogSubsystems}.
 */
@Command(name = "log", mixinStandardHelpOptions = true, description = "Interact with the daemon log output.",
        subcommands = {LogCommand.Level.class, LogCommand.Ls.class, LogCommand.Tail.class})
final class LogCommand {

    @Command(name = "level", mixinStandardHelpOptions = true, description = "Change the logging level.")
    static final class Level implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "SUBSYSTEM",
                description = "The subsystem logging identifier ('ferry log ls'). Use 'all' for all subsystems.")
        String subsystem;
        @Parameters(index = "1", paramLabel = "LEVEL", description = "One of: debug, info, warn, error, dpanic, "
                + "panic, fatal (the last three are error: logback has nothing above it).")
        String level;

        Level(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode res = SwarmCommand.daemon(env, repo).json("log/level", List.of(subsystem, level), Map.of());
            env.out().print(res.path("Message").asText());
            env.out().flush();
            return 0;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the logging subsystems.")
    static final class Ls implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;

        Ls(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode res = SwarmCommand.daemon(env, repo).json("log/ls", List.of(), Map.of());
            res.path("Strings").forEach(s -> env.out().println(s.asText()));
            return 0;
        }
    }

    /** Kubo's {@code log tail}: one JSON line per event, until interrupted. */
    @Command(name = "tail", mixinStandardHelpOptions = true, description = "Read and output log messages.")
    static final class Tail implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = "--log-level", description = "Only lines at this level and above (the daemon must be "
                + "logging at it: see 'ferry log level').")
        String logLevel;

        Tail(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Map<String, String> options = logLevel == null ? Map.of() : Map.of("log-level", logLevel);
            SwarmCommand.daemon(env, repo).ndjson("log/tail", List.of(), options, line -> {
                env.out().println(line.toString());
                env.out().flush();
            });
            return 0;
        }
    }
}
