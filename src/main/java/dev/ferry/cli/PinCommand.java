package dev.ferry.cli;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidEncoder;
import dev.ferry.node.content.Pinner;
import dev.ferry.node.Node;
import dev.ferry.node.NodePinning;
import dev.ferry.node.PinningSettings;
import dev.ferry.node.repo.Repo;
import dev.ferry.policy.pinning.HeldReplica;
import dev.ferry.policy.pinning.PolicyPin;
import dev.ferry.policy.pinning.ReplicaHolder;
import dev.ferry.policy.privacy.PrivateContent;
import dev.ferry.store.PinEntry;
import dev.ferry.store.PinType;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry pin add|rm|ls|verify|update}, as Kubo's {@code ipfs pin}. */
@Command(name = "pin", mixinStandardHelpOptions = true, description = "Keep content from garbage collection.",
        subcommands = {PinCommand.Add.class, PinCommand.Rm.class, PinCommand.Ls.class, PinCommand.Verify.class,
                PinCommand.Update.class, PinCommand.Replicas.class, PinCommand.Prove.class, PinCommand.Kept.class,
                PinCommand.Ledger.class,
                PinRemoteCommand.class})
final class PinCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Pin content that is in the local store.")
    static final class Add implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin CidBaseOptions cidBase;
        @Parameters(paramLabel = "CID", arity = "1..*") List<String> cids;
        @Option(names = {"-r", "--recursive"}, arity = "0..1", fallbackValue = "true", defaultValue = "true",
                description = "Pin the whole DAG (default ${DEFAULT-VALUE}); false pins one block directly.")
        boolean recursive;
        @Option(names = "--policy", paramLabel = "NAME",
                description = "Also keep it on other peers, as the pinning policy NAME of the config says.")
        String policy;
        @Option(names = {"-n", "--name"}, paramLabel = "NAME",
                description = "A name for the pin(s), shown by 'pin ls --names' and, with --policy, 'pin replicas' "
                        + "(at most 255 bytes). Pinning again with another name, or none, renames the pin.")
        String name = "";

        Add(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            List<Cid> parsed = cids.stream().map(Args::cid).toList();
            CidEncoder enc = cidBase.encoder();
            PinEntry.checkName(name);
            if (policy != null && !recursive) {
                throw new IllegalArgumentException("a pinning policy keeps whole DAGs: --policy needs a recursive pin");
            }
            String under = policy == null ? "" : " under policy " + policy;
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                for (Cid c : parsed) {
                    Map<String, String> opts = new java.util.LinkedHashMap<>();
                    opts.put("recursive", Boolean.toString(recursive));
                    if (policy != null) {
                        opts.put("policy", policy);
                    }
                    if (!name.isEmpty()) {
                        opts.put("name", name);
                    }
                    daemon.get().json("pin/add", List.of(c.toString()), cidBase.rpc(opts));
                    env.out().println("pinned " + enc.encode(c) + (recursive ? " recursively" : " directly") + under);
                }
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                Pinner pinner = new Pinner(r.blocks(), r.pins());
                if (policy != null) {
                    for (Cid c : parsed) {
                        if (PrivateContent.open(r.path().resolve(Node.PRIVATE_CONTENT_FILE)).isPrivate(c)) {
                            throw new IllegalArgumentException(c + " is private: private content is not replicated "
                                    + "to peers");
                        }
                    }
                }
                for (Cid c : parsed) {
                    if (recursive) {
                        pinner.pinRecursive(c, name);
                        // a policy pin carries the local pin's name: --policy sets it, a plain re-pin renames it
                        if (policy != null) {
                            NodePinning.register(r, c, policy, name);
                        } else {
                            NodePinning.rename(r, c, name);
                        }
                        env.out().println("pinned " + enc.encode(c) + " recursively" + under);
                    } else {
                        pinner.pinDirect(c, name);
                        env.out().println("pinned " + enc.encode(c) + " directly");
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove pins.")
    static final class Rm implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin CidBaseOptions cidBase;
        @Parameters(paramLabel = "CID", arity = "1..*") List<String> cids;
        @Option(names = {"-r", "--recursive"}, arity = "0..1", fallbackValue = "true", defaultValue = "true",
                description = "Also remove recursive pins (default ${DEFAULT-VALUE}).")
        boolean recursive;

        Rm(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            List<Cid> parsed = cids.stream().map(Args::cid).toList();
            CidEncoder enc = cidBase.encoder();
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                for (Cid c : parsed) {
                    daemon.get().json("pin/rm", List.of(c.toString()),
                            cidBase.rpc(Map.of("recursive", Boolean.toString(recursive))));
                    env.out().println("unpinned " + enc.encode(c));
                }
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                Pinner pinner = new Pinner(r.blocks(), r.pins());
                for (Cid c : parsed) {
                    pinner.unpin(c, recursive);
                    NodePinning.unregister(r, c);
                    env.out().println("unpinned " + enc.encode(c));
                }
            }
            return 0;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List pins: '<cid> <type>' lines, '<cid> <type> <name>' for a named pin with --names.")
    static final class Ls implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin CidBaseOptions cidBase;
        @Parameters(paramLabel = "CID", arity = "0..*", description = "Only these CIDs.") List<String> cids = List.of();
        @Option(names = {"-t", "--type"}, defaultValue = "all", description = "direct, indirect, recursive or all (default ${DEFAULT-VALUE}).")
        String type;
        @Option(names = {"-q", "--quiet"}, description = "Print only the CIDs.") boolean quiet;
        @Option(names = "--names", description = "Include pin names in the output.") boolean names;
        @Option(names = {"-n", "--name"}, paramLabel = "TEXT", description = "Only pins whose name contains TEXT "
                + "(case-sensitive); implies --names. With CIDs given, it only turns names on, as in Kubo.")
        String name = "";
        @Option(names = {"-s", "--stream"}, description = "With a daemon: print pins as they come (same lines).")
        boolean stream;
        private final OutputEncoding encoding;

        Ls(FerryCli.CliEnv env, OutputEncoding encoding) {
            this.env = env;
            this.encoding = encoding;
        }

        @Override
        public Integer call() throws java.io.IOException {
            Set<PinType> types = switch (type.toLowerCase(Locale.ROOT)) {
                case "all" -> EnumSet.allOf(PinType.class);
                case "direct" -> EnumSet.of(PinType.DIRECT);
                case "indirect" -> EnumSet.of(PinType.INDIRECT);
                case "recursive" -> EnumSet.of(PinType.RECURSIVE);
                default -> throw new IllegalArgumentException("invalid --type '" + type + "' (direct, indirect, recursive, all)");
            };
            PinEntry.checkName(name);
            boolean showNames = names || !name.isEmpty();
            List<Cid> wanted = cids.stream().map(Args::cid).toList();
            CidEncoder enc = cidBase.encoder();
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                Map<String, String> opts = new java.util.LinkedHashMap<>(cidBase.rpc());
                opts.put("type", type.toLowerCase(Locale.ROOT));
                if (showNames) {
                    opts.put("names", "true");
                }
                if (!name.isEmpty()) {
                    opts.put("name", name);
                }
                List<String> args = wanted.stream().map(Cid::toString).toList();
                if (encoding.json()) {
                    // the daemon's answer as it is: one {"Keys"} object, or one {"Cid","Name","Type"} line a pin
                    if (stream) {
                        opts.put("stream", "true");
                        daemon.get().ndjson("pin/ls", args, opts, line -> OutputEncoding.println(env, line));
                    } else {
                        OutputEncoding.println(env, daemon.get().json("pin/ls", args, opts));
                    }
                    return 0;
                }
                if (stream) {
                    opts.put("stream", "true");
                    daemon.get().ndjson("pin/ls", args, opts, line -> print(line.path("Cid").asText(),
                            line.path("Type").asText(), line.path("Name").asText()));
                    return 0;
                }
                var keys = daemon.get().json("pin/ls", args, opts).path("Keys");
                keys.fields().forEachRemaining(e -> print(e.getKey(), e.getValue().path("Type").asText(),
                        e.getValue().path("Name").asText()));
                return 0;
            }
            if (encoding.json()) {
                try (Repo r = Repo.open(repo.resolve(env))) {
                    printJson(new Pinner(r.blocks(), r.pins()), types, wanted, showNames, enc);
                }
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                Pinner pinner = new Pinner(r.blocks(), r.pins());
                Map<Cid, PinType> pins = pinner.list(types);
                if (!wanted.isEmpty()) {
                    int missing = 0;
                    for (Cid c : wanted) {
                        PinType t = pins.get(c);
                        if (t == null) {
                            env.err().println("Error: path '" + c + "' is not pinned");
                            missing++;
                        } else {
                            print(enc.encode(c), lower(t), showNames ? pinner.name(c) : "");
                        }
                    }
                    return missing == 0 ? 0 : 1;
                }
                pins.forEach((c, t) -> {
                    String n = t == PinType.INDIRECT ? "" : pinner.name(c);
                    if (Pinner.nameMatches(n, name)) {
                        print(enc.encode(c), lower(t), showNames ? n : "");
                    }
                });
            }
            return 0;
        }

        private static String lower(PinType t) {
            return t.name().toLowerCase(Locale.ROOT);
        }

        /**
         * The RPC's {@code pin/ls} answer from the repository: {@code {"Keys": {cid: {"Type", "Name"}}}} (Name always
         * there, empty without names), or with {@code --stream} one {@code {"Cid", "Name", "Type"}} line a pin (an empty
         * name left out). Pins asked for by CID carry the pin's reason as Type ({@code indirect through <cid>}), and
         * one that is not pinned fails the whole command, as it fails the RPC call.
         */
        private void printJson(Pinner pinner, Set<PinType> types, List<Cid> wanted, boolean showNames, CidEncoder enc) {
            record Listed(String cid, String type, String name) {
            }
            List<Listed> found = new java.util.ArrayList<>();
            if (wanted.isEmpty()) {
                pinner.list(types).forEach((c, t) -> {
                    String n = t == PinType.INDIRECT ? "" : pinner.name(c);
                    if (Pinner.nameMatches(n, name)) {
                        found.add(new Listed(enc.encode(c), lower(t), showNames ? n : ""));
                    }
                });
            } else {
                for (Cid c : wanted) {
                    java.util.Optional<String> reason = pinner.pinReason(c);
                    String kind = reason.map(s -> s.startsWith("indirect") ? "indirect" : s).orElse(null);
                    if (kind == null || !types.contains(PinType.valueOf(kind.toUpperCase(Locale.ROOT)))) {
                        throw new IllegalArgumentException("path '" + c + "' is not pinned");
                    }
                    found.add(new Listed(enc.encode(c), reason.get(),
                            showNames && !kind.equals("indirect") ? pinner.name(c) : ""));
                }
            }
            if (stream) {
                for (Listed l : found) {
                    Map<String, Object> line = new java.util.LinkedHashMap<>();
                    line.put("Cid", l.cid());
                    if (!l.name().isEmpty()) {
                        line.put("Name", l.name());
                    }
                    line.put("Type", l.type());
                    OutputEncoding.println(env, line);
                }
                return;
            }
            Map<String, Object> keys = new java.util.LinkedHashMap<>();
            for (Listed l : found) {
                Map<String, Object> v = new java.util.LinkedHashMap<>();
                v.put("Type", l.type());
                v.put("Name", l.name());
                keys.put(l.cid(), v);
            }
            OutputEncoding.println(env, Map.of("Keys", keys));
        }

        /** Kubo's text lines: the name only when there is one. */
        private void print(String cid, String type, String pinName) {
            env.out().println(quiet ? cid : cid + " " + type + (pinName.isEmpty() ? "" : " " + pinName));
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check that every pinned DAG is complete and every block in it verifies.")
    static final class Verify implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin CidBaseOptions cidBase;
        @Option(names = "--verbose", description = "Also print the pins that are fine.") boolean verbose;

        Verify(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            int[] bad = {0};
            CidEncoder enc = cidBase.encoder();
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                daemon.get().ndjson("pin/verify", List.of(), cidBase.rpc(Map.of("verbose", "true")), line -> {
                    String cid = line.path("Cid").asText();
                    if (line.path("Ok").asBoolean(false)) {
                        if (verbose) {
                            env.out().println(cid + " ok");
                        }
                    } else {
                        bad[0]++;
                        List<String> why = new java.util.ArrayList<>();
                        line.path("BadNodes").forEach(n -> why.add(n.path("Cid").asText() + ": " + n.path("Err").asText()));
                        env.out().println(cid + " broken: " + String.join("; ", why));
                    }
                });
                return bad[0] == 0 ? 0 : 1;
            }
            int broken = 0;
            try (Repo r = Repo.open(repo.resolve(env))) {
                for (Pinner.PinHealth h : new Pinner(r.blocks(), r.pins()).verify()) {
                    if (!h.ok()) {
                        broken++;
                        env.out().println(enc.encode(h.cid()) + " broken: " + h.problem());
                    } else if (verbose) {
                        env.out().println(enc.encode(h.cid()) + " ok");
                    }
                }
            }
            return broken == 0 ? 0 : 1;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Replace the recursive pin FROM with one on TO (every block of TO present), as Kubo.")
    static final class Update implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin CidBaseOptions cidBase;
        @Parameters(index = "0", paramLabel = "FROM", description = "The pinned path: CID, /ipfs/... or /ipns/...")
        String from;
        @Parameters(index = "1", paramLabel = "TO", description = "The path to pin in its place.") String to;
        @Option(names = "--unpin", arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "BOOL",
                description = "Remove the pin on FROM (default ${DEFAULT-VALUE}).")
        boolean unpin;
        @Option(names = "--timeout", defaultValue = "60s", paramLabel = "DURATION",
                description = "With a daemon: how long to wait for a block from the network (default ${DEFAULT-VALUE}).")
        String timeout;

        Update(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            Args.checkTarget(from);
            Args.checkTarget(to);
            CidEncoder enc = cidBase.encoder();
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                var pins = daemon.get().json("pin/update", List.of(from, to),
                        cidBase.rpc(Map.of("unpin", Boolean.toString(unpin), "timeout", timeout))).path("Pins");
                env.out().println("updated " + pins.path(0).asText() + " to " + pins.path(1).asText());
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                Cid f = block(r, from);
                Cid t = block(r, to);
                if (!r.pins().isPinned(f, PinType.RECURSIVE)) {
                    throw new IllegalArgumentException("'from' cid was not recursively pinned already");
                }
                if (!f.equals(t)) {
                    if (r.pins().isPinned(t, PinType.RECURSIVE)) {
                        throw new IllegalArgumentException("'to' cid was already recursively pinned");
                    }
                    Pinner pinner = new Pinner(r.blocks(), r.pins());
                    pinner.pinRecursive(t, pinner.name(f)); // TO takes FROM's name, as in Kubo
                    if (unpin) {
                        pinner.unpin(f, true);
                        NodePinning.unregister(r, f);
                    }
                }
                env.out().println("updated " + enc.encode(f) + " to " + enc.encode(t));
            }
            return 0;
        }

        /** The block a path ends in, names resolved from the repository's own records. */
        private static Cid block(Repo r, String path) {
            Args.CidPath p = Args.local(path, r);
            return new dev.ferry.dag.walk.PathResolver(r.blocks())
                    .resolve(p.cid(), dev.ferry.dag.walk.ResolvedPath.segments(p.path())).cid();
        }
    }

    @Command(name = "replicas", mixinStandardHelpOptions = true,
            description = "Pins kept under a policy and the peers that keep them: '<cid> <policy> "
                    + "<confirmed>/<replicas>[ <name>]' lines, then one '  <peer> confirmed|asked proven <time>|unproven' line per holder, and "
                    + "'  <peer> dropped: <reason>' for holders dropped after a failed storage proof.")
    static final class Replicas implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "CID", arity = "0..*", description = "Only these CIDs.") List<String> cids = List.of();

        Replicas(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            List<Cid> wanted = cids.stream().map(Args::cid).toList();
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                var pins = daemon.get().json("pin/replicas", wanted.stream().map(Cid::toString).toList(), Map.of())
                        .path("Pins");
                for (var p : pins) {
                    env.out().println(p.path("Cid").asText() + " " + p.path("Policy").asText() + " "
                            + p.path("Confirmed").asLong() + "/" + p.path("Replicas").asInt()
                            + (p.path("Name").asText().isEmpty() ? "" : " " + p.path("Name").asText())
                            + (p.path("Problem").asText().isEmpty() ? "" : " (" + p.path("Problem").asText() + ")"));
                    for (var h : p.path("Holders")) {
                        String proven = h.path("ProvenAt").asText();
                        String note = h.path("ProofNote").asText();
                        env.out().println("  " + h.path("Peer").asText() + " " + h.path("State").asText() + " "
                                + (proven.isEmpty() ? "unproven" : "proven " + proven)
                                + (note.isEmpty() ? "" : " (" + note + ")"));
                    }
                    for (var d : p.path("Dropped")) {
                        env.out().println("  " + d.path("Peer").asText() + " dropped: " + d.path("Reason").asText());
                    }
                    for (var sp : p.path("Services")) {
                        env.out().println("  service " + sp.path("Service").asText() + " " + sp.path("State").asText());
                    }
                }
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                var config = PinningSettings.of(r.config());
                var table = NodePinning.policyPins(r);
                for (Cid c : wanted) {
                    if (table.get(c).isEmpty()) {
                        throw new IllegalArgumentException(c + " is not pinned under a policy");
                    }
                }
                for (PolicyPin p : table.list()) {
                    if (!wanted.isEmpty() && !wanted.contains(p.root())) {
                        continue;
                    }
                    var policy = config.policies().get(p.policy());
                    env.out().println(p.root() + " " + p.policy() + " " + p.confirmed() + "/"
                            + (policy == null ? 0 : policy.replicas()) + (p.name().isEmpty() ? "" : " " + p.name()));
                    for (ReplicaHolder h : p.holders()) {
                        env.out().println("  " + h.peer() + " " + h.state().name().toLowerCase(Locale.ROOT) + " "
                                + (h.proven() ? "proven " + java.time.Instant.ofEpochMilli(h.provenAt()) : "unproven"));
                    }
                    for (var sp : p.services()) {
                        env.out().println("  service " + sp.service() + " " + sp.state().name().toLowerCase(Locale.ROOT));
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "prove", mixinStandardHelpOptions = true,
            description = "Challenge the holders of a policy pin to prove now that they keep it (through the daemon): "
                    + "one '<peer> proven', '<peer> failed <reason>' or '<peer> unproven <why>' line per holder; "
                    + "exit 1 when one failed. A holder that fails is dropped and replaced.")
    static final class Prove implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "CID", description = "A root pinned under a policy.") String cid;
        @Option(names = "--peer", paramLabel = "PEERID", description = "Only this holder.") String peer;

        Prove(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            Cid root = Args.cid(cid);
            if (peer != null) {
                dev.ferry.identity.PeerId.parse(peer); // a typo is told before the daemon is looked for
            }
            var daemon = DaemonClient.find(repo.resolve(env), env).orElseThrow(() -> new IllegalStateException(
                    "'pin prove' needs a running daemon: proofs are asked over the network (start one with "
                            + "'ferry daemon')"));
            var res = daemon.json("pin/prove", List.of(root.toString()),
                    peer == null ? Map.of() : Map.of("peer", peer));
            boolean failed = false;
            for (var p : res.path("Proofs")) {
                String result = p.path("Result").asText();
                String reason = p.path("Reason").asText();
                failed |= result.equals("failed");
                env.out().println(p.path("Peer").asText() + " " + result + (reason.isEmpty() ? "" : " " + reason));
            }
            return failed ? 1 : 0;
        }
    }

    @Command(name = "kept", mixinStandardHelpOptions = true,
            description = "What this node keeps for others: '<cid> <requester> <state> <bytes>' lines (a peer's "
                    + "did:key, or psa:<request id> for the Pinning Service API).")
    static final class Kept implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;

        Kept(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                for (var e : daemon.get().json("pin/kept", List.of(), Map.of()).path("Kept")) {
                    line(e.path("Cid").asText(), e.path("Requester").asText(), e.path("State").asText(),
                            e.path("Bytes").asLong(), e.path("Message").asText());
                }
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env))) {
                for (HeldReplica e : NodePinning.heldReplicas(r).list()) {
                    line(e.root().toString(), e.requester().toString(), e.state().name().toLowerCase(Locale.ROOT),
                            e.bytes(), e.message());
                }
            }
            return 0;
        }

        private void line(String cid, String did, String state, long bytes, String message) {
            env.out().println(cid + " " + did + " " + state + " " + bytes + (message.isEmpty() ? "" : " " + message));
        }
    }

    @Command(name = "ledger", mixinStandardHelpOptions = true,
            description = "Storage reciprocity, per peer: '<did> proven <bytes> (last <time>|never) kept <bytes> left "
                    + "<bytes> weight <1-4> [cap <bytes/s>]': what the peer has proven it keeps for this node (its "
                    + "credit), what this node keeps for it, what it may still have kept here on that credit, the "
                    + "share of this node's server that credit buys, and its own bandwidth cap (Bandwidth.PerPeerLimit "
                    + "times the weight, when one is set).")
    static final class Ledger implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = "--json", description = "Print the RPC's JSON: {\"Reciprocity\": {...}, \"Peers\": [...]}.")
        boolean json;

        Ledger(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            var daemon = DaemonClient.find(repo.resolve(env), env);
            com.fasterxml.jackson.databind.JsonNode report;
            if (daemon.isPresent()) {
                report = daemon.get().json("pin/ledger", List.of(), Map.of());
            } else {
                try (Repo r = Repo.open(repo.resolve(env))) {
                    report = dev.ferry.node.repo.JsonTree.read(Json.compact(dev.ferry.api.rpc.PinLedger.report(
                            NodePinning.storageLedger(r), NodePinning.heldReplicas(r),
                            PinningSettings.reciprocity(r.config()), PinningSettings.serveFirst(r.config()),
                            Node.bandwidthLimits(r.config()).perPeerBytesPerSecond())));
                }
            }
            if (json) {
                env.out().println(Json.pretty(report));
                return 0;
            }
            for (var p : report.path("Peers")) {
                String last = p.path("LastProof").asText();
                env.out().println(p.path("Peer").asText() + " proven " + p.path("Proven").asLong()
                        + (last.isEmpty() ? " (never)" : " (last " + last + ")") + " kept " + p.path("Kept").asLong()
                        + " left " + p.path("AllowanceLeft").asLong() + " weight " + p.path("Weight").asInt()
                        + (p.path("PeerLimit").asLong() > 0 ? " cap " + p.path("PeerLimit").asLong() : ""));
            }
            return 0;
        }
    }
}
