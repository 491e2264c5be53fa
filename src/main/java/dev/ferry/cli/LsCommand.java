package dev.ferry.cli;

import dev.ferry.dag.unixfs.UnixfsEntry;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidEncoder;
import dev.ferry.node.repo.Repo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry ls}: the entries of a UnixFS directory, '<cid> <size> <name>' as Kubo prints them. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List the entries of a directory.")
final class LsCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;
    private final OutputEncoding encoding;

    @Mixin
    RepoOptions repo;

    @Mixin
    CidBaseOptions cids;

    @Parameters(paramLabel = "CID[/PATH]", arity = "1..*")
    List<String> targets;

    @Option(names = {"-v", "--headers"}, description = "Print a header line.")
    boolean headers;

    LsCommand(FerryCli.CliEnv env, OutputEncoding encoding) {
        this.env = env;
        this.encoding = encoding;
    }

    @Override
    public Integer call() throws java.io.IOException {
        targets.forEach(Args::checkTarget);
        CidEncoder enc = cids.encoder();
        var daemon = DaemonClient.find(repo.resolve(env), env);
        if (encoding.json()) {
            if (daemon.isPresent()) {
                OutputEncoding.println(env, daemon.get().json("ls", targets, cids.rpc()));
            } else {
                try (Repo r = Repo.open(repo.resolve(env))) {
                    OutputEncoding.println(env, Map.of("Objects", objects(r, enc)));
                }
            }
            return 0;
        }
        if (daemon.isPresent()) {
            for (String t : targets) {
                var objects = daemon.get().json("ls", List.of(t), cids.rpc()).path("Objects");
                for (var o : objects) {
                    if (targets.size() > 1) {
                        env.out().println(o.path("Hash").asText() + ":");
                    }
                    if (headers) {
                        env.out().println("Hash Size Name");
                    }
                    for (var l : o.path("Links")) {
                        boolean dir = l.path("Type").asInt() == 1;
                        env.out().println(l.path("Hash").asText() + " " + (dir ? "-" : l.path("Size").asText()) + " "
                                + l.path("Name").asText() + (dir ? "/" : ""));
                    }
                    if (targets.size() > 1) {
                        env.out().println();
                    }
                }
            }
            return 0;
        }
        try (Repo r = Repo.open(repo.resolve(env))) {
            UnixfsExporter exporter = new UnixfsExporter(r.blocks());
            for (String text : targets) {
                Args.CidPath t = Args.local(text, r);
                Cid cid = t.path().isEmpty() ? t.cid() : exporter.resolve(t.cid(), t.path());
                if (targets.size() > 1) {
                    env.out().println(cid + ":");
                }
                if (headers) {
                    env.out().println("Hash Size Name");
                }
                for (dev.ferry.dag.unixfs.UnixfsEntry e : exporter.ls(cid)) {
                    boolean dir = e.type().isDirectory();
                    env.out().println(enc.encode(e.cid()) + " " + (dir ? "-" : Long.toString(e.size())) + " " + e.name() + (dir ? "/" : ""));
                }
                if (targets.size() > 1) {
                    env.out().println();
                }
            }
        }
        return 0;
    }

    /**
     * The RPC's {@code ls} objects, {@code {"Hash": <argument>, "Links": [{"Name","Hash","Size","Type","Target"}]}}
     * per target: Type the UnixFS code (1 directory, 2 file, 4 symlink), Size a file's size (0 for a directory), a
     * file no links.
     */
    private List<Map<String, Object>> objects(Repo r, CidEncoder enc) throws java.io.IOException {
        UnixfsExporter exporter = new UnixfsExporter(r.blocks());
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String text : targets) {
            Args.CidPath t = Args.local(text, r);
            Cid cid = t.path().isEmpty() ? t.cid() : exporter.resolve(t.cid(), t.path());
            objects.add(dev.ferry.api.rpc.LsJson.object(exporter, cid, text, enc, true, true));
        }
        return objects;
    }

}
