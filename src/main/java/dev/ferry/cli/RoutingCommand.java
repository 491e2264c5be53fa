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
 * {@code ferry routing findprovs|findpeer|provide|reprovide|get|put}: the DHT (and, to find, the HTTP routers of
 * {@code Routing.DelegatedRouters}) through the running daemon, as Kubo's {@code ipfs routing}.
 */
@Command(name = "routing", mixinStandardHelpOptions = true, description = "Find and announce content on the DHT.",
        subcommands = {RoutingCommand.FindProvs.class, RoutingCommand.FindPeer.class, RoutingCommand.Provide.class,
                RoutingCommand.Reprovide.class, RoutingCommand.Get.class, RoutingCommand.Put.class})
final class RoutingCommand {
    @Command(name = "findprovs", mixinStandardHelpOptions = true,
            description = "Print the peer IDs of providers of CID found on the DHT and at the HTTP routers, one per "
                    + "line.")
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
            description = "Print the addresses of PEER found on the DHT and at the HTTP routers, one per line.")
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

    /** Kubo's {@code routing reprovide}: prints nothing, and returns once the daemon has announced every root. */
    @Command(name = "reprovide", mixinStandardHelpOptions = true,
            description = "Announce every pinned root on the DHT now, without waiting for Reprovider.Interval.")
    static final class Reprovide implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;

        Reprovide(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            try (var in = SwarmCommand.daemon(env, repo).stream("routing/reprovide", List.of(), Map.of())) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Write the best value of KEY (/ipns/NAME: an IPNS record) found on the DHT to stdout.")
    static final class Get implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "KEY") String key;

        Get(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            byte[][] value = {null};
            SwarmCommand.daemon(env, repo).ndjson("routing/get", List.of(key), Map.of(), line -> {
                if (line.path("Type").asInt() == 5) {
                    value[0] = java.util.Base64.getDecoder().decode(line.path("Extra").asText());
                }
            });
            if (value[0] == null) {
                throw new IOException("routing: not found");
            }
            env.out().write(value[0]);
            env.out().flush();
            return 0;
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Put FILE (an IPNS record) on the DHT under KEY (/ipns/NAME); the record must be valid.")
    static final class Put implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "KEY") String key;
        @Parameters(index = "1", paramLabel = "FILE") java.nio.file.Path file;
        @Option(names = "--allow-offline", description = "Keep it here when no DHT peer can take it.")
        boolean allowOffline;
        @Option(names = {"-v", "--verbose"}, description = "Print the peers that took it.") boolean verbose;

        Put(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            byte[] value = java.nio.file.Files.readAllBytes(file);
            try (var in = SwarmCommand.daemon(env, repo).upload("routing/put", List.of(key),
                    Map.of("allow-offline", Boolean.toString(allowOffline)),
                    new MultipartBody().file("", () -> new java.io.ByteArrayInputStream(value)))) {
                DaemonClient.ndjson(in, line -> {
                    if (verbose) {
                        env.out().println(line.path("ID").asText());
                    }
                });
            }
            return 0;
        }
    }
}
