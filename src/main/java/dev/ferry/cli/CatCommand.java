package dev.ferry.cli;

import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.repo.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry cat}: a UnixFS file's bytes to stdout, every block verified before a byte is written. */
@Command(name = "cat", mixinStandardHelpOptions = true, description = "Write the content of files to stdout.")
final class CatCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;

    @Mixin
    RepoOptions repo;

    @Parameters(paramLabel = "CID[/PATH]", arity = "1..*")
    List<String> targets;

    @Option(names = {"-o", "--offset"}, paramLabel = "BYTES", description = "Byte offset to begin at.")
    long offset;

    @Option(names = "--timeout", defaultValue = "60s",
            description = "With a daemon: how long to wait for a block from the network (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = {"-p", "--progress"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "With a daemon: progress bar on stderr (default false).")
    boolean progress;

    @Option(names = {"-v", "--verbose"}, description = "Print on stderr which sources the content came from.")
    boolean verbose;

    @Option(names = {"-l", "--length"}, paramLabel = "BYTES", description = "Maximum number of bytes to write.")
    Long length;

    CatCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("--offset must not be negative");
        }
        if (length != null && length < 0) {
            throw new IllegalArgumentException("--length must not be negative");
        }
        targets.forEach(Args::checkTarget);
        var daemon = DaemonClient.find(repo.resolve(env), env);
        if (daemon.isPresent()) {
            for (String t : targets) {
                java.util.Map<String, String> opts = new java.util.HashMap<>();
                opts.put("offset", Long.toString(offset));
                opts.put("timeout", timeout);
                if (length != null) {
                    opts.put("length", Long.toString(length));
                }
                String reportId = SourceReport.newId();
                if (verbose) {
                    opts.put("fetch-report", reportId);
                }
                InputStream in = daemon.get().stream("cat", List.of(t), opts);
                try (in; ProgressBar bar = new ProgressBar(env.err(), progress, daemon.get().lastLength())) {
                    byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        env.out().write(buf, 0, n);
                        bar.advance(n);
                    }
                } catch (IOException e) {
                    throw new IOException("cat " + t + " failed: the daemon could not deliver all of it (block not found or timed out)", e);
                }
                if (verbose) {
                    env.out().flush();
                    SourceReport.printFromDaemon(daemon.get(), reportId, env.err());
                }
            }
            return 0;
        }
        try (Repo r = Repo.open(repo.resolve(env))) {
            UnixfsExporter exporter = new UnixfsExporter(r.blocks());
            byte[] buf = new byte[1 << 16];
            for (String text : targets) {
                Args.CidPath t = Args.local(text, r);
                Cid cid = t.path().isEmpty() ? t.cid() : exporter.resolve(t.cid(), t.path());
                try (InputStream in = exporter.cat(cid, offset, length == null ? Long.MAX_VALUE : length)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        env.out().write(buf, 0, n);
                    }
                }
                if (verbose) {
                    SourceReport.print(List.of(), env.err()); // without a daemon, only the local store is read
                }
            }
        }
        return 0;
    }
}
