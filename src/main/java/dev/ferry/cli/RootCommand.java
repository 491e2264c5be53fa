package dev.ferry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferry}: the root of the command tree. */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "A peer-to-peer content exchange node, compatible with IPFS.",
        subcommands = {
            InitCommand.class, AddCommand.class, CatCommand.class, GetCommand.class, LsCommand.class,
            BlockCommand.class, PinCommand.class, DagCommand.class, RepoCommands.class, ConfigCommand.class,
            IdCommand.class, PingCommand.class, DaemonCommand.class, SwarmCommand.class, ShutdownCommand.class, VersionCommand.class, DemoCommand.class
        })
final class RootCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
