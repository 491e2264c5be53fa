package dev.ferry.cli;

import dev.ferry.dag.unixfs.DagPbLinkEditor;
import dev.ferry.dag.walk.PathResolver;
import dev.ferry.dag.walk.ResolvedPath;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.repo.Repo;
import dev.ferry.store.Block;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry object patch add-link|rm-link}: Kubo's deprecated dag-pb link editing, which Kubo still has; prints the
 * new root's CID. Through the daemon when one runs, else on the repository (what is not there is not fetched). The
 * new root is not pinned. ROOT comes after the action ({@code patch add-link ROOT NAME REF}) or, in the older order
 * scripts still use, before it ({@code patch ROOT add-link NAME REF}): {@code patch} takes an optional ROOT of its
 * own, which picocli reads only when the word is not an action's name, and each action takes ROOT from there or from
 * its own first word, never both.
 */
@Command(name = "object", mixinStandardHelpOptions = true,
        description = "Edit dag-pb nodes (deprecated in Kubo: prefer 'ferry files').",
        subcommands = {ObjectCommand.Patch.class})
final class ObjectCommand {
    @Command(name = "patch", mixinStandardHelpOptions = true,
            description = "Make a new dag-pb node from an existing one by adding or removing a link.",
            subcommands = {AddLink.class, RmLink.class})
    static final class Patch implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", arity = "0..1", paramLabel = "ROOT",
                description = "The directory, when given before the action: 'patch ROOT add-link NAME REF'.")
        String root;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "Missing required subcommand: add-link or rm-link");
        }

        /**
         * The action's arguments with ROOT first, wherever it was given: {@code words} are the action's own, and
         * {@code rest} names those that follow ROOT.
         */
        List<String> rootFirst(CommandSpec action, List<String> words, String... rest) {
            boolean before = root != null;
            List<String> given = words == null ? List.of() : words; // picocli leaves a list it had nothing for unset
            if (given.size() != rest.length + (before ? 0 : 1)) {
                String after = String.join(" ", rest);
                throw new ParameterException(action.commandLine(), action.name() + " takes ROOT " + after + ", or "
                        + after + " when ROOT comes before it ('object patch ROOT " + action.name() + " " + after
                        + "')");
            }
            List<String> out = new ArrayList<>();
            if (before) {
                out.add(root);
            }
            out.addAll(given);
            return out;
        }
    }

    @Command(name = "add-link", mixinStandardHelpOptions = true,
            customSynopsis = {"ferry object patch add-link [OPTIONS] ROOT NAME REF",
                    "   or: ferry object patch ROOT add-link [OPTIONS] NAME REF"},
            description = "Link REF as NAME (a path a/b/c below ROOT) in a UnixFS directory; prints the new root.")
    static final class AddLink implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @ParentCommand Patch patch;
        @Spec CommandSpec spec;
        @Mixin RepoOptions repo;
        /** Taken, as Kubo takes them on every command, and not applied: Kubo prints the new root as it is. */
        @Mixin CidBaseOptions cidBase;
        @Parameters(index = "0..*", paramLabel = "ROOT NAME REF", hideParamSyntax = true, description = {
                "ROOT: the directory, CID[/path] or /ipfs/CID[/path] (here, or before add-link).",
                "NAME: name of the link; a/b/c links below a/b.",
                "REF: what to link, CID[/path] or /ipfs/CID[/path]."})
        List<String> words;
        @Option(names = {"-p", "--create"}, description = "Make the missing directories on NAME's path.")
        boolean create;
        @Option(names = "--allow-non-unixfs", description = "Edit any dag-pb node, not only UnixFS directories.")
        boolean anyNode;

        AddLink(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            List<String> args = patch.rootFirst(spec, words, "NAME", "REF");
            String root = args.get(0);
            String name = args.get(1);
            String ref = args.get(2);
            Map<String, String> opts = new LinkedHashMap<>();
            opts.put("create", Boolean.toString(create));
            opts.put("allow-non-unixfs", Boolean.toString(anyNode));
            return patch(env, repo, "object/patch/add-link", args, opts,
                    (editor, r) -> editor.addLink(local(root, r), name, local(ref, r), create, anyNode));
        }
    }

    @Command(name = "rm-link", mixinStandardHelpOptions = true,
            customSynopsis = {"ferry object patch rm-link [OPTIONS] ROOT NAME",
                    "   or: ferry object patch ROOT rm-link [OPTIONS] NAME"},
            description = "Remove the link NAME (a path a/b/c below ROOT) from a UnixFS directory; prints the new root.")
    static final class RmLink implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @ParentCommand Patch patch;
        @Spec CommandSpec spec;
        @Mixin RepoOptions repo;
        /** Taken, as Kubo takes them on every command, and not applied: Kubo prints the new root as it is. */
        @Mixin CidBaseOptions cidBase;
        @Parameters(index = "0..*", paramLabel = "ROOT NAME", hideParamSyntax = true, description = {
                "ROOT: the directory, CID[/path] or /ipfs/CID[/path] (here, or before rm-link).",
                "NAME: name of the link to remove; a/b/c below a/b."})
        List<String> words;
        @Option(names = "--allow-non-unixfs", description = "Edit any dag-pb node, not only UnixFS directories.")
        boolean anyNode;

        RmLink(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            List<String> args = patch.rootFirst(spec, words, "NAME");
            String root = args.get(0);
            String name = args.get(1);
            return patch(env, repo, "object/patch/rm-link", args,
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
