package dev.ferry.cli;

import dev.ferry.dag.walk.PathResolver;
import dev.ferry.dag.walk.RefsWalker;
import dev.ferry.dag.walk.ResolvedPath;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidEncoder;
import dev.ferry.node.repo.Repo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry refs PATH...} and {@code ferry refs local}, as Kubo's {@code ipfs refs}: the links of DAGs, one line
 * each, and every block in the repository. A walk that fails prints what it wrote so far, then the error.
 */
@Command(name = "refs", mixinStandardHelpOptions = true,
        description = "List the links (references) of DAGs: one line per link, the target CID by default.",
        subcommands = {RefsCommand.Local.class})
final class RefsCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;
    private final OutputEncoding encoding;
    @Mixin RepoOptions repo;
    @Mixin CidBaseOptions cidBase;
    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "CID[/path], /ipfs/CID[/path] or /ipns/NAME[/path].") List<String> paths = List.of();
    @Option(names = {"-r", "--recursive"}, description = "Also list the links of the linked blocks, all the way down.")
    boolean recursive;
    @Option(names = {"-u", "--unique"}, description = "Write each CID once.") boolean unique;
    @Option(names = {"-e", "--edges"}, description = "Write edges: '<src> -> <dst>'.") boolean edges;
    @Option(names = "--format", defaultValue = RefsWalker.DEFAULT_FORMAT, paramLabel = "FORMAT",
            description = "Each line, from the tokens <src>, <dst> and <linkname> (default ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--max-depth", defaultValue = "-1", paramLabel = "N",
            description = "With -r, how deep to go: 1 is the root's own links; -1 (default) has no limit.")
    int maxDepth;
    @Option(names = "--timeout", defaultValue = "60s", paramLabel = "DURATION",
            description = "With a daemon: how long to wait for a block from the network (default ${DEFAULT-VALUE}).")
    String timeout;

    RefsCommand(FerryCli.CliEnv env, OutputEncoding encoding) {
        this.env = env;
        this.encoding = encoding;
    }

    @Override
    public Integer call() throws IOException {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("argument \"ipfs-path\" is required");
        }
        paths.forEach(Args::checkTarget);
        CidEncoder enc = cidBase.encoder();
        var daemon = DaemonClient.find(repo.resolve(env), env);
        if (daemon.isPresent()) {
            Map<String, String> opts = new LinkedHashMap<>(cidBase.rpc());
            opts.put("recursive", Boolean.toString(recursive));
            opts.put("unique", Boolean.toString(unique));
            opts.put("edges", Boolean.toString(edges));
            opts.put("format", format);
            opts.put("max-depth", Integer.toString(maxDepth));
            opts.put("timeout", timeout);
            if (encoding.json()) {
                // the daemon's lines as they come; an error line is one of them, and the exit status says it
                boolean[] failed = {false};
                daemon.get().ndjson("refs", paths, opts, line -> {
                    OutputEncoding.println(env, line);
                    failed[0] |= !line.path("Err").asText("").isEmpty();
                });
                return failed[0] ? 1 : 0;
            }
            daemon.get().ndjson("refs", paths, opts, line -> {
                String err = line.path("Err").asText("");
                if (!err.isEmpty()) {
                    env.out().flush();
                    throw new IllegalStateException(err);
                }
                env.out().println(line.path("Ref").asText());
            });
            return 0;
        }
        try (Repo r = Repo.open(repo.resolve(env))) {
            RefsWalker walker = RefsWalker.of(r.blocks(), recursive, unique, edges, format, maxDepth, enc);
            List<Cid> roots = new ArrayList<>();
            for (String p : paths) {
                Args.CidPath t = Args.local(p, r);
                roots.add(new PathResolver(r.blocks()).resolve(t.cid(), ResolvedPath.segments(t.path())).cid());
            }
            if (encoding.json()) {
                return jsonLines(walker, roots);
            }
            for (Cid root : roots) {
                try {
                    walker.write(root, env.out()::println);
                } finally {
                    env.out().flush();
                }
            }
        }
        return 0;
    }

    /** The RPC's {@code {"Ref","Err"}} lines: a walk that fails ends its root with an error line, the next goes on. */
    private int jsonLines(RefsWalker walker, List<Cid> roots) throws IOException {
        boolean failed = false;
        for (Cid root : roots) {
            try {
                walker.write(root, ref -> OutputEncoding.println(env, refLine(ref, "")));
            } catch (RuntimeException e) {
                OutputEncoding.println(env, refLine("", e.getMessage() == null ? e.toString() : e.getMessage()));
                failed = true;
            }
            env.out().flush();
        }
        return failed ? 1 : 0;
    }

    static Map<String, Object> refLine(String ref, String err) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("Ref", ref);
        line.put("Err", err);
        return line;
    }

    @Command(name = "local", mixinStandardHelpOptions = true,
            description = "List every block in the repository, each as a CIDv1 with the raw codec (as Kubo).")
    static final class Local implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        private final OutputEncoding encoding;
        @Mixin RepoOptions repo;
        /** Taken, as Kubo takes them on every command, and not applied: Kubo prints each key as it is. */
        @Mixin CidBaseOptions cidBase;

        Local(FerryCli.CliEnv env, OutputEncoding encoding) {
            this.env = env;
            this.encoding = encoding;
        }

        @Override
        public Integer call() throws IOException {
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                daemon.get().ndjson("refs/local", List.of(), Map.of(), line -> {
                    if (encoding.json()) {
                        OutputEncoding.println(env, line);
                    } else {
                        env.out().println(line.path("Ref").asText());
                    }
                });
                return 0;
            }
            try (Repo r = Repo.open(repo.resolve(env)); Stream<Cid> cids = r.blocks().cids()) {
                cids.forEach(c -> env.out().println(encoding.json() ? Json.compact(refLine(c.toString(), "")) : c));
            }
            return 0;
        }
    }
}
