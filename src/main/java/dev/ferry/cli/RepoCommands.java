package dev.ferry.cli;

import dev.ferry.dag.gc.GarbageCollector;
import dev.ferry.policy.pinning.HeldReplicas;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoStat;
import dev.ferry.node.repo.RepoVerifier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry repo stat|verify|gc|version}. */
@Command(name = "repo", mixinStandardHelpOptions = true, description = "Inspect and maintain the repository.",
        subcommands = {RepoCommands.Stat.class, RepoCommands.Verify.class, RepoCommands.Gc.class,
                RepoCommands.Version.class})
final class RepoCommands {

    /** Kubo's {@code repo version}: the repository's format version, from its {@code version} file. */
    @Command(name = "version", mixinStandardHelpOptions = true, description = "Print the repository's format version.")
    static final class Version implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = {"-q", "--quiet"}, description = "Only fs-repo@<version>.") boolean quiet;

        Version(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            Path dir = repo.resolve(env);
            var daemon = DaemonClient.find(dir, env);
            String version;
            if (daemon.isPresent()) {
                version = daemon.get().json("repo/version", List.of(), java.util.Map.of()).path("Version").asText();
            } else {
                Repo.requireInitialized(dir);
                Path file = dir.resolve(Repo.VERSION_FILE);
                if (!java.nio.file.Files.isRegularFile(file)) {
                    throw new java.io.IOException("the repository has no version file: " + file);
                }
                version = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII).strip();
            }
            env.out().println((quiet ? "" : "ferry repo version ") + "fs-repo@" + version);
            return 0;
        }
    }

    @Command(name = "stat", mixinStandardHelpOptions = true, description = "Print the number of blocks and their total size.")
    static final class Stat implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        private final OutputEncoding encoding;
        @Mixin RepoOptions repo;
        @Option(names = "--human", description = "Sizes in KiB/MiB/GiB.") boolean human;

        Stat(FerryCli.CliEnv env, OutputEncoding encoding) {
            this.env = env;
            this.encoding = encoding;
        }

        @Override
        public Integer call() throws java.io.IOException {
            var daemon = DaemonClient.find(repo.resolve(env), env);
            RepoStat stat;
            if (daemon.isPresent()) {
                var s = daemon.get().json("repo/stat", List.of(), java.util.Map.of());
                stat = new RepoStat(s.path("NumObjects").asLong(), s.path("RepoSize").asLong(),
                        s.path("StorageMax").asLong(), Path.of(s.path("RepoPath").asText()), s.path("Version").asText());
            } else {
                try (Repo r = Repo.open(repo.resolve(env))) {
                    stat = RepoStat.of(r);
                }
            }
            if (encoding.json()) {
                // the RPC's repo/stat answer, in its order
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("RepoSize", stat.repoSize());
                out.put("StorageMax", stat.storageMax());
                out.put("NumObjects", stat.numObjects());
                out.put("RepoPath", stat.repoPath().toString());
                out.put("Version", stat.version());
                OutputEncoding.println(env, out);
                return 0;
            }
            env.out().println("NumObjects: " + stat.numObjects());
            env.out().println("RepoSize:   " + size(stat.repoSize()));
            env.out().println("StorageMax: " + size(stat.storageMax()));
            env.out().println("RepoPath:   " + stat.repoPath());
            env.out().println("Version:    " + stat.version());
            return 0;
        }

        private String size(long bytes) {
            return human ? ProgressBar.human(bytes) : Long.toString(bytes);
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-hash every block; corrupt ones are reported and moved to quarantine/.")
    static final class Verify implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;

        Verify(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                // corrupt blocks make the stream end in an error, which the client throws (exit 1)
                daemon.get().ndjson("repo/verify", List.of(), java.util.Map.of(), line -> {
                    String msg = line.path("Msg").asText("");
                    if (!msg.isEmpty()) {
                        env.out().println(msg);
                    }
                });
                return 0;
            }
            RepoVerifier.Result result;
            try (Repo r = Repo.open(repo.resolve(env))) {
                result = RepoVerifier.verify(r.fileBlocks(), (line, checked) -> env.out().println(line));
            }
            if (!result.intact()) {
                env.err().println("Error: " + result.summary());
                return 1;
            }
            env.out().println(result.summary());
            return 0;
        }
    }

    @Command(name = "gc", mixinStandardHelpOptions = true, description = "Remove every block that no pin reaches.")
    static final class Gc implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = {"-q", "--quiet"}, description = "Print only a summary.") boolean quiet;

        Gc(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                long[] removed = {0, 0}; // blocks, bytes
                daemon.get().ndjson("repo/gc", List.of(), java.util.Map.of(), line -> {
                    if (!line.path("Error").asText("").isEmpty()) {
                        env.err().println("Error: " + line.path("Error").asText());
                        return;
                    }
                    removed[0]++;
                    removed[1] += line.path("Size").asLong();
                    if (!quiet) {
                        env.out().println("removed " + line.path("Key").path("/").asText());
                    }
                });
                env.err().println(summary(removed[0], removed[1]));
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                dev.ferry.dag.gc.GcResult result = new GarbageCollector(r.blocks(), r.pins(),
                        HeldReplicas.keptRoots(r.path().resolve(HeldReplicas.FILE)),
                        new dev.ferry.node.repo.FilesRootFile(r.path()).load().stream().toList()).collect();
                if (!quiet) {
                    for (Cid c : result.cids()) {
                        env.out().println("removed " + c);
                    }
                }
                env.err().println(summary(result.removed().size(), result.bytesFreed()));
            }
            return 0;
        }

        /** The same last line with and without a daemon. */
        private static String summary(long blocks, long bytes) {
            return "removed " + blocks + " blocks, " + ProgressBar.human(bytes) + " freed";
        }
    }
}
