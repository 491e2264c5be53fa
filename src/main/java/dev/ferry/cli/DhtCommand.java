package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry dht query PEER [-v]}: the one {@code ipfs dht} command Kubo kept (the others moved to {@code routing}),
 * through the running daemon. Prints the closest peers found, one per line; with {@code -v} every event of the lookup
 * too, as Kubo prints them.
 */
@Command(name = "dht", mixinStandardHelpOptions = true, description = "Query the DHT directly.",
        subcommands = {DhtCommand.Query.class})
final class DhtCommand {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    @Command(name = "query", mixinStandardHelpOptions = true,
            description = "Find the peers closest to PEER by querying the DHT; prints their IDs, one per line.")
    static final class Query implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "PEER", description = "The peer ID to look up.") String peer;
        @Option(names = {"-v", "--verbose"}, description = "Print each peer asked and each answer too.")
        boolean verbose;

        Query(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            SwarmCommand.daemon(env, repo).ndjson("dht/query", List.of(peer), Map.of("verbose", "" + verbose),
                    e -> print(e, verbose));
            return 0;
        }

        /** Kubo's printEvent: the time first with {@code -v}; only the closest peers without. */
        private void print(JsonNode e, boolean verbose) {
            StringBuilder line = new StringBuilder();
            if (verbose) {
                line.append(LocalTime.now().format(CLOCK)).append(": ");
            }
            String id = e.path("ID").asText();
            switch (e.path("Type").asInt(-1)) {
                case 2 -> line.append(id).append('\n');
                case 0 -> line.append(verbose ? "* querying " + id + "\n" : "");
                case 1 -> {
                    if (verbose) {
                        line.append("* ").append(id).append(" says use ");
                        e.path("Responses").forEach(p -> line.append(p.path("ID").asText()).append(' '));
                        line.append('\n');
                    }
                }
                case 3 -> line.append(verbose ? "error: " + e.path("Extra").asText() + "\n" : "");
                default -> line.append(verbose ? "unrecognized event type: " + e.path("Type").asText() + "\n" : "");
            }
            env.out().print(line);
            env.out().flush();
        }
    }
}
