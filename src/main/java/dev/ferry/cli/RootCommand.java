package dev.ferry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code ferry}: the root of the command tree; {@link FerryCli} adds the commands under it. */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "A peer-to-peer content exchange node, compatible with IPFS.")
final class RootCommand implements Runnable {
    @Spec
    CommandSpec spec;
    private final OutputEncoding encoding;

    RootCommand(FerryCli.CliEnv env, OutputEncoding encoding) {
        this.encoding = encoding;
    }

    /**
     * Kubo's global option: inherited by every command, so it may stand before or after the subcommand; the value
     * lands in the one {@link OutputEncoding} of this run whichever command it was given to.
     */
    @Option(names = {"--enc", "--encoding"}, paramLabel = "text|json", scope = ScopeType.INHERIT,
            description = "The output encoding: text (default) or json (the RPC's JSON, one value a line).")
    void encoding(String value) {
        try {
            encoding.set(value);
        } catch (IllegalArgumentException e) {
            throw new EncodingException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A bad {@code --enc} value: reported as one line, without the usage hint of other parse errors. */
    static final class EncodingException extends ParameterException {
        private static final long serialVersionUID = 1L;

        EncodingException(picocli.CommandLine cmd, String message) {
            super(cmd, message);
        }
    }
}
