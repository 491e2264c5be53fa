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

/** {@code ferry routing findprovs|provide}: the DHT through the running daemon, as Kubo's {@code ipfs routing}. */
@Command(name = "routing", mixinStandardHelpOptions = true, description = "Find and announce content on the DHT.",
        subcommands = {RoutingCommand.FindProvs.class, RoutingCommand.FindPeer.class, RoutingCommand.Provide.class})
final class RoutingCommand {
    @Command(name = "findprovs", mixinStandardHelpOptions = true,
            description = "Print the peer IDs of providers of CID found on the DHT, one per line.")
    static final class FindProvs implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "CID") String cid;
        @Option(names = {"-n", "--num-providers"}, defaultValue = "20", description = "Providers to find at most.")
        int count;

        FindProvs(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            SwarmCommand.daemon(env, repo).ndjson("routing/findprovs", List.of(cid),
                    Map.of("num-providers", Integer.toString(count)), line -> {
                        for (JsonNode p : line.path("Responses")) {
                            env.out().println(p.path("ID").asText());
                        }
                    });
            return 0;
        }
    }

    @Command(name = "findpeer", mixinStandardHelpOptions = true,
            description = "Print the addresses of PEER found on the DHT, one per line.")
    static final class FindPeer implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "PEER") String peer;

        FindPeer(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            SwarmCommand.daemon(env, repo).ndjson("routing/findpeer", List.of(peer), Map.of(), line -> {
                for (JsonNode p : line.path("Responses")) {
                    p.path("Addrs").forEach(a -> env.out().println(a.asText()));
                }
            });
            return 0;
        }
    }

    @Command(name = "provide", mixinStandardHelpOptions = true,
            description = "Announce on the DHT that this node provides CID (which must be local).")
    static final class Provide implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "CID", arity = "1..*") List<String> cids;
        @Option(names = {"-v", "--verbose"}, description = "Print how many peers took each record.") boolean verbose;

        Provide(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            SwarmCommand.daemon(env, repo).ndjson("routing/provide", cids, Map.of(), line -> {
                if (verbose) {
                    env.out().println(line.path("Extra").asText());
                }
            });
            return 0;
        }
    }
}
