package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.node.repo.ConfigBackup;
import dev.ferry.node.repo.ConfigProfile;
import dev.ferry.node.repo.ConfigReplacement;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry config KEY [VALUE]}, {@code ferry config show}, {@code ferry config replace FILE} and {@code ferry config
 * profile apply NAME}, as Kubo's {@code ipfs config}.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Replace.class, ConfigCommand.Profile.class},
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

    /** {@code ferry config replace FILE}: the whole config, under Kubo's rules ({@link ConfigReplacement}). */
    @Command(name = "replace", mixinStandardHelpOptions = true,
            description = "Replace the config with FILE (the identity, remote pinning keys and masked API secrets "
                    + "are kept). Back up the config first if needed: this cannot be undone.")
    static final class Replace implements Callable<Integer> {
        private static final int MAX_CONFIG = 4 * 1024 * 1024;
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "FILE") Path file;

        Replace(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            byte[] json;
            try (var in = java.nio.file.Files.newInputStream(file)) {
                json = in.readNBytes(MAX_CONFIG + 1);
            }
            if (json.length > MAX_CONFIG) {
                throw new RepoException(file + " is larger than " + MAX_CONFIG + " bytes");
            }
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                daemon.get().upload("config/replace", java.util.List.of(), java.util.Map.of(),
                        new MultipartBody().file("", () -> new java.io.ByteArrayInputStream(json))).close();
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                r.saveConfig(ConfigReplacement.replace(r.config(), json, MASK));
            }
            return 0;
        }
    }

    /** What the API shows secrets as; a replacement holding it keeps the secret. */
    private static final String MASK = "[redacted]";

    @Command(name = "profile", mixinStandardHelpOptions = true, subcommands = ConfigCommand.Apply.class,
            description = "Apply a profile to the config: server, local-discovery, test, default-networking, "
                    + "lowpower or randomports.")
    static final class Profile {
    }

    /** {@code ferry config profile apply NAME [--dry-run]}: prints what changes, as removed and added values. */
    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Apply the profile NAME and print the changed values ('-' before, '+' after).")
    static final class Apply implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--dry-run", description = "Only print what would change.") boolean dryRun;

        Apply(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            ConfigProfile profile = ConfigProfile.byName(name);
            JsonNode before;
            JsonNode after;
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                JsonNode r = daemon.get().json("config/profile/apply", java.util.List.of(name),
                        java.util.Map.of("dry-run", Boolean.toString(dryRun)));
                before = r.path("OldCfg");
                after = r.path("NewCfg");
            } else {
                try (Repo r = Repo.open(repo.resolve(env))) {
                    RepoConfig old = r.config();
                    RepoConfig updated = profile.applyTo(old);
                    if (!dryRun) {
                        ConfigBackup.write(r.path(), profile.profileName(), old);
                        r.saveConfig(updated);
                    }
                    before = old.tree();
                    after = updated.tree();
                }
            }
            ConfigDiff.lines(before, after).forEach(env.out()::println);
            return 0;
        }
    }
}
