package dev.ferry.cli;

import dev.ferry.api.http.ArchiveOptions;
import dev.ferry.api.http.UnixfsArchive;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.repo.Repo;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry get}: writes a file, directory (plain or sharded) or symlink to disk, every block verified. UnixFS 1.5
 * modes (permission bits only) and mtimes are restored, from the repo itself or from the daemon's tar alike. With
 * {@code -a} and/or {@code -C} the archive itself is saved instead, named as Kubo names it.
 */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Save a file or directory to disk.")
final class GetCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;

    @Mixin
    RepoOptions repo;

    @Parameters(paramLabel = "CID[/PATH]")
    String target;

    @Option(names = "--timeout", defaultValue = "60s",
            description = "With a daemon: how long to wait for a block from the network (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = {"-p", "--progress"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "With a daemon: progress bar on stderr (default: when stderr is a terminal).")
    Boolean progress;

    @Option(names = {"-v", "--verbose"}, description = "Print on stderr which sources the content came from.")
    boolean verbose;

    @Option(names = "--gateway", paramLabel = "URL",
            description = "Fetch what is not local from this trustless HTTP gateway; every block is verified.")
    String gateway;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH", description = "Where to save it (default: ./<CID>).")
    Path output;

    @Option(names = {"-a", "--archive"}, description = "Save a tar archive (PATH.tar) instead of the files.")
    boolean archive;

    @Option(names = {"-C", "--compress"},
            description = "Compress with gzip: PATH.tar.gz with -a, else PATH.gz (a file's own bytes; not a directory).")
    boolean compress;

    @Option(names = {"-l", "--compression-level"}, paramLabel = "1-9",
            description = "The gzip level with -C (default 6).")
    Long level;

    GetCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    /** Best effort; directories whose restored mode left them read-only are opened up first. */
    private static void deleteTree(Path p) {
        try {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                            "rwx------"));
                } catch (IOException | UnsupportedOperationException ignored) {
                    // not ours to change, or no POSIX permissions: try anyway
                }
                try (var children = Files.newDirectoryStream(p)) {
                    for (Path c : children) {
                        deleteTree(c);
                    }
                }
            }
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** The daemon's archive, saved as it comes; a new file, never one already there. */
    private static void save(InputStream in, Path out, ProgressBar bar) throws IOException {
        try (OutputStream file = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                file.write(buf, 0, n);
                bar.advance(n);
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        Args.checkTarget(target);
        ArchiveOptions form = ArchiveOptions.of(archive, compress, level);
        Path out = output != null ? output : Path.of(Args.lastName(target));
        if (form.saved()) {
            out = Path.of(form.fileName(out.toString()));
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("output path already exists: " + out);
        }
        var daemon = DaemonClient.find(repo.resolve(env), env);
        if (daemon.isPresent()) {
            java.util.Map<String, String> opts = new java.util.HashMap<>();
            opts.put("timeout", timeout);
            if (form.saved()) {
                opts.put("archive", Boolean.toString(form.archive()));
                opts.put("compress", Boolean.toString(form.compressed()));
                if (form.compressed()) {
                    opts.put("compression-level", Integer.toString(form.level()));
                }
            }
            if (gateway != null) {
                opts.put("gateway", gateway);
            }
            String reportId = SourceReport.newId();
            if (verbose) {
                opts.put("fetch-report", reportId);
            }
            java.io.InputStream in = daemon.get().stream("get", java.util.List.of(target), opts);
            env.err().println((form.saved() ? "Saving archive to " : "Saving file(s) to ") + out);
            // the daemon announces the content's size; the bar follows the archive as it arrives
            try (in; ProgressBar bar = new ProgressBar(env.err(), progress != null ? progress : env.terminal(),
                    daemon.get().lastLength())) {
                if (form.saved()) {
                    save(in, out, bar);
                } else {
                    new TarExtractor(in, out, bar::advance).extract();
                }
            } catch (IOException | RuntimeException e) {
                // a broken archive leaves nothing half-written behind (and what was there before stays)
                if (!(e instanceof java.nio.file.FileAlreadyExistsException)) {
                    deleteTree(out);
                }
                throw new IOException("get " + target + " failed: " + e.getMessage(), e);
            }
            if (verbose) {
                SourceReport.printFromDaemon(daemon.get(), reportId, env.err());
            }
            return 0;
        }
        try (Repo r = Repo.open(repo.resolve(env))) {
            Args.CidPath t = Args.local(target, r);
            java.util.List<dev.ferry.routing.SourceUse> sources = java.util.List.of();
            if (gateway != null) {
                java.net.URI uri = dev.ferry.routing.gateway.GatewayClient.parse(gateway);
                try (dev.ferry.routing.FetchSession session = dev.ferry.routing.GatewayFetcher.oneShot(r.blocks(), uri)
                        .open(java.time.Duration.ofSeconds(60))) {
                    Cid cid = new UnixfsExporter(session.blocks()).resolve(t.cid(), t.path());
                    session.fetchAll(cid);
                    sources = session.sources();
                }
                r.blocks().sync();
            }
            UnixfsExporter exporter = new UnixfsExporter(r.blocks());
            Cid cid = t.path().isEmpty() ? t.cid() : exporter.resolve(t.cid(), t.path());
            if (form.saved()) {
                UnixfsArchive.check(exporter.stat(cid), form);
                String name = t.path().isEmpty() ? t.cid().toString()
                        : t.path().substring(t.path().lastIndexOf('/') + 1);
                env.err().println("Saving archive to " + out);
                OutputStream created = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                try (OutputStream file = new BufferedOutputStream(created, 1 << 16)) {
                    UnixfsArchive.write(exporter, name, cid, form, file);
                } catch (IOException | RuntimeException e) {
                    // a broken archive leaves nothing half-written behind
                    Files.deleteIfExists(out);
                    throw e;
                }
            } else {
                env.err().println("Saving file(s) to " + out);
                exporter.get(cid, out);
            }
            if (verbose) {
                SourceReport.print(sources, env.err());
            }
        }
        return 0;
    }
}
