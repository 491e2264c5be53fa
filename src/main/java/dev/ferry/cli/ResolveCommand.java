package dev.ferry.cli;

import dev.ferry.dag.walk.PathResolver;
import dev.ferry.dag.walk.ResolvedPath;
import dev.ferry.node.NameException;
import dev.ferry.node.NameSystem;
import dev.ferry.node.repo.Repo;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry resolve PATH}, as Kubo's {@code ipfs resolve}: names are followed to the content they point to, and a
 * path to the block it ends in ({@code /ipfs/CID[/rest inside a dag-cbor or dag-json block]}).
 */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = "Resolve /ipns/ names and paths to the /ipfs/ path of the block they end in.")
final class ResolveCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;
    @Mixin RepoOptions repo;
    @Mixin CidBaseOptions cidBase;
    @Parameters(paramLabel = "PATH", description = "/ipns/NAME[/path], /ipfs/CID[/path] or CID[/path].")
    String path;
    @Option(names = {"-r", "--recursive"}, arity = "0..1", fallbackValue = "true", defaultValue = "true",
            paramLabel = "BOOL", description = "Follow names until an /ipfs/ path (default ${DEFAULT-VALUE}); "
                    + "false resolves a name one step.")
    boolean recursive;
    @Option(names = "--timeout", defaultValue = "60s", paramLabel = "DURATION",
            description = "With a daemon: how long to wait for a block from the network (default ${DEFAULT-VALUE}).")
    String timeout;

    ResolveCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        String name = path.strip();
        Args.checkTarget(name);
        // as Kubo: without --cid-base the CID printed follows the one in the path (a name's target: the default)
        var enc = name.startsWith("/ipns/") ? cidBase.encoder() : cidBase.forPath(name);
        var daemon = DaemonClient.find(repo.resolve(env), env);
        if (daemon.isPresent()) {
            env.out().println(daemon.get().json("resolve", List.of(name), cidBase.rpc(
                    Map.of("recursive", Boolean.toString(recursive), "timeout", timeout))).path("Path").asText());
            return 0;
        }
        try (Repo r = Repo.open(repo.resolve(env))) {
            if (name.startsWith("/ipns/") && !recursive) {
                try (NameSystem names = NameSystem.offline(r)) {
                    env.out().println(names.resolve(name, false, true));
                } catch (NameException e) {
                    throw new IllegalArgumentException(e.getMessage() + (e.notFound()
                            ? " (without a daemon only this node's own names resolve)" : ""));
                }
                return 0;
            }
            Args.CidPath t = Args.local(name, r);
            ResolvedPath p = new PathResolver(r.blocks()).resolve(t.cid(), ResolvedPath.segments(t.path()));
            env.out().println(p.ipfsPath(enc));
        }
        return 0;
    }
}
