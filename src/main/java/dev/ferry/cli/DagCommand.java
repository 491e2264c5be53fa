package dev.ferry.cli;

import dev.ferry.dag.car.CarExporter;
import dev.ferry.dag.car.CarImporter;
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

/** {@code ferry dag export|import|put|get}: DAGs as CAR files, and IPLD nodes, as Kubo's {@code ipfs dag}. */
@Command(name = "dag", mixinStandardHelpOptions = true,
        description = "Export and import DAGs as CAR files; put and get IPLD nodes.",
        subcommands = {DagCommand.Export.class, DagCommand.Import.class, DagCommand.Put.class, DagCommand.Get.class})
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
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                return viaDaemon(daemon.get());
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
                            env.out().println("Pinned root\t" + root + "\tsuccess");
                        } catch (BlockException e) {
                            failed++;
                            env.out().println("Pinned root\t" + root + "\tFAILED: " + e.getMessage());
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
        private int viaDaemon(DaemonClient daemon) throws IOException {
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
                    String root = line.path("Root").path("Cid").path("/").asText();
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
        @Parameters(paramLabel = "FILE", arity = "0..*") List<Path> files;
        @Option(names = "--store-codec", defaultValue = "dag-cbor",
                description = "Codec of the stored block: dag-cbor (default), dag-json or dag-pb.") String storeCodec;
        @Option(names = "--input-codec", defaultValue = "dag-json",
                description = "Codec of the input: dag-json (default), dag-cbor or dag-pb.") String inputCodec;
        @Option(names = "--pin", arity = "0..1", fallbackValue = "true", defaultValue = "false",
                description = "Pin each node recursively (default ${DEFAULT-VALUE}).") boolean pin;
        @Option(names = "--allow-big-block", description = "Allow blocks up to 2 MiB instead of 1 MiB.")
        boolean big;

        Put(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            int max = big ? 2 << 20 : 1 << 20;
            List<byte[]> inputs = new ArrayList<>();
            if (files == null || files.isEmpty()) {
                inputs.add(env.in().readNBytes(max * 4 + 1));
            } else {
                for (Path f : files) {
                    inputs.add(Files.readAllBytes(f));
                }
            }
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
                try (InputStream in = daemon.get().upload("dag/put", List.of(), opts, body)) {
                    DaemonClient.ndjson(in, line -> env.out().println(line.path("Cid").path("/").asText()));
                }
                return 0;
            }
            List<dev.ferry.store.Block> blocks = new ArrayList<>();
            for (byte[] in : inputs) {
                blocks.add(dev.ferry.dag.json.DagCodecs.put(in, inputCodec, storeCodec, max));
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
            blocks.forEach(b -> env.out().println(b.cid()));
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
}
