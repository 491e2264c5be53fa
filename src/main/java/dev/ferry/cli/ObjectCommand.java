package dev.ferry.cli;

import dev.ferry.dag.unixfs.DagPbLinkEditor;
import dev.ferry.dag.walk.PathResolver;
import dev.ferry.dag.walk.ResolvedPath;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.repo.Repo;
import dev.ferry.store.Block;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry object patch add-link|rm-link}: Kubo's deprecated dag-pb link editing, which Kubo still has; prints the
 * new root's CID. Through the daemon when one runs, else on the repository (what is not there is not fetched). The
 * new root is not pinned.
 */
@Command(name = "object", mixinStandardHelpOptions = true,
        description = "Edit dag-pb nodes (deprecated in Kubo: prefer 'ferry files').",
        subcommands = {ObjectCommand.Patch.class})
final class ObjectCommand {
    @Command(name = "patch", mixinStandardHelpOptions = true,
            description = "Make a new dag-pb node from an existing one by adding or removing a link.",
            subcommands = {AddLink.class, RmLink.class})
    static final class Patch {
    }

    @Command(name = "add-link", mixinStandardHelpOptions = true,
            description = "Link REF as NAME (a path a/b/c below ROOT) in a UnixFS directory; prints the new root.")
    static final class AddLink implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        /** Taken, as Kubo takes them on every command, and not applied: Kubo prints the new root as it is. */
        @Mixin CidBaseOptions cidBase;
        @Parameters(index = "0", paramLabel = "ROOT", description = "The directory: CID[/path] or /ipfs/CID[/path].")
        String root;
        @Parameters(index = "1", paramLabel = "NAME", description = "Name of the link; a/b/c links below a/b.")
        String name;
        @Parameters(index = "2", paramLabel = "REF", description = "What to link: CID[/path] or /ipfs/CID[/path].")
        String ref;
        @Option(names = {"-p", "--create"}, description = "Make the missing directories on NAME's path.")
        boolean create;
        @Option(names = "--allow-non-unixfs", description = "Edit any dag-pb node, not only UnixFS directories.")
        boolean anyNode;

        AddLink(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Map<String, String> opts = new LinkedHashMap<>();
            opts.put("create", Boolean.toString(create));
            opts.put("allow-non-unixfs", Boolean.toString(anyNode));
            return patch(env, repo, "object/patch/add-link", List.of(root, name, ref), opts,
                    (editor, r) -> editor.addLink(local(root, r), name, local(ref, r), create, anyNode));
        }
    }

    @Command(name = "rm-link", mixinStandardHelpOptions = true,
            description = "Remove the link NAME (a path a/b/c below ROOT) from a UnixFS directory; prints the new root.")
    static final class RmLink implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        /** Taken, as Kubo takes them on every command, and not applied: Kubo prints the new root as it is. */
        @Mixin CidBaseOptions cidBase;
        @Parameters(index = "0", paramLabel = "ROOT", description = "The directory: CID[/path] or /ipfs/CID[/path].")
        String root;
        @Parameters(index = "1", paramLabel = "NAME", description = "Name of the link to remove.")
        String name;
        @Option(names = "--allow-non-unixfs", description = "Edit any dag-pb node, not only UnixFS directories.")
        boolean anyNode;

        RmLink(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            return patch(env, repo, "object/patch/rm-link", List.of(root, name),
                    Map.of("allow-non-unixfs", Boolean.toString(anyNode)),
                    (editor, r) -> editor.removeLink(local(root, r), name, anyNode));
        }
    }

    private static Cid local(String path, Repo r) {
        Args.checkTarget(path);
        Args.CidPath t = Args.local(path, r);
        return new PathResolver(r.blocks()).resolve(t.cid(), ResolvedPath.segments(t.path())).cid();
    }

    private static int patch(FerryCli.CliEnv env, RepoOptions repo, String command, List<String> args,
                             Map<String, String> opts, BiFunction<DagPbLinkEditor, Repo, DagPbLinkEditor.Edited> edit)
            throws IOException {
        var daemon = DaemonClient.find(repo.resolve(env), env);
        if (daemon.isPresent()) {
            env.out().println(daemon.get().json(command, args, opts).path("Hash").asText());
            return 0;
        }
        try (Repo r = Repo.open(repo.resolve(env))) {
            DagPbLinkEditor.Edited edited = edit.apply(new DagPbLinkEditor(r.blocks()), r);
            for (Block b : edited.blocks()) {
                r.blocks().put(b);
            }
            r.blocks().sync();
            env.out().println(edited.root());
        }
        return 0;
    }
}
