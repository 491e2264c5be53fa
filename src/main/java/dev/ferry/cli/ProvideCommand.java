package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry provide stat|clear}: Kubo's current commands for the DHT provider, through the running daemon. ferry's
 * provider announces each root by its own DHT lookup, as Kubo's legacy one does, so {@code stat} answers as that one.
 */
@Command(name = "provide", mixinStandardHelpOptions = true,
        description = "The DHT provider: its figures, and the queue of roots waiting for their first announcement.",
        subcommands = {ProvideCommand.Stat.class, ProvideCommand.Clear.class})
final class ProvideCommand {

    /** ferry's lines after Kubo's: the last and next reprovide when known, failures, and the queue. */
    static List<String> extraLines(JsonNode s) {
        List<String> lines = new ArrayList<>();
        String last = s.path("LastRun").asText();
        if (!last.isEmpty() && !last.equals("0001-01-01T00:00:00Z")) {
            lines.add("LastReprovide:\t" + KuboText.time(last));
        }
        String next = s.path("NextRun").asText();
        if (!next.isEmpty() && !next.equals("0001-01-01T00:00:00Z")) {
            lines.add("NextReprovide:\t" + KuboText.time(next));
        }
        lines.add("FailedProvides:\t" + KuboText.number(s.path("FailedProvides").asLong()));
        lines.add("QueuedProvides:\t" + KuboText.number(s.path("QueuedProvides").asLong()));
        return lines;
    }

    @Command(name = "stat", mixinStandardHelpOptions = true,
            description = "The DHT provider's figures, as Kubo's legacy provider shows them: roots announced, the "
                    + "mean time of one announcement, the last reprovide run's time, when it ran and runs next.")
    static final class Stat implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = "--json", description = "Print the RPC's JSON ({\"Sweep\": null, \"Legacy\": {...}, "
                + "\"FullRT\": false}; durations in nanoseconds, as Kubo's).") boolean json;
        @Option(names = "--lan", description = "Kubo's, for its sweep provider with a dual DHT; refused here.")
        boolean lan;
        @Option(names = {"-a", "--all"}, description = "Kubo's, for its sweep provider; refused here.") boolean all;
        @Option(names = "--compact", description = "Kubo's, for its sweep provider; no effect here.") boolean compact;
        @Option(names = "--connectivity", description = "Kubo's, for its sweep provider; refused here.")
        boolean connectivity;
        @Option(names = "--network", description = "Kubo's, for its sweep provider; refused here.") boolean network;
        @Option(names = "--schedule", description = "Kubo's, for its sweep provider; refused here.") boolean schedule;
        @Option(names = "--timings", description = "Kubo's, for its sweep provider; refused here.") boolean timings;
        @Option(names = "--workers", description = "Kubo's, for its sweep provider; refused here.") boolean workers;
        @Option(names = "--operations", description = "Kubo's, for its sweep provider; refused here.")
        boolean operations;
        @Option(names = "--queues", description = "Kubo's, for its sweep provider; refused here.") boolean queues;

        Stat(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode s = SwarmCommand.daemon(env, repo).json("provide/stat", List.of(),
                    lan ? Map.of("lan", "true") : Map.of());
            if (json) {
                env.out().println(Json.pretty(s));
                return 0;
            }
            if (all || connectivity || network || schedule || timings || workers || operations || queues) {
                throw new IllegalArgumentException("cannot use flags with legacy provide stats");
            }
            JsonNode l = s.path("Legacy");
            List<String> lines = new ArrayList<>();
            lines.add("TotalReprovides:\t" + KuboText.number(l.path("TotalReprovides").asLong()));
            lines.add("AvgReprovideDuration:\t" + KuboText.shortDuration(l.path("AvgReprovideDuration").asLong()));
            lines.add("LastReprovideDuration:\t" + KuboText.shortDuration(l.path("LastReprovideDuration").asLong()));
            lines.add("LastReprovideBatchSize:\t" + KuboText.number(l.path("LastReprovideBatchSize").asLong()));
            lines.addAll(extraLines(l));
            KuboText.tabwrite(lines).forEach(env.out()::println);
            return 0;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Forget the roots added or pinned through the daemon that still wait for their first "
                    + "announcement; the reprovider announces the pinned ones on its next run.")
    static final class Clear implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = {"-q", "--quiet"}, description = "Do not write output.") boolean quiet;

        Clear(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            DaemonClient daemon = SwarmCommand.daemon(env, repo);
            if (quiet) {
                try (var in = daemon.stream("provide/clear", List.of(), Map.of("quiet", "true"))) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                return 0;
            }
            JsonNode removed = daemon.json("provide/clear", List.of(), Map.of());
            env.out().println("removed " + removed.asLong() + " items from provide queue");
            return 0;
        }
    }
}
