package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry config KEY [VALUE]} and {@code ferry config show}, as Kubo's {@code ipfs config}. */
@Command(name = "config", mixinStandardHelpOptions = true, subcommands = ConfigCommand.Show.class,
        description = "Get or set a config value (dotted key, e.g. Addresses.API).")
final class ConfigCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;

    @Mixin
    RepoOptions repo;

    @Parameters(index = "0", arity = "0..1", paramLabel = "KEY", description = "The config key, e.g. Addresses.Swarm.")
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "The value to set.")
    String value;

    @Option(names = "--json", description = "Parse VALUE as JSON.")
    boolean json;

    @Option(names = "--bool", description = "Set a boolean value.")
    boolean bool;

    ConfigCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws java.io.IOException {
        if (key == null) {
            throw new IllegalArgumentException("missing KEY (or use 'ferry config show')");
        }
        Path dir = repo.resolve(env);
        var daemon = DaemonClient.find(dir, env);
        if (daemon.isPresent()) {
            // the daemon owns the repository while it runs; it writes the change (effective at its next start)
            java.util.List<String> args = value == null ? java.util.List.of(key) : java.util.List.of(key, value);
            java.util.Map<String, String> opts = new java.util.HashMap<>();
            if (json) {
                opts.put("json", "true");
            }
            if (bool) {
                opts.put("bool", "true");
            }
            JsonNode answer = daemon.get().json("config", args, opts).path("Value");
            if (value == null) {
                env.out().println(answer.isTextual() ? answer.asText() : Json.pretty(answer));
            }
            return 0;
        }
        if (value == null) {
            RepoConfig cfg = Repo.readConfig(dir);
            JsonNode node = cfg.get(key).orElseThrow(() -> new RepoException("config key '" + key + "' is not set"));
            env.out().println(node.isTextual() ? node.asText() : Json.pretty(node));
            return 0;
        }
        JsonNode parsed;
        if (bool) {
            if (!value.equals("true") && !value.equals("false")) {
                throw new RepoException("--bool takes true or false, not '" + value + "'");
            }
            parsed = RepoConfig.parseValue(value, true);
        } else {
            parsed = RepoConfig.parseValue(value, json);
        }
        Repo.updateConfig(dir, cfg -> cfg.set(key, parsed));
        return 0;
    }

    /** {@code ferry config show}: the whole config. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the whole config as JSON.")
    static final class Show implements Callable<Integer> {
        private final FerryCli.CliEnv env;

        @Mixin
        RepoOptions repo;

        Show(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                env.out().println(Json.pretty(daemon.get().json("config/show", java.util.List.of(), java.util.Map.of())));
                return 0;
            }
            env.out().print(Repo.readConfig(repo.resolve(env)).toJson());
            return 0;
        }
    }
}
