package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry stats bitswap|bw|dht|prefetch|provide|reprovide|repo}: the daemon's Bitswap counters, its bandwidth,
 * its DHT routing table and its provider's figures, in Kubo's layout, predictive caching's counters, and the
 * repository's size ({@code repo stat}, which works without a daemon too).
 */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Statistics of the running daemon and the repository.",
        subcommands = {StatsCommand.Bitswap.class, StatsCommand.Bw.class, StatsCommand.Dht.class,
                StatsCommand.Prefetch.class, StatsCommand.Provide.class, StatsCommand.Reprovide.class,
                StatsCommand.Repo.class})
final class StatsCommand {

    @Command(name = "bw", mixinStandardHelpOptions = true,
            description = "Bytes in and out on the wire, current rates and the configured caps.")
    static final class Bw implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = {"-p", "--peer"}, paramLabel = "PEER-ID",
                description = "Only this peer, with its own cap (PerPeerLimit times its storage credit's weight).")
        String peer;

        Bw(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode s = SwarmCommand.daemon(env, repo).json("stats/bw", List.of(), peer == null ? Map.of() : Map.of("peer", peer));
            var out = env.out();
            out.println("Bandwidth" + (peer == null ? "" : " with " + peer));
            out.println("TotalIn: " + ProgressBar.human(s.path("TotalIn").asLong()));
            out.println("TotalOut: " + ProgressBar.human(s.path("TotalOut").asLong()));
            out.println("RateIn: " + ProgressBar.human((long) s.path("RateIn").asDouble()) + "/s");
            out.println("RateOut: " + ProgressBar.human((long) s.path("RateOut").asDouble()) + "/s");
            JsonNode l = s.path("Limits");
            out.println("Limits (bytes/s each way, 0 = none): P2P " + l.path("P2PLimit").asLong() + ", IPFS "
                    + l.path("IPFSLimit").asLong() + ", per peer " + l.path("PerPeerLimit").asLong()
                    + (l.has("PeerLimit") ? ", this peer " + l.path("PeerLimit").asLong() : ""));
            return 0;
        }
    }

    @Command(name = "dht", mixinStandardHelpOptions = true,
            description = "The DHT routing table bucket by bucket: each peer, when it was last useful and last queried.")
    static final class Dht implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @picocli.CommandLine.Parameters(paramLabel = "DHT", arity = "0..*",
                description = "wan or lan (ferry runs one of them; default: the one it runs).") List<String> names;

        Dht(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            List<JsonNode> tables = new java.util.ArrayList<>();
            SwarmCommand.daemon(env, repo).ndjson("stats/dht", names == null ? List.of() : names, Map.of(), tables::add);
            java.time.Instant now = java.time.Instant.now();
            tables.forEach(t -> print(env, t, now));
            return 0;
        }

        /**
         * Kubo's text: a line per DHT and per bucket, then the bucket's peers ({@code @}: connected) with how long ago
         * each was last useful and last queried, and its agent; the peer columns aligned over the whole DHT.
         */
        static void print(FerryCli.CliEnv env, JsonNode t, java.time.Instant now) {
            int count = 0;
            for (JsonNode b : t.path("Buckets")) {
                count += b.path("Peers").size();
            }
            List<Object> lines = new java.util.ArrayList<>();
            List<List<String>> rows = new java.util.ArrayList<>();
            lines.add("DHT " + t.path("Name").asText() + " (" + count + " peers):");
            int i = 0;
            for (JsonNode b : t.path("Buckets")) {
                lines.add(String.format(java.util.Locale.ROOT, "  Bucket %2d (%d peers) - refreshed %s:", i++,
                        b.path("Peers").size(), ago(b.path("LastRefresh").asText(), now)));
                List<String> header = List.of("    Peer", "last useful", "last queried", "Agent Version");
                rows.add(header);
                lines.add(header);
                for (JsonNode p : b.path("Peers")) {
                    List<String> row = List.of((p.path("Connected").asBoolean() ? "  @ " : "    ") + p.path("ID").asText(),
                            ago(p.path("LastUsefulAt").asText(), now), ago(p.path("LastQueriedAt").asText(), now),
                            p.path("AgentVersion").asText());
                    rows.add(row);
                    lines.add(row);
                }
                lines.add("");
            }
            Iterator<String> aligned = P2pCommand.aligned(rows).iterator();
            for (Object l : lines) {
                env.out().println(l instanceof String s ? s : aligned.next());
            }
        }

        /** {@code 2m3s ago} to the second, {@code never} for an empty time. */
        private static String ago(String rfc3339, java.time.Instant now) {
            if (rfc3339.isEmpty()) {
                return "never";
            }
            java.time.Duration d = java.time.Duration.between(java.time.Instant.parse(rfc3339), now);
            return DiagCommand.Cmds.runTime(java.time.Duration.ofSeconds(Math.max(0, Math.round(d.toMillis() / 1000.0))))
                    + " ago";
        }
    }

    @Command(name = "bitswap", mixinStandardHelpOptions = true, description = "Bitswap counters, wantlist and partners.")
    static final class Bitswap implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = {"-v", "--verbose"}, description = "List the partners.") boolean verbose;
        @Option(names = "--human", description = "Sizes in KiB/MiB/GiB.") boolean human;

        Bitswap(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            print(env, SwarmCommand.daemon(env, repo).json("bitswap/stat", List.of(), Map.of()), verbose, human);
            return 0;
        }

        /** Kubo's {@code bitswap stat} text (the wantlist's keys, the partners with -v), then ferry's extra counters. */
        static void print(FerryCli.CliEnv env, JsonNode s, boolean verbose, boolean human) {
            var out = env.out();
            out.println("bitswap status");
            out.println("\tblocks received: " + s.path("BlocksReceived").asLong());
            out.println("\tblocks sent: " + s.path("BlocksSent").asLong());
            out.println("\tdata received: " + size(s.path("DataReceived").asLong(), human));
            out.println("\tdata sent: " + size(s.path("DataSent").asLong(), human));
            out.println("\tdup blocks received: " + s.path("DupBlksReceived").asLong());
            out.println("\tdup data received: " + size(s.path("DupDataReceived").asLong(), human));
            out.println("\tbad blocks received: " + s.path("BadBlocksReceived").asLong());
            out.println("\twantlist [" + s.path("Wantlist").size() + " keys]");
            s.path("Wantlist").forEach(w -> out.println("\t\t" + w.path("/").asText()));
            out.println("\tpartners [" + s.path("Peers").size() + "]");
            if (verbose) {
                s.path("Peers").forEach(p -> out.println("\t\t" + p.asText()));
            }
            JsonNode per = s.path("PerPeer");
            if (per.size() > 0) {
                out.println("\tper peer (blocks received / sent, bytes received / sent, dup, bad):");
                for (Iterator<Map.Entry<String, JsonNode>> it = per.fields(); it.hasNext(); ) {
                    var e = it.next();
                    JsonNode p = e.getValue();
                    out.println("\t\t" + e.getKey() + "  " + p.path("BlocksReceived").asLong() + " / " + p.path("BlocksSent").asLong()
                            + "  " + p.path("BytesReceived").asLong() + " / " + p.path("BytesSent").asLong()
                            + "  " + p.path("DupBlocks").asLong() + "  " + p.path("BadBlocks").asLong());
                }
            }
        }

        private static String size(long bytes, boolean human) {
            return human ? ProgressBar.human(bytes) : Long.toString(bytes);
        }
    }

    @Command(name = "prefetch", mixinStandardHelpOptions = true,
            description = "Predictive caching: predictions, prefetches, what they brought in, and hits.")
    static final class Prefetch implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = "--human", description = "Sizes in KiB/MiB/GiB.") boolean human;

        Prefetch(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            print(env, SwarmCommand.daemon(env, repo).json("stats/prefetch", List.of(), Map.of()), human);
            return 0;
        }

        /** In the layout of {@code stats bitswap}. */
        static void print(FerryCli.CliEnv env, JsonNode s, boolean human) {
            var out = env.out();
            out.println("prefetch status" + (s.path("Enabled").asBoolean() ? "" : " (disabled: Prefetch.Enabled)"));
            out.println("\tpredictions: " + s.path("Predictions").asLong());
            out.println("\tprefetches started: " + s.path("Started").asLong());
            out.println("\tprefetches completed: " + s.path("Completed").asLong());
            out.println("\tprefetches failed: " + s.path("Failed").asLong());
            out.println("\tover budget: " + s.path("OverBudget").asLong());
            out.println("\tcancelled: " + s.path("Cancelled").asLong());
            out.println("\tskipped (local): " + s.path("SkippedLocal").asLong());
            out.println("\tskipped (busy): " + s.path("SkippedBusy").asLong());
            out.println("\tblocks prefetched: " + s.path("Blocks").asLong());
            out.println("\tdata prefetched: " + Bitswap.size(s.path("Bytes").asLong(), human));
            out.println("\thits: " + s.path("Hits").asLong());
            out.println("\trunning: " + s.path("Running").asLong());
            out.println("\tlearned CIDs: " + s.path("Learned").asLong());
            out.println("\tbudget left this hour: " + Bitswap.size(s.path("HourBudgetLeft").asLong(), human));
        }
    }

    /** Kubo's {@code stats provide}: the DHT provider's figures (Kubo has since moved them to {@code provide stat}). */
    @Command(name = "provide", mixinStandardHelpOptions = true,
            description = "The DHT provider's figures: roots announced, the mean time of one announcement, the last "
                    + "reprovide run's time and size, when it ran and runs next, failures, roots queued.")
    static class Provide implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = "--json", description = "Print the RPC's JSON (durations in nanoseconds, as Kubo's).")
        boolean json;

        Provide(FerryCli.CliEnv env) {
            this.env = env;
        }

        /** The RPC command asked. */
        String command() {
            return "stats/provide";
        }

        @Override
        public Integer call() throws IOException {
            JsonNode s = SwarmCommand.daemon(env, repo).json(command(), List.of(), Map.of());
            if (json) {
                env.out().println(Json.pretty(s));
                return 0;
            }
            List<String> lines = new java.util.ArrayList<>();
            lines.add("TotalProvides:\t" + KuboText.number(s.path("TotalProvides").asLong()));
            lines.add("AvgProvideDuration:\t" + KuboText.duration(s.path("AvgProvideDuration").asLong()));
            lines.add("LastReprovideDuration:\t" + KuboText.duration(s.path("LastReprovideDuration").asLong()));
            lines.add("LastReprovideBatchSize:\t" + KuboText.number(s.path("LastReprovideBatchSize").asLong()));
            lines.addAll(ProvideCommand.extraLines(s));
            KuboText.tabwrite(lines).forEach(env.out()::println);
            return 0;
        }
    }

    /** Kubo's {@code stats reprovide}: the same as {@code stats provide}. */
    @Command(name = "reprovide", mixinStandardHelpOptions = true, description = "The same as 'ferry stats provide'.")
    static final class Reprovide extends Provide {
        Reprovide(FerryCli.CliEnv env) {
            super(env);
        }

        @Override
        String command() {
            return "stats/reprovide";
        }
    }

    /** Kubo's {@code stats repo}: {@code repo stat} under another name. */
    @Command(name = "repo", mixinStandardHelpOptions = true, description = "The same as 'ferry repo stat'.")
    static final class Repo implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        private final OutputEncoding encoding;
        @Mixin RepoOptions repo;
        @Option(names = "--human", description = "Sizes in KiB/MiB/GiB.") boolean human;

        Repo(FerryCli.CliEnv env, OutputEncoding encoding) {
            this.env = env;
            this.encoding = encoding;
        }

        @Override
        public Integer call() throws IOException {
            RepoCommands.Stat stat = new RepoCommands.Stat(env, encoding);
            stat.repo = repo;
            stat.human = human;
            return stat.call();
        }
    }
}
