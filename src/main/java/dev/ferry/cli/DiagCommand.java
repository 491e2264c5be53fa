package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.rpc.SystemReport;
import dev.ferry.node.repo.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry diag sys|cmds|profile}: Kubo's diagnostics, the machine and runtime the node runs on (as JSON), the
 * RPC calls the daemon runs now or finished lately, and a zip of the daemon's debugging data for bug reports.
 */
@Command(name = "diag", mixinStandardHelpOptions = true,
        description = "Diagnostics: the system, the daemon's calls, a profile for bug reports.",
        subcommands = {DiagCommand.Sys.class, DiagCommand.Cmds.class, DiagCommand.Profile.class})
final class DiagCommand {

    @Command(name = "sys", mixinStandardHelpOptions = true,
            description = "Print system information (disk, memory, network, runtime) as JSON.")
    static final class Sys implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;

        Sys(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            var dir = repo.resolve(env);
            var daemon = DaemonClient.find(dir, env);
            if (daemon.isPresent()) {
                env.out().println(Json.pretty(daemon.get().json("diag/sys", List.of(), Map.of())));
            } else {
                Repo.requireInitialized(dir);
                // no daemon: the same report, offline
                env.out().println(Json.pretty(SystemReport.of(dir, VersionCommand.version(), false)));
            }
            return 0;
        }
    }

    @Command(name = "cmds", mixinStandardHelpOptions = true,
            description = "List the commands the daemon runs now or finished lately.",
            subcommands = {Cmds.Clear.class, Cmds.SetTime.class})
    static final class Cmds implements Callable<Integer> {
        /** Kubo's column of start times (Go's time.Stamp), in local time. */
        private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = {"-v", "--verbose"}, description = "Print extra information.") boolean verbose;

        Cmds(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode list = SwarmCommand.daemon(env, repo).json("diag/cmds", List.of(),
                    verbose ? Map.of("verbose", "true") : Map.of());
            List<List<String>> rows = new ArrayList<>();
            List<String> header = new ArrayList<>();
            if (verbose) {
                header.add("ID");
            }
            header.add("Command");
            if (verbose) {
                header.addAll(List.of("Arguments", "Options"));
            }
            header.addAll(List.of("Active", "StartTime", "RunTime"));
            rows.add(header);
            Instant now = Instant.now();
            for (JsonNode e : list) {
                List<String> row = new ArrayList<>();
                if (verbose) {
                    row.add(e.path("ID").asText());
                }
                row.add(e.path("Command").asText());
                if (verbose) {
                    List<String> args = new ArrayList<>();
                    e.path("Args").forEach(a -> args.add(a.asText()));
                    row.add("[" + String.join(" ", args) + "]");
                    StringBuilder opts = new StringBuilder("[");
                    for (Iterator<Map.Entry<String, JsonNode>> it = e.path("Options").fields(); it.hasNext(); ) {
                        var o = it.next();
                        opts.append(o.getKey()).append('=').append(o.getValue().asText()).append(',');
                    }
                    row.add(opts.append(']').toString());
                }
                boolean active = e.path("Active").asBoolean();
                Instant start = Instant.parse(e.path("StartTime").asText());
                Instant end = active ? now : Instant.parse(e.path("EndTime").asText());
                row.add(Boolean.toString(active));
                row.add(STAMP.format(start.atZone(ZoneId.systemDefault())));
                row.add(runTime(Duration.between(start, end)));
                rows.add(row);
            }
            P2pCommand.aligned(rows).forEach(env.out()::println);
            return 0;
        }

        /** As Go prints a duration: {@code 850µs}, {@code 12.5ms}, {@code 3.2s}, {@code 2m5s}. */
        static String runTime(Duration d) {
            long nanos = Math.max(0, d.toNanos());
            if (nanos < 1_000_000) {
                return trim(nanos / 1e3) + "µs";
            }
            if (nanos < 1_000_000_000) {
                return trim(nanos / 1e6) + "ms";
            }
            long minutes = nanos / 60_000_000_000L;
            String seconds = trim((nanos % 60_000_000_000L) / 1e9) + "s";
            return minutes == 0 ? seconds : minutes / 60 > 0
                    ? minutes / 60 + "h" + minutes % 60 + "m" + seconds : minutes + "m" + seconds;
        }

        private static String trim(double v) {
            String s = String.format(Locale.ROOT, "%.3f", v);
            s = s.replaceAll("0+$", "");
            return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }

        @Command(name = "clear", mixinStandardHelpOptions = true, description = "Forget the finished commands.")
        static final class Clear implements Callable<Integer> {
            private final FerryCli.CliEnv env;
            @Mixin RepoOptions repo;

            Clear(FerryCli.CliEnv env) {
                this.env = env;
            }

            @Override
            public Integer call() throws IOException {
                SwarmCommand.daemon(env, repo).json("diag/cmds/clear", List.of(), Map.of());
                return 0;
            }
        }

        @Command(name = "set-time", mixinStandardHelpOptions = true,
                description = "Set how long finished commands are listed (default 1m; at most the last 100).")
        static final class SetTime implements Callable<Integer> {
            private final FerryCli.CliEnv env;
            @Mixin RepoOptions repo;
            @Parameters(paramLabel = "TIME", description = "A duration: 30s, 5m, 1h.") String time;

            SetTime(FerryCli.CliEnv env) {
                this.env = env;
            }

            @Override
            public Integer call() throws IOException {
                SwarmCommand.daemon(env, repo).json("diag/cmds/set-time", List.of(time), Map.of());
                return 0;
            }
        }
    }

    @Command(name = "profile", mixinStandardHelpOptions = true,
            description = {"Collect the daemon's debugging data into a zip file for a bug report: thread stacks,"
                    + " a class histogram, a JFR recording, the version, the config without secrets, metrics, recent"
                    + " calls and peer counts. README.txt in the zip lists what was collected and skipped.",
                    "It holds no private key, access secret, swarm.key, content or heap dump."})
    static final class Profile implements Callable<Integer> {
        /** Go's RFC 3339 in UTC with ':' made '_', as Kubo names its file (a name Windows accepts). */
        private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH_mm_ss'Z'",
                Locale.ROOT).withZone(ZoneOffset.UTC);

        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE",
                description = "Where to write the zip (default: ./ferry-profile-<host>-<UTC time>.zip).") Path output;
        @Option(names = "--collectors", split = ",", paramLabel = "NAME", description = "What to collect (default:"
                + " all but bin): goroutines-stack, goroutines-pprof, version, heap, allocs, cpu, mutex, block, trace"
                + " (Kubo's; bin is accepted and skipped), config, metrics, cmds, peers.") List<String> collectors;
        @Option(names = "--profile-time", paramLabel = "DURATION", description = "How long to record (default 30s,"
                + " at most 5m); 0 skips allocs, cpu, mutex, block and trace.") String profileTime;
        @Option(names = "--mutex-profile-fraction", paramLabel = "N",
                description = "Record contended monitor entries when above 0 (default 4).") String mutexFraction;
        @Option(names = "--block-profile-rate", paramLabel = "DURATION", description = "Record parks and waits"
                + " longer than this (default 1ms); 0 records none.") String blockRate;

        Profile(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Map<String, String> options = new LinkedHashMap<>();
            if (collectors != null) {
                options.put("collectors", String.join(",", collectors));
            }
            if (profileTime != null) {
                options.put("profile-time", profileTime);
            }
            if (mutexFraction != null) {
                options.put("mutex-profile-fraction", mutexFraction);
            }
            if (blockRate != null) {
                options.put("block-profile-rate", blockRate);
            }
            DaemonClient daemon = SwarmCommand.daemon(env, repo);
            Path file = output != null ? output : Path.of(defaultName(hostName(), Instant.now()));
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException("cannot write the profile to " + file + ": it is a directory");
            }
            // the daemon refuses bad options before it sends anything: no file is made then
            try (InputStream zip = daemon.stream("diag/profile", List.of(), options)) {
                try {
                    Files.copy(zip, file, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    // a profile cut short is no zip
                    Files.deleteIfExists(file);
                    throw new IOException("the profile was cut short: " + e.getMessage(), e);
                }
            }
            env.out().println("Wrote profiles to: " + file);
            return 0;
        }

        /** Kubo's default name with ferry's: {@code ferry-profile-<host>-<UTC time>.zip}. */
        static String defaultName(String host, Instant now) {
            return "ferry-profile-" + host.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + STAMP.format(now) + ".zip";
        }

        /** The machine's name as the kernel has it, without a DNS lookup where that can be avoided. */
        private static String hostName() {
            try {
                Path proc = Path.of("/proc/sys/kernel/hostname");
                if (Files.isReadable(proc)) {
                    String name = Files.readString(proc).strip();
                    if (!name.isEmpty()) {
                        return name;
                    }
                }
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException | RuntimeException e) {
                return "unknown";
            }
        }
    }
}
