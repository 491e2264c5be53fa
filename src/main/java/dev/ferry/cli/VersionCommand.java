package dev.ferry.cli;

import dev.ferry.api.rpc.JavaLibraries;
import dev.ferry.node.repo.Repo;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ferry version}, and {@code ferry version deps}: the Java libraries ferry runs with. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Show ferry's version.",
        subcommands = VersionCommand.Deps.class)
final class VersionCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;
    private final OutputEncoding encoding;
    @Mixin RepoOptions repo;

    VersionCommand(FerryCli.CliEnv env, OutputEncoding encoding) {
        this.env = env;
        this.encoding = encoding;
    }

    static String version() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-dev";
    }

    @Override
    public Integer call() throws IOException {
        if (!encoding.json()) {
            env.out().println("ferry version " + version());
            return 0;
        }
        // the daemon's answer when one runs (it may run another build), else the same from this program
        var daemon = DaemonClient.find(repo.resolve(env), env);
        if (daemon.isPresent()) {
            OutputEncoding.println(env, daemon.get().json("version", List.of(), Map.of()));
        } else {
            OutputEncoding.println(env, json(version()));
        }
        return 0;
    }

    /**
     * Kubo's {@code version} answer for ferry: its version, no commit, the repository format this build writes, the
     * platform as Go spells it ({@code arch/os}), and in Kubo's {@code Golang} the Java runtime ({@code java25}).
     */
    static Map<String, Object> json(String version) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Version", version);
        out.put("Commit", "");
        out.put("Repo", Repo.VERSION);
        out.put("System", System.getProperty("os.arch") + "/" + System.getProperty("os.name").toLowerCase(Locale.ROOT));
        out.put("Golang", "java" + Runtime.version().feature());
        return out;
    }

    /**
     * Kubo's {@code version deps}: {@code group:artifact@version} a line, ferry first; from the daemon when one runs
     * (it may run another build), else from this program.
     */
    @Command(name = "deps", mixinStandardHelpOptions = true,
            description = "List the libraries ferry runs with, 'group:artifact@version' a line.")
    static final class Deps implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;

        Deps(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                daemon.get().ndjson("version/deps", List.of(), Map.of(), d -> print(d.path("Path").asText(),
                        d.path("Version").asText(), d.path("ReplacedBy").asText()));
            } else {
                for (JavaLibraries.Library lib : JavaLibraries.list(version())) {
                    print(lib.path(), lib.version(), lib.replacedBy());
                }
            }
            return 0;
        }

        private void print(String path, String version, String replacedBy) {
            env.out().println(path + "@" + version + (replacedBy.isEmpty() ? "" : " => " + replacedBy));
        }
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ferry version " + version()};
        }
    }
}
