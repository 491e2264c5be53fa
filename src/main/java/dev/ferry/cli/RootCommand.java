package dev.ferry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferry}: the root of the command tree; {@link FerryCli} adds the commands under it. */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "A peer-to-peer content exchange node, compatible with IPFS.")
final class RootCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
