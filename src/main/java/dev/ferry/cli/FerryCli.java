package dev.ferry.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine;

/** Builds the picocli command tree and runs one command line; errors become one line {@code Error: ...} and exit 1. */
public final class FerryCli {
    private FerryCli() {}

    /** Runs with the process's own streams and environment. */
    public static int run(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        InputStream in = new FileInputStream(FileDescriptor.in);
        boolean terminal = System.console() != null && System.console().isTerminal();
        try {
            return run(args, new CliEnv(System.getenv(), in, out, err, terminal));
        } finally {
            out.flush();
        }
    }

    /** Runs one command line in the given environment (tests use this directly). */
    public static int run(String[] args, CliEnv env) {
        CommandLine cmd = commandLine(env);
        try {
            return cmd.execute(args);
        } finally {
            env.out().flush();
        }
    }

    static CommandLine commandLine(CliEnv env) {
        CommandLine cmd = new CommandLine(RootCommand.class, new CommandFactory(env));
        cmd.addSubcommand(new CommandLine(TrustCommand.class, new CommandFactory(env)));
        cmd.addSubcommand(new CommandLine(RouteCommand.class, new CommandFactory(env)));
        cmd.setOut(new java.io.PrintWriter(env.out(), true));
        cmd.setErr(new java.io.PrintWriter(env.err(), true));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            env.err().println("Error: " + Errors.describe(ex));
            if (env.env().containsKey("FERRY_DEBUG")) {
                ex.printStackTrace(env.err());
            }
            return 1;
        });
        cmd.setParameterExceptionHandler((ex, args) -> {
            env.err().println("Error: " + ex.getMessage());
            env.err().println("See '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 1;
        });
        return cmd;
    }

    /** The process environment a command sees. */
    public record CliEnv(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, boolean terminal) {}
}
