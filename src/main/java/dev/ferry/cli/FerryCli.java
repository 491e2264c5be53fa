package dev.ferry.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
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
        CommandLine cmd = commandLine(env, args);
        try {
            return cmd.execute(args);
        } finally {
            env.out().flush();
        }
    }

    /** The top-level commands by name, in the order {@code ferry --help} lists them. */
    static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("init", InitCommand.class);
        m.put("add", AddCommand.class);
        m.put("cat", CatCommand.class);
        m.put("get", GetCommand.class);
        m.put("ls", LsCommand.class);
        m.put("block", BlockCommand.class);
        m.put("pin", PinCommand.class);
        m.put("dag", DagCommand.class);
        m.put("object", ObjectCommand.class);
        m.put("refs", RefsCommand.class);
        m.put("resolve", ResolveCommand.class);
        m.put("repo", RepoCommands.class);
        m.put("filestore", FilestoreCommand.class);
        m.put("config", ConfigCommand.class);
        m.put("id", IdCommand.class);
        m.put("ping", PingCommand.class);
        m.put("daemon", DaemonCommand.class);
        m.put("swarm", SwarmCommand.class);
        m.put("pubsub", PubsubCommand.class);
        m.put("p2p", P2pCommand.class);
        m.put("stats", StatsCommand.class);
        m.put("shutdown", ShutdownCommand.class);
        m.put("version", VersionCommand.class);
        m.put("demo", DemoCommand.class);
        m.put("trust", TrustCommand.class);
        m.put("route", RouteCommand.class);
        m.put("routing", RoutingCommand.class);
        m.put("dht", DhtCommand.class);
        m.put("provide", ProvideCommand.class);
        m.put("name", NameCommand.class);
        m.put("key", KeyCommand.class);
        m.put("files", FilesCommand.class);
        m.put("bitswap", BitswapCommand.class);
        m.put("bootstrap", BootstrapCommand.class);
        m.put("cid", CidCommand.class);
        m.put("multibase", MultibaseCommand.class);
        m.put("log", LogCommand.class);
        m.put("commands", CommandsCommand.class);
        m.put("diag", DiagCommand.class);
        return Collections.unmodifiableMap(m);
    }

    /**
     * The command tree for {@code args}. When the first word names a command, only that command is built: picocli
     * reads every command's annotations when it builds one, and the whole tree cost a CLI run about 0.3 s of its start.
     * Anything else ({@code ferry}, {@code ferry --help}, a misspelt command) gets the whole tree, so help and errors
     * list every command.
     */
    static CommandLine commandLine(CliEnv env, String[] args) {
        Class<?> named = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--enc") || a.equals("--encoding")) {
                i++; // its value is no command name
            } else if (!a.startsWith("-")) {
                named = COMMANDS.get(a);
                break;
            }
        }
        CommandFactory factory = new CommandFactory(env, new OutputEncoding());
        CommandLine cmd = new CommandLine(RootCommand.class, factory);
        for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
            if (named == null || named == c.getValue()) {
                cmd.addSubcommand(c.getKey(), new CommandLine(c.getValue(), factory));
            }
        }
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
        cmd.setParameterExceptionHandler((ex, unmatched) -> {
            env.err().println("Error: " + ex.getMessage());
            if (ex instanceof RootCommand.EncodingException) {
                return 1;
            }
            env.err().println("See '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 1;
        });
        return cmd;
    }

    /** The process environment a command sees. */
    public record CliEnv(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, boolean terminal) {}
}
