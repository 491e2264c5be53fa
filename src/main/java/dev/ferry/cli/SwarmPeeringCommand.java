package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry swarm peering add|ls|rm}: the peers the running daemon keeps connected (redialled with backoff after
 * a disconnect). As Kubo's, the changes last until the daemon stops; {@code Peering.Peers} in the config is not
 * touched.
 */
@Command(name = "peering", mixinStandardHelpOptions = true,
        description = "Change the peers the daemon keeps connected (not saved to the config).",
        subcommands = {SwarmPeeringCommand.Add.class, SwarmPeeringCommand.Ls.class, SwarmPeeringCommand.Rm.class})
final class SwarmPeeringCommand {
    private static void results(InputStream answer, String verb, FerryCli.CliEnv env) throws IOException {
        DaemonClient.ndjson(answer, line -> env.out().println(
                verb + " " + line.path("ID").asText() + " " + line.path("Status").asText()));
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Keep the peers at ADDR (each ending in /p2p/<peer id>) connected.")
    static final class Add implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "ADDR", arity = "1..*") List<String> addrs;

        Add(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            results(SwarmCommand.daemon(env, repo).stream("swarm/peering/add", addrs, Map.of()), "add", env);
            return 0;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List the kept peers, each followed by its addresses on tab-indented lines.")
    static final class Ls implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;

        Ls(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode r = SwarmCommand.daemon(env, repo).json("swarm/peering/ls", List.of(), Map.of());
            for (JsonNode p : r.path("Peers")) {
                env.out().println(p.path("ID").asText());
                p.path("Addrs").forEach(a -> env.out().println("\t" + a.asText()));
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Stop keeping the peers PEER connected.")
    static final class Rm implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "PEER", arity = "1..*") List<String> peers;

        Rm(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            results(SwarmCommand.daemon(env, repo).stream("swarm/peering/rm", peers, Map.of()), "remove", env);
            return 0;
        }
    }
}
