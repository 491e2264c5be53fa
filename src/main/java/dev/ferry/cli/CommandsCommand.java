package dev.ferry.cli;

import dev.ferry.api.rpc.CommandInfo;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code ferry commands [--flags]}: every command path, one a line, sorted, as Kubo's {@code ipfs commands}; with
 * {@code --flags} each command's options too. Built from the command tree itself, so it never falls behind it.
 */
@Command(name = "commands", mixinStandardHelpOptions = true, description = "List all available commands.",
        subcommands = CompletionCommand.class)
final class CommandsCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;
    @Option(names = {"-f", "--flags"}, description = "Show command flags.") boolean flags;

    CommandsCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        for (String line : tree(env).lines(flags)) {
            env.out().println(line);
        }
        return 0;
    }

    /** The whole command tree (every command is built, whatever this run was asked for). */
    static CommandInfo tree(FerryCli.CliEnv env) {
        return info(FerryCli.commandLine(env, new String[0]).getCommandSpec());
    }

    private static CommandInfo info(CommandSpec spec) {
        List<List<String>> options = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            // the global --enc is listed once, on the root, as Kubo lists its global options
            if (o.usageHelp() || o.versionHelp() || o.hidden() || o.inherited()) {
                continue;
            }
            List<String> longNames = new ArrayList<>();
            List<String> shortNames = new ArrayList<>();
            for (String n : o.names()) {
                String bare = n.replaceFirst("^-+", "");
                (n.startsWith("--") ? longNames : shortNames).add(bare);
            }
            longNames.addAll(shortNames);
            options.add(longNames);
        }
        // aliases appear as keys of their own: one entry per command
        Map<CommandLine, Boolean> seen = new IdentityHashMap<>();
        List<CommandInfo> subs = new ArrayList<>();
        for (CommandLine sub : spec.subcommands().values()) {
            if (seen.put(sub, true) == null && !sub.getCommandSpec().usageMessage().hidden()) {
                subs.add(info(sub.getCommandSpec()));
            }
        }
        return new CommandInfo(spec.name(), subs, options);
    }
}
