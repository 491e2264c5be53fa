package dev.ferry.cli;

import dev.ferry.dag.car.CarExporter;
import dev.ferry.dag.car.CarImporter;
import dev.ferry.dag.walk.DagStats;
import dev.ferry.dag.walk.PathResolver;
import dev.ferry.dag.walk.ResolvedPath;
import dev.ferry.multiformats.CidEncoder;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.content.Pinner;
import dev.ferry.node.repo.Repo;
import dev.ferry.store.BlockException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry dag export|import|put|get|resolve|stat}: DAGs as CAR files, IPLD nodes, paths and sizes, as Kubo's
 * {@code ipfs dag}.
 */
@Command(name = "dag", mixinStandardHelpOptions = true,
        description = "Export and import DAGs as CAR files; put and get IPLD nodes; resolve paths; DAG sizes.",
        subcommands = {DagCommand.Export.class, DagCommand.Import.class, DagCommand.Put.class, DagCommand.Get.class,
                DagCommand.Resolve.class, DagCommand.Stat.class})
final class DagCommand {

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write the DAG under CID to stdout as a CAR v1.")
    static final class Export implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "CID") String cid;
        @Option(names = {"-p", "--progress"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
                description = "Progress bar on stderr (default: when stderr is a terminal).")
        Boolean progress;

        Export(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Cid root = Args.cid(cid);
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                try (InputStream in = daemon.get().stream("dag/export", List.of(root.toString()), java.util.Map.of())) {
                    in.transferTo(env.out());
                }
                env.out().flush();
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                if (!r.blocks().has(root)) {
                    throw new IllegalArgumentException("block " + root + " not found locally");
                }
                CarExporter.export(r.blocks(), root, env.out());
                env.out().flush();
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import CAR files (or stdin); every block is verified, roots are pinned.")
    static final class Import implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        /** Kubo's low-level encoder writes the roots: a base alone leaves CIDv0 as they are. */
        @Mixin CidBaseOptions cidBase;
        @Parameters(paramLabel = "FILE", arity = "0..*") List<Path> files = new ArrayList<>();
        @Option(names = "--pin-roots", arity = "0..1", fallbackValue = "true", defaultValue = "true",
                description = "Pin the roots recursively (default ${DEFAULT-VALUE}).")
        boolean pinRoots;
        @Option(names = "--stats", description = "Print how many blocks were imported.") boolean stats;

        Import(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    throw new java.nio.file.NoSuchFileException(f.toString());
                }
            }
            CidEncoder enc = cidBase.lowLevel();
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                return viaDaemon(daemon.get(), enc);
            }
            Set<Cid> roots = new LinkedHashSet<>();
            long blocks = 0;
            long bytes = 0;
            int failed = 0;
            try (Repo r = Repo.open(repo.resolve(env))) {
                if (files.isEmpty()) {
                    CarImporter.CarImportResult res = CarImporter.importCar(new BufferedInputStream(env.in(), 1 << 16), r.blocks());
                    roots.addAll(res.roots());
                    blocks += res.blocks();
                    bytes += res.bytes();
                } else {
                    for (Path f : files) {
                        try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
                            CarImporter.CarImportResult res = CarImporter.importCar(in, r.blocks());
                            roots.addAll(res.roots());
                            blocks += res.blocks();
                            bytes += res.bytes();
                        }
                    }
                }
                if (pinRoots) {
                    Pinner pinner = new Pinner(r.blocks(), r.pins());
                    for (Cid root : roots) {
                        try {
                            pinner.pinRecursive(root);
                            env.out().println("Pinned root\t" + enc.encode(root) + "\tsuccess");
                        } catch (BlockException e) {
                            failed++;
                            env.out().println("Pinned root\t" + enc.encode(root) + "\tFAILED: " + e.getMessage());
                        }
                    }
                }
            }
            if (stats) {
                env.out().println("Imported " + blocks + " blocks (" + bytes + " bytes)");
            }
            return failed == 0 ? 0 : 1;
        }

        /** Kubo's dag/import: the CARs go up as multipart parts; root and stats lines come back. */
        private int viaDaemon(DaemonClient daemon, CidEncoder enc) throws IOException {
            MultipartBody body = new MultipartBody();
            if (files.isEmpty()) {
                body.file("", () -> env.in());
            } else {
                for (Path f : files) {
                    body.file(f.getFileName().toString(), () -> Files.newInputStream(f), Files.size(f));
                }
            }
            int[] failed = {0};
            List<String> lines = new ArrayList<>();
            DaemonClient.ndjson(daemon.upload("dag/import", List.of(), java.util.Map.of(
                    "pin-roots", Boolean.toString(pinRoots), "stats", Boolean.toString(stats)), body), line -> {
                if (line.has("Root")) {
                    String root = enc.recode(line.path("Root").path("Cid").path("/").asText());
                    String err = line.path("Root").path("PinErrorMsg").asText("");
                    if (err.isEmpty()) {
                        lines.add("Pinned root\t" + root + "\tsuccess");
                    } else {
                        failed[0]++;
                        lines.add("Pinned root\t" + root + "\tFAILED: " + err);
                    }
                } else if (line.has("Stats")) {
                    lines.add("Imported " + line.path("Stats").path("BlockCount").asLong() + " blocks ("
                            + line.path("Stats").path("BlockBytesCount").asLong() + " bytes)");
                }
            });
            lines.forEach(env.out()::println);
            return failed[0] == 0 ? 0 : 1;
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Store IPLD nodes read from FILEs (or stdin) and print the CID of each.")
    static final class Put implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin CidBaseOptions cidBase;
        @Parameters(paramLabel = "FILE", arity = "0..*") List<Path> files;
        @Option(names = "--store-codec", defaultValue = "dag-cbor",
                description = "Codec of the stored block: dag-cbor (default), dag-json or dag-pb.") String storeCodec;
        @Option(names = "--input-codec", defaultValue = "dag-json",
                description = "Codec of the input: dag-json (default), dag-cbor or dag-pb.") String inputCodec;
        @Option(names = "--pin", arity = "0..1", fallbackValue = "true", defaultValue = "false",
                description = "Pin each node recursively (default ${DEFAULT-VALUE}).") boolean pin;
        @Option(names = "--allow-big-block", description = "Allow blocks up to 2 MiB instead of 1 MiB.")
        boolean big;
        @Option(names = "--hash", defaultValue = "sha2-256", paramLabel = "NAME", description = "Hash function, as "
                + "Kubo names it: sha2-256, sha2-512, sha3-256, blake2b-256, blake3, ... (see 'ferry cid hashes'; "
                + "default ${DEFAULT-VALUE}).") String hash;

        Put(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            int max = big ? 2 << 20 : 1 << 20;
            dev.ferry.multiformats.HashFunction function = dev.ferry.multiformats.HashFunction.named(hash);
            List<byte[]> inputs = new ArrayList<>();
            if (files == null || files.isEmpty()) {
                inputs.add(env.in().readNBytes(max * 4 + 1));
            } else {
                for (Path f : files) {
                    inputs.add(Files.readAllBytes(f));
                }
            }
            // Kubo applies the options in its CLI's text output (the RPC answer does not change): low-level, so a
            // base alone leaves a CIDv0 as it is
            CidEncoder enc = cidBase.lowLevel();
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                MultipartBody body = new MultipartBody();
                for (byte[] in : inputs) {
                    body.file("", () -> new java.io.ByteArrayInputStream(in));
                }
                java.util.Map<String, String> opts = new java.util.LinkedHashMap<>();
                opts.put("store-codec", storeCodec);
                opts.put("input-codec", inputCodec);
                opts.put("pin", Boolean.toString(pin));
                opts.put("allow-big-block", Boolean.toString(big));
                opts.put("hash", function.functionName());
                try (InputStream in = daemon.get().upload("dag/put", List.of(), opts, body)) {
                    DaemonClient.ndjson(in, line -> env.out().println(enc.recode(line.path("Cid").path("/").asText())));
                }
                return 0;
            }
            List<dev.ferry.store.Block> blocks = new ArrayList<>();
            for (byte[] in : inputs) {
                blocks.add(dev.ferry.dag.json.DagCodecs.put(in, inputCodec, storeCodec, function, max));
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                for (dev.ferry.store.Block b : blocks) {
                    r.blocks().put(b);
                }
                r.blocks().sync();
                if (pin) {
                    Pinner pinner = new Pinner(r.blocks(), r.pins());
                    for (dev.ferry.store.Block b : blocks) {
                        pinner.pinRecursive(b.cid());
                    }
                }
            }
            blocks.forEach(b -> env.out().println(enc.encode(b.cid())));
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Write the IPLD value at REF (CID[/path], /ipfs/..., /ipns/...) to stdout.")
    static final class Get implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "REF") String ref;
        @Option(names = "--output-codec", defaultValue = "dag-json",
                description = "dag-json (default) or dag-cbor.") String outputCodec;

        Get(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Args.checkTarget(ref);
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                try (InputStream in = daemon.get().stream("dag/get", List.of(ref),
                        java.util.Map.of("output-codec", outputCodec))) {
                    in.transferTo(env.out());
                }
                env.out().flush();
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                Args.CidPath t = Args.local(ref, r);
                List<String> segs = t.path().isEmpty() ? List.of() : List.of(t.path().split("/"));
                env.out().write(dev.ferry.dag.json.DagCodecs.output(
                        dev.ferry.dag.json.DataModel.resolve(r.blocks(), t.cid(), segs).value(), outputCodec));
                env.out().flush();
            }
            return 0;
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = "Print the block REF ends in, and the path left inside it: CID[/rest] (no newline, as Kubo).")
    static final class Resolve implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin CidBaseOptions cidBase;
        @Parameters(paramLabel = "REF", description = "CID[/path], /ipfs/CID[/path] or /ipns/NAME[/path].") String ref;
        @Option(names = "--timeout", defaultValue = "60s", paramLabel = "DURATION",
                description = "With a daemon: how long to wait for a block from the network (default ${DEFAULT-VALUE}).")
        String timeout;

        Resolve(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Args.checkTarget(ref);
            // Kubo: without --cid-base the base of the CID in REF (a v0 there: the default), else the low-level encoder
            CidEncoder enc = cidBase.forPath(ref.strip(), cidBase.lowLevel());
            ResolvedPath p;
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                var out = daemon.get().json("dag/resolve", List.of(ref), java.util.Map.of("timeout", timeout));
                p = new ResolvedPath(Args.cid(out.path("Cid").path("/").asText()),
                        ResolvedPath.segments(out.path("RemPath").asText("")));
            } else {
                try (Repo r = Repo.open(repo.resolve(env))) {
                    Args.CidPath t = Args.local(ref, r);
                    p = new PathResolver(r.blocks()).resolve(t.cid(), ResolvedPath.segments(t.path()));
                }
            }
            // no newline, as Kubo
            env.out().print(enc.encode(p.cid()) + p.remPath());
            env.out().flush();
            return 0;
        }
    }

    @Command(name = "stat", mixinStandardHelpOptions = true,
            description = "Size and block count of each DAG, and of them all (each block counted once), as Kubo.")
    static final class Stat implements Callable<Integer> {
        private static final long REDRAW_NANOS = 100_000_000L;
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "CID", arity = "1..*", description = "DAG roots: CID, /ipfs/CID or /ipns/NAME.")
        List<String> refs;
        @Option(names = {"-p", "--progress"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
                description = "Blocks and bytes so far on stderr (default: when stderr is a terminal).")
        Boolean progress;
        @Option(names = "--timeout", defaultValue = "60s", paramLabel = "DURATION",
                description = "With a daemon: how long to wait for a block from the network (default ${DEFAULT-VALUE}).")
        String timeout;
        /** Taken, as Kubo takes them on every command, and not applied: Kubo prints each root as it is. */
        @Mixin CidBaseOptions cidBase;
        private long drawn;

        Stat(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            refs.forEach(Args::checkTarget);
            boolean show = progress != null ? progress : env.terminal();
            DagStats.Summary done;
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                DagStats.Summary[] last = {null};
                daemon.get().ndjson("dag/stat", refs, java.util.Map.of("progress", Boolean.toString(show),
                        "timeout", timeout), line -> {
                    last[0] = summary(line);
                    if (show) {
                        progress(last[0]);
                    }
                });
                done = last[0];
            } else {
                try (Repo r = Repo.open(repo.resolve(env))) {
                    List<Cid> roots = new ArrayList<>();
                    for (String ref : refs) {
                        Args.CidPath t = Args.local(ref, r);
                        ResolvedPath p = new PathResolver(r.blocks()).resolve(t.cid(), ResolvedPath.segments(t.path()));
                        if (!p.remainder().isEmpty()) {
                            throw new IllegalArgumentException(
                                    "cannot return size for anything other than a DAG with a root CID");
                        }
                        roots.add(p.cid());
                    }
                    done = DagStats.of(r.blocks(), roots, show ? this::progress : null);
                }
            }
            if (show) {
                env.err().print("\033[2K\r");
                env.err().flush();
            }
            if (done == null) {
                throw new IOException("the daemon sent no statistics");
            }
            env.out().print(text(done));
            env.out().flush();
            return 0;
        }

        private void progress(DagStats.Summary s) {
            long now = System.nanoTime();
            if (now - drawn < REDRAW_NANOS) {
                return;
            }
            drawn = now;
            long blocks = 0;
            long bytes = 0;
            for (DagStats.Dag d : s.dags()) {
                blocks += d.blocks();
                bytes += d.size();
            }
            env.err().print("Fetched/Processed " + blocks + " blocks, " + bytes + " bytes (" + ProgressBar.human(bytes)
                    + ")\r");
            env.err().flush();
        }

        /** One value of the RPC's answer (Kubo's JSON: zero fields left out, each DAG's Cid a string). */
        private static DagStats.Summary summary(com.fasterxml.jackson.databind.JsonNode j) {
            List<DagStats.Dag> dags = new ArrayList<>();
            for (var d : j.path("DagStats")) {
                dags.add(new DagStats.Dag(Args.cid(d.path("Cid").asText()), d.path("Size").asLong(),
                        d.path("NumBlocks").asLong()));
            }
            return new DagStats.Summary(dags, j.path("UniqueBlocks").asLong(), j.path("TotalSize").asLong(),
                    j.path("SharedSize").asLong(), (float) j.path("Ratio").asDouble());
        }

        /** Kubo's text: a tab-separated table of the DAGs, then the summary. */
        static String text(DagStats.Summary s) {
            StringBuilder b = new StringBuilder("\n");
            int width = s.dags().isEmpty() ? 3 : s.dags().getFirst().cid().toString().length();
            b.append(String.format(java.util.Locale.ROOT, "%-" + Math.max(1, width) + "s\t%-15s\tSize", "CID",
                    "Blocks")).append('\n');
            for (DagStats.Dag d : s.dags()) {
                b.append(d.cid()).append('\t').append(String.format(java.util.Locale.ROOT, "%-15s", d.blocks()))
                        .append('\t').append(d.size()).append('\n');
            }
            b.append("\nSummary\n");
            b.append("Total Size: ").append(s.totalSize()).append('\n');
            b.append("Unique Blocks: ").append(s.uniqueBlocks()).append('\n');
            b.append("Shared Size: ").append(s.sharedSize()).append('\n');
            b.append("Ratio: ").append(String.format(java.util.Locale.ROOT, "%f", (double) s.ratio())).append('\n');
            b.append("\n\n");
            return b.toString();
        }
    }
}
