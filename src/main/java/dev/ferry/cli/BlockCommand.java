package dev.ferry.cli;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.node.repo.Repo;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.PinType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry block get|put|stat|rm}: raw blocks, as Kubo's {@code ipfs block}. */
@Command(name = "block", mixinStandardHelpOptions = true, description = "Work with raw blocks.",
        subcommands = {BlockCommand.Get.class, BlockCommand.Put.class, BlockCommand.Stat.class, BlockCommand.Rm.class})
final class BlockCommand {
    /** Blocks above this size are refused unless asked for, as Kubo does: peers will not exchange them. */
    static final int SOFT_LIMIT = 1 << 20;
    static final int HARD_LIMIT = 2 << 20;

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Write a block's raw bytes to stdout.")
    static final class Get implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "CID") String cid;
        @Option(names = "--timeout", defaultValue = "60s",
                description = "With a daemon: how long to wait for the block from the network (default ${DEFAULT-VALUE}).")
        String timeout;

        Get(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Cid c = Args.cid(cid);
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                // the daemon fetches from peers when the block is not local; its bytes are verified there
                try (InputStream in = daemon.get().stream("block/get", List.of(c.toString()), java.util.Map.of("timeout", timeout))) {
                    in.transferTo(env.out());
                }
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                Block b = r.blocks().get(c).orElseThrow(() -> new BlockNotFoundException("block not found locally: " + c));
                env.out().write(b.data(), 0, b.data().length);
            }
            return 0;
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Store a block read from FILE or stdin; prints its CID.")
    static final class Put implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        /** Taken, as Kubo takes them on every command, and not applied: Kubo prints a block's CID as it is. */
        @Mixin CidBaseOptions cidBase;
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Read from FILE instead of stdin.") Path file;
        @Option(names = "--cid-codec", defaultValue = "raw", description = "Codec of the block: raw, dag-pb, dag-cbor, dag-json (default ${DEFAULT-VALUE}).") String codec;
        @Option(names = "--cid-version", defaultValue = "1", description = "CID version (0 only with dag-pb).") int cidVersion;
        @Option(names = "--mhtype", defaultValue = "sha2-256", description = "Multihash function, as Kubo names it: "
                + "sha2-256, sha2-512, sha3-256, blake2b-256, blake3, ... (see 'ferry cid hashes'; default "
                + "${DEFAULT-VALUE}).") String mhtype;
        @Option(names = "--mhlen", defaultValue = "-1", description = "Digest length in bytes: -1 for the function's "
                + "own, less to truncate it (at least 20); blake3 gives up to 128.") int mhlen;
        @Option(names = "--pin", description = "Pin the block directly.") boolean pin;
        @Option(names = "--allow-big-block", description = "Allow blocks above 1 MiB (up to 2 MiB).") boolean big;

        Put(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            HashFunction function = HashFunction.named(mhtype);
            long code = switch (codec) {
                case "raw" -> Multicodec.RAW.code();
                case "dag-pb", "protobuf" -> Multicodec.DAG_PB.code();
                case "dag-cbor", "cbor" -> Multicodec.DAG_CBOR.code();
                case "dag-json" -> Multicodec.DAG_JSON.code();
                default -> throw new IllegalArgumentException("unsupported --cid-codec '" + codec + "'");
            };
            if (cidVersion == 0 && code != Multicodec.DAG_PB.code()) {
                throw new IllegalArgumentException("CIDv0 only supports dag-pb");
            }
            byte[] data = readLimited(big ? HARD_LIMIT : SOFT_LIMIT);
            Block b = function == HashFunction.SHA2_256 && mhlen == -1 ? Block.create(cidVersion, code, data)
                    : Block.of(Cid.of(cidVersion, code, function, mhlen, data), data);
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                java.util.Map<String, String> opts = new java.util.LinkedHashMap<>();
                // Kubo's block/put has no cid-version: CIDv0 (dag-pb only) is its format "v0"
                opts.put(cidVersion == 0 ? "format" : "cid-codec", cidVersion == 0 ? "v0" : codec);
                opts.put("mhtype", mhtype);
                opts.put("mhlen", Integer.toString(mhlen));
                opts.put("pin", Boolean.toString(pin));
                opts.put("allow-big-block", Boolean.toString(big));
                var answer = dev.ferry.node.repo.JsonTree.read(daemon.get().upload("block/put", List.of(), opts,
                        new MultipartBody().file("", () -> new java.io.ByteArrayInputStream(data))));
                if (!answer.path("Key").asText().equals(b.cid().toString())) {
                    throw new IOException("the daemon stored the block as " + answer.path("Key").asText() + ", not " + b.cid());
                }
                env.out().println(b.cid());
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                r.blocks().put(b);
                r.blocks().sync();
                if (pin) {
                    r.pins().add(b.cid(), PinType.DIRECT);
                    r.pins().sync();
                }
            }
            env.out().println(b.cid());
            return 0;
        }

        private byte[] readLimited(int limit) throws IOException {
            try (InputStream in = file == null ? env.in() : Files.newInputStream(file)) {
                byte[] data = in.readNBytes(limit + 1);
                if (data.length > limit) {
                    throw new IllegalArgumentException(limit == SOFT_LIMIT
                            ? "block is larger than 1 MiB; peers will not exchange it (use --allow-big-block up to 2 MiB)"
                            : "block is larger than 2 MiB");
                }
                return data;
            }
        }
    }

    @Command(name = "stat", mixinStandardHelpOptions = true, description = "Print a block's CID and size.")
    static final class Stat implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        private final OutputEncoding encoding;
        @Mixin RepoOptions repo;
        /** Taken, as Kubo takes them on every command, and not applied: Kubo prints a block's CID as it is. */
        @Mixin CidBaseOptions cidBase;
        @Parameters(paramLabel = "CID") String cid;
        @Option(names = "--timeout", defaultValue = "60s",
                description = "With a daemon: how long to wait for the block from the network (default ${DEFAULT-VALUE}).")
        String timeout;

        Stat(FerryCli.CliEnv env, OutputEncoding encoding) {
            this.env = env;
            this.encoding = encoding;
        }

        @Override
        public Integer call() throws IOException {
            Cid c = Args.cid(cid);
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                var stat = daemon.get().json("block/stat", List.of(c.toString()), java.util.Map.of("timeout", timeout));
                if (encoding.json()) {
                    OutputEncoding.println(env, stat);
                    return 0;
                }
                env.out().println("Key: " + stat.path("Key").asText());
                env.out().println("Size: " + stat.path("Size").asLong());
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                int size = r.blocks().size(c).orElseThrow(() -> new BlockNotFoundException("block not found locally: " + c));
                if (encoding.json()) {
                    // the RPC's block/stat answer: {"Key", "Size"}
                    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
                    out.put("Key", c.toString());
                    out.put("Size", size);
                    OutputEncoding.println(env, out);
                    return 0;
                }
                env.out().println("Key: " + c);
                env.out().println("Size: " + size);
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove blocks that no pin protects.")
    static final class Rm implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "CID", arity = "1..*") List<String> cids;
        @Option(names = {"-f", "--force"}, description = "Ignore blocks that do not exist.") boolean force;
        @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.") boolean quiet;

        Rm(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            List<Cid> parsed = cids.stream().map(Args::cid).toList();
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                int[] failed = {0};
                daemon.get().ndjson("block/rm", parsed.stream().map(Cid::toString).toList(),
                        java.util.Map.of("force", Boolean.toString(force)), line -> {
                            String err = line.path("Error").asText("");
                            if (!err.isEmpty()) {
                                failed[0]++;
                                env.err().println("Error: cannot remove " + line.path("Hash").asText() + ": " + err);
                            } else if (!quiet) {
                                env.out().println("removed " + line.path("Hash").asText());
                            }
                        });
                return failed[0] == 0 ? 0 : 1;
            }
            int failures = 0;
            try (Repo r = Repo.open(repo.resolve(env))) {
                dev.ferry.node.content.Pinner pins = new dev.ferry.node.content.Pinner(r.blocks(), r.pins());
                for (Cid c : parsed) {
                    var pinnedBy = pins.pinReason(c);
                    if (pinnedBy.isPresent()) {
                        env.err().println("Error: cannot remove " + c + ": pinned (" + pinnedBy.get() + ")");
                        failures++;
                    } else if (r.blocks().delete(c)) {
                        if (!quiet) {
                            env.out().println("removed " + c);
                        }
                    } else if (!force) {
                        env.err().println("Error: cannot remove " + c + ": block not found");
                        failures++;
                    }
                }
                r.blocks().sync();
            }
            return failures == 0 ? 0 : 1;
        }
    }
}
