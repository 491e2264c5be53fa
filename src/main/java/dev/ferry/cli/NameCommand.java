package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.node.Durations;
import dev.ferry.node.NameException;
import dev.ferry.node.NameSystem;
import dev.ferry.node.repo.Repo;
import dev.ferry.routing.ipns.IpnsName;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry name publish|resolve|get|put|inspect|pubsub}: IPNS, as Kubo's {@code ipfs name}. Through the daemon
 * when one runs (records go to the DHT and to {@code Ipns.DelegatedPublishers}); without one, publishing and putting
 * need {@code --allow-offline} (the record stays in the repo until the daemon runs) and resolving and getting know
 * only the records kept in the repo.
 */
@Command(name = "name", mixinStandardHelpOptions = true, description = "Publish and resolve IPNS names.",
        subcommands = {NameCommand.Publish.class, NameCommand.Resolve.class, NameCommand.Inspect.class,
                NameCommand.Get.class, NameCommand.Put.class, NameCommand.Pubsub.class})
final class NameCommand {
    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Publish PATH (/ipfs/CID[/...], /ipns/NAME[/...] or a CID) under the IPNS name of a key.")
    static final class Publish implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "PATH") String path;
        @Option(names = {"-k", "--key"}, defaultValue = "self",
                description = "The key whose name to publish under (default ${DEFAULT-VALUE}: the node's own).")
        String key;
        @Option(names = {"-t", "--lifetime"}, defaultValue = "48h",
                description = "How long the record is valid (default ${DEFAULT-VALUE}).")
        String lifetime;
        @Option(names = "--ttl", defaultValue = "5m",
                description = "How long resolvers may cache the record (default ${DEFAULT-VALUE}).")
        String ttl;
        @Option(names = "--allow-offline", description = "Publish even when no DHT peer can take the record.")
        boolean allowOffline;
        @Option(names = "--allow-delegated", description = "Publish even without DHT peers, through the HTTP "
                + "delegated publishers of Ipns.DelegatedPublishers (needs the daemon).")
        boolean allowDelegated;
        @Option(names = {"-Q", "--quieter"}, description = "Print only the name.") boolean quieter;

        Publish(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException, NameException {
            String name;
            String value;
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                Map<String, String> opts = new LinkedHashMap<>();
                opts.put("key", key);
                opts.put("lifetime", lifetime);
                opts.put("ttl", ttl);
                opts.put("allow-offline", Boolean.toString(allowOffline));
                opts.put("allow-delegated", Boolean.toString(allowDelegated));
                JsonNode r = daemon.get().json("name/publish", List.of(path), opts);
                name = r.path("Name").asText();
                value = r.path("Value").asText();
            } else {
                noDaemonDelegated(allowOffline, allowDelegated);
                try (Repo r = Repo.open(repo.resolve(env)); NameSystem names = NameSystem.offline(r)) {
                    NameSystem.Published p = names.publish(key, path, Durations.parse(lifetime),
                            Durations.parse(ttl), allowOffline);
                    name = p.record().name().toString();
                    value = p.record().path();
                }
            }
            env.out().println(quieter ? name : "Published to " + name + ": " + value);
            return 0;
        }
    }

    /**
     * Without a daemon nothing goes out over the network, the delegated publishers included: {@code --allow-delegated}
     * is refused rather than quietly taken as {@code --allow-offline}.
     */
    static void noDaemonDelegated(boolean allowOffline, boolean allowDelegated) {
        if (allowOffline && allowDelegated) {
            throw new IllegalArgumentException("cannot use both --allow-offline and --allow-delegated flags");
        }
        if (allowDelegated) {
            throw new IllegalArgumentException("--allow-delegated needs the daemon (ferry daemon), which puts the "
                    + "record to Ipns.DelegatedPublishers; without it use --allow-offline to keep the record in this "
                    + "repo");
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = "Print the path an IPNS name points to (default: this node's own name).")
    static final class Resolve implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        private final OutputEncoding encoding;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME") String name;
        @Option(names = {"-r", "--recursive"}, arity = "0..1", fallbackValue = "true", defaultValue = "true",
                description = "Follow names that point to names until an /ipfs/ path (default ${DEFAULT-VALUE}).")
        boolean recursive;
        @Option(names = {"-n", "--nocache"}, description = "Do not use records found earlier.") boolean nocache;

        Resolve(FerryCli.CliEnv env, OutputEncoding encoding) {
            this.env = env;
            this.encoding = encoding;
        }

        @Override
        public Integer call() throws IOException, NameException {
            var daemon = DaemonClient.find(repo.resolve(env), env);
            String path;
            if (daemon.isPresent()) {
                Map<String, String> opts = new LinkedHashMap<>();
                opts.put("recursive", Boolean.toString(recursive));
                opts.put("nocache", Boolean.toString(nocache));
                path = daemon.get().json("name/resolve", name == null ? List.of() : List.of(name), opts)
                        .path("Path").asText();
            } else {
                try (Repo r = Repo.open(repo.resolve(env)); NameSystem names = NameSystem.offline(r)) {
                    path = names.resolve(name == null ? "/ipns/" + new IpnsName(r.identity().peerId()) : name,
                            recursive, !nocache);
                }
            }
            if (encoding.json()) {
                OutputEncoding.println(env, Map.of("Path", path));
                return 0;
            }
            env.out().println(path);
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Write the best valid record of NAME (k51... or /ipns/k51...) to stdout: the signed IPNS "
                    + "record as raw protobuf bytes, for 'name inspect' or 'name put'.")
    static final class Get implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "NAME") String name;

        Get(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            IpnsName parsed = IpnsName.parse(name);
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                try (var in = daemon.get().stream("name/get", List.of(name), Map.of())) {
                    in.transferTo(env.out());
                }
            } else {
                try (Repo r = Repo.open(repo.resolve(env)); NameSystem names = NameSystem.offline(r)) {
                    env.out().write(names.record(parsed, true).orElseThrow(() -> new IOException(
                            "routing: not found: no valid record of " + parsed + " in this repo")).bytes());
                }
            }
            env.out().flush();
            return 0;
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Store a record signed elsewhere (FILE, or stdin) for NAME and put it on the routing "
                    + "system: it must be a valid record of NAME, and newer than the one known unless --force.")
    static final class Put implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", arity = "0..1", paramLabel = "FILE") java.nio.file.Path file;
        @Option(names = {"-f", "--force"},
                description = "Skip the sequence check (the record must still be a valid record of NAME).")
        boolean force;
        @Option(names = "--allow-offline", description = "Store it in this repo even with no DHT peer to take it.")
        boolean allowOffline;
        @Option(names = "--allow-delegated", description = "Put it even without DHT peers, through the HTTP "
                + "delegated publishers of Ipns.DelegatedPublishers (needs the daemon).")
        boolean allowDelegated;
        @Option(names = {"-q", "--quiet"}, description = "Write no output.") boolean quiet;

        Put(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException, NameException {
            IpnsName parsed = IpnsName.parse(name);
            if (allowOffline && allowDelegated) {
                throw new IllegalArgumentException("cannot use both --allow-offline and --allow-delegated flags");
            }
            byte[] bytes;
            // one byte past the limit is enough to tell an oversize record
            try (java.io.InputStream in = file == null ? env.in() : java.nio.file.Files.newInputStream(file)) {
                bytes = in.readNBytes(dev.ferry.routing.ipns.IpnsRecord.MAX_SIZE + 1);
            }
            String stored;
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                Map<String, String> opts = new LinkedHashMap<>();
                opts.put("force", Boolean.toString(force));
                opts.put("allow-offline", Boolean.toString(allowOffline));
                opts.put("allow-delegated", Boolean.toString(allowDelegated));
                try (var in = daemon.get().upload("name/put", List.of(name), opts,
                        new MultipartBody().file("", () -> new java.io.ByteArrayInputStream(bytes)))) {
                    stored = dev.ferry.node.repo.JsonTree.read(in).path("Name").asText();
                }
            } else {
                noDaemonDelegated(allowOffline, allowDelegated);
                try (Repo r = Repo.open(repo.resolve(env)); NameSystem names = NameSystem.offline(r)) {
                    names.putRecord(parsed, bytes, force, allowOffline);
                    stored = parsed.toString();
                }
            }
            if (!quiet) {
                env.out().println(stored);
            }
            return 0;
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Print the fields of a serialized IPNS record (FILE, or stdin), and with --verify NAME "
                    + "whether it is a valid record of NAME now.")
    static final class Inspect implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE") java.nio.file.Path file;
        @Option(names = "--verify", paramLabel = "NAME", description = "Check the record against this name.")
        String verify;

        Inspect(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            byte[] bytes = file == null ? env.in().readNBytes(dev.ferry.routing.ipns.IpnsRecord.MAX_SIZE + 1)
                    : java.nio.file.Files.readAllBytes(file);
            dev.ferry.routing.ipns.wire.IpnsEntry e;
            try {
                e = dev.ferry.routing.ipns.wire.IpnsEntryCodec.decode(bytes);
            } catch (dev.ferry.routing.ipns.wire.IpnsWireException ex) {
                throw new IllegalArgumentException(ex.getMessage());
            }
            java.util.function.Function<byte[], String> hex = b -> b == null ? ""
                    : java.util.HexFormat.of().formatHex(b);
            String data;
            try {
                data = e.data() == null ? "" : dev.ferry.dag.cbor.DagCbor.decode(e.data()).toString();
            } catch (RuntimeException ex) {
                data = "(not dag-cbor: " + ex.getMessage() + ")";
            }
            java.io.PrintStream out = env.out();
            out.println("Value:         " + (e.value() == null ? "" : new String(e.value(),
                    java.nio.charset.StandardCharsets.UTF_8)));
            out.println("Validity Type: " + (e.validityType() == null ? "" : e.validityType() == 0 ? "EOL"
                    : Long.toUnsignedString(e.validityType())));
            out.println("Validity:      " + (e.validity() == null ? "" : new String(e.validity(),
                    java.nio.charset.StandardCharsets.US_ASCII)));
            out.println("Sequence:      " + (e.sequence() == null ? "" : Long.toUnsignedString(e.sequence())));
            out.println("TTL:           " + (e.ttl() == null ? "" : java.time.Duration.ofNanos(e.ttl())));
            out.println("PublicKey:     " + hex.apply(e.pubKey()));
            out.println("Signature V1:  " + hex.apply(e.signatureV1()));
            out.println("Signature V2:  " + hex.apply(e.signatureV2()));
            out.println("Data:          " + data);
            if (verify != null) {
                IpnsName name = IpnsName.parse(verify);
                out.println();
                out.println("Validation results:");
                try {
                    dev.ferry.routing.ipns.IpnsRecord r = dev.ferry.routing.ipns.IpnsRecord.verify(name, bytes,
                            java.time.Instant.now());
                    out.println("\tValid:     true");
                    out.println("\tPath:      " + r.path());
                } catch (dev.ferry.routing.ipns.InvalidIpnsRecordException ex) {
                    out.println("\tValid:     false");
                    out.println("\tReason:    " + ex.getMessage());
                }
                out.println("\tName:      " + name);
            }
            return 0;
        }
    }

    @Command(name = "pubsub", mixinStandardHelpOptions = true,
            description = "IPNS over pubsub in the running daemon: state, the names followed, cancel one.",
            subcommands = {Pubsub.State.class, Pubsub.Subs.class, Pubsub.Cancel.class})
    static final class Pubsub {
        @Command(name = "state", mixinStandardHelpOptions = true, description = "Print enabled or disabled.")
        static final class State implements Callable<Integer> {
            private final FerryCli.CliEnv env;
            @Mixin RepoOptions repo;

            State(FerryCli.CliEnv env) {
                this.env = env;
            }

            @Override
            public Integer call() throws IOException {
                boolean on = SwarmCommand.daemon(env, repo).json("name/pubsub/state", List.of(), Map.of())
                        .path("Enabled").asBoolean();
                env.out().println(on ? "enabled" : "disabled");
                return 0;
            }
        }

        @Command(name = "subs", mixinStandardHelpOptions = true,
                description = "Print the names whose pubsub topics the daemon is in, one per line.")
        static final class Subs implements Callable<Integer> {
            private final FerryCli.CliEnv env;
            @Mixin RepoOptions repo;

            Subs(FerryCli.CliEnv env) {
                this.env = env;
            }

            @Override
            public Integer call() throws IOException {
                SwarmCommand.daemon(env, repo).json("name/pubsub/subs", List.of(), Map.of()).path("Strings")
                        .forEach(n -> env.out().println(n.asText()));
                return 0;
            }
        }

        @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Leave the pubsub topic of NAME.")
        static final class Cancel implements Callable<Integer> {
            private final FerryCli.CliEnv env;
            @Mixin RepoOptions repo;
            @Parameters(index = "0", paramLabel = "NAME") String name;

            Cancel(FerryCli.CliEnv env) {
                this.env = env;
            }

            @Override
            public Integer call() throws IOException {
                boolean done = SwarmCommand.daemon(env, repo).json("name/pubsub/cancel", List.of(name), Map.of())
                        .path("Canceled").asBoolean();
                env.out().println(done ? "canceled" : "no subscription");
                return 0;
            }
        }
    }
}
