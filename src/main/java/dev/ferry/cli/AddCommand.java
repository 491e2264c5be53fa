package dev.ferry.cli;

import dev.ferry.dag.unixfs.ImportListener;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.multiformats.CidEncoder;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.dag.unixfs.ImportedEntry;
import dev.ferry.dag.unixfs.MetadataOptions;
import dev.ferry.dag.unixfs.NoCopyImport;
import dev.ferry.dag.unixfs.UnixfsMetadata;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.node.repo.Repo;
import dev.ferry.store.PinEntry;
import dev.ferry.store.PinType;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry add}: imports files and directories as UnixFS, with the same CIDs as Kubo's {@code ipfs add}.
 * Blocks are written with group commit and made durable (with the pins) before a single line of success is printed.
 */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Add files or directories; prints 'added <cid> <name>' lines as Kubo does.",
            "With no PATH, reads one file from stdin."})
final class AddCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;

    @Mixin
    RepoOptions repo;

    @Mixin
    CidBaseOptions cids;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files or directories to add.")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-r", "--recursive"}, description = "Add directories recursively.")
    boolean recursive;

    @Option(names = {"-H", "--hidden"}, description = "Include files whose name starts with a dot.")
    boolean hidden;

    @Option(names = {"-w", "--wrap-with-directory"}, description = "Wrap what is added in a directory.")
    boolean wrap;

    @Option(names = {"-n", "--only-hash"}, description = "Only compute the CIDs; store nothing.")
    boolean onlyHash;

    @Option(names = {"-q", "--quiet"}, description = "Print only the CIDs.")
    boolean quiet;

    @Option(names = {"-Q", "--quieter"}, description = "Print only the final CID.")
    boolean quieter;

    @Option(names = "--silent", description = "Print nothing.")
    boolean silent;

    @Option(names = "--pin", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Pin what is added (default ${DEFAULT-VALUE}).")
    boolean pin;

    @Option(names = "--pin-name", paramLabel = "NAME",
            description = "Name to use for the pin (at most 255 bytes; see 'pin ls --names'). Requires --pin.")
    String pinName;

    @Option(names = "--to-files", paramLabel = "MFS-PATH",
            description = "Also link what is added in the MFS: into MFS-PATH when it ends with '/', else as MFS-PATH.")
    String toFiles;
    @Option(names = "--private", description = "Private content: never announced, never served over Bitswap or the "
            + "gateway; served over /ferry/request only to peers trusted at least Exchange.PrivateTrust.")
    boolean markPrivate;

    @Option(names = "--cid-version", paramLabel = "0|1", description = "CID version (default: Import.CidVersion, 0; "
            + "1 with a hash function other than sha2-256).")
    Integer cidVersion;

    @Option(names = "--hash", paramLabel = "NAME", description = "Hash function, as Kubo names it: sha2-256, "
            + "sha2-512, sha3-256, blake2b-256, blake3, ... (see 'ferry cid hashes'; default: Import.HashFunction, "
            + "sha2-256). Another than sha2-256 makes CIDv1 (and raw leaves) unless --cid-version says otherwise; "
            + "CIDv0 refuses it.")
    String hash;

    @Option(names = "--raw-leaves", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Raw blocks for file leaves (default: false for CIDv0, true for CIDv1).")
    Boolean rawLeaves;

    @Option(names = {"-s", "--chunker"}, paramLabel = "CHUNKER", description = "Chunker: size-N, rabin, rabin-AVG, "
            + "rabin-MIN-AVG-MAX or buzhash (default: Import.UnixFSChunker, size-262144).")
    String chunker;

    @Option(names = {"-t", "--trickle"}, description = "Trickle layout instead of balanced.")
    boolean trickle;

    @Option(names = "--preserve-mode", description = "Store each entry's permission bits (UnixFS 1.5 mode); turns "
            + "raw leaves off.")
    boolean preserveMode;

    @Option(names = "--preserve-mtime", description = "Store each entry's modification time (UnixFS 1.5 mtime); "
            + "turns raw leaves off.")
    boolean preserveMtime;

    @Option(names = "--mode", paramLabel = "MODE", description = "Store this mode on every entry, read as octal as "
            + "chmod does (644, 0644, 0o644); turns raw leaves off.")
    String mode;

    @Option(names = "--mtime", paramLabel = "SECONDS", description = "Store this modification time (seconds since "
            + "the epoch, may be negative) on every entry; turns raw leaves off.")
    Long mtime;

    @Option(names = "--mtime-nsecs", paramLabel = "N", description = "Nanoseconds of --mtime (0..999999999).")
    Long mtimeNsecs;

    @Option(names = "--nocopy", description = "Keep the files' leaves in the files themselves (Kubo's filestore): "
            + "only references are stored, and the files must stay unchanged. Needs Experimental.FilestoreEnabled; "
            + "implies raw leaves; files must be under the repository's parent directory.")
    boolean nocopy;

    @Option(names = "--inline", description = "Inline small blocks into CIDs: every block (leaves, file nodes, "
            + "directories) of at most --inline-limit bytes gets an identity CIDv1 and is not stored.")
    boolean inline;

    @Option(names = "--inline-limit", paramLabel = "N", defaultValue = "32", description = "Largest block to "
            + "inline, in bytes (default ${DEFAULT-VALUE}, at most 128).")
    int inlineLimit;

    @Option(names = {"-p", "--progress"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Progress bar on stderr (default: when stderr is a terminal).")
    Boolean progress;

    private final OutputEncoding encoding;

    AddCommand(FerryCli.CliEnv env, OutputEncoding encoding) {
        this.env = env;
        this.encoding = encoding;
    }

    @Override
    public Integer call() throws IOException {
        cids.encoder(); // an unknown base is an error before anything is read
        for (Path p : paths) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(p.toString());
            }
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !recursive) {
                throw new IllegalArgumentException(p + " is a directory, use the '-r' flag to add directories");
            }
            if (!Files.isReadable(p)) {
                throw new java.nio.file.AccessDeniedException(p.toString());
            }
        }
        if (pinName != null && !pin) {
            throw new IllegalArgumentException("pin-name option requires pin to be set");
        }
        if (pinName != null) {
            PinEntry.checkName(pinName);
        }
        if (markPrivate && onlyHash) {
            throw new IllegalArgumentException("--private and --only-hash do not go together: nothing is stored");
        }
        if (toFiles != null && onlyHash) {
            throw new IllegalArgumentException("--only-hash and --to-files options are not compatible");
        }
        if (toFiles != null && wrap) {
            throw new IllegalArgumentException("--wrap-with-directory and --to-files options are not compatible");
        }
        if (inline) {
            ImportOptions.checkInlineLimit(inlineLimit); // Kubo's error, before anything is read
        }
        MetadataOptions meta = metadata();
        if (meta.any() && Boolean.TRUE.equals(rawLeaves)) {
            throw new IllegalArgumentException(ImportOptions.RAW_LEAVES_WITH_METADATA);
        }
        Path dir = repo.resolve(env);
        if (nocopy) {
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("--nocopy needs files given by path: what is read from stdin "
                        + "is in no file to refer to");
            }
            if (Repo.isInitialized(dir) && !Repo.readConfig(dir).bool(Repo.FILESTORE_ENABLED, false)) {
                throw new IllegalArgumentException(dev.ferry.store.Filestore.NOT_ENABLED);
            }
        }
        if (!markPrivate && !onlyHash && Repo.isInitialized(dir)) {
            // Exchange.PrivatePaths: files under those directories are private as if added with --private
            dev.ferry.policy.privacy.PrivatePaths policy = privatePaths(Repo.readConfig(dir));
            for (Path p : paths) {
                if (policy.covers(p)) {
                    markPrivate = true;
                    if (!silent) {
                        env.err().println("ferry: " + p + " is under a private path (Exchange.PrivatePaths): "
                                + "added as private content");
                    }
                    break;
                }
            }
        }
        if (!onlyHash) {
            var daemon = DaemonClient.find(dir, env);
            if (daemon.isPresent()) {
                return viaDaemon(daemon.get(), meta);
            }
        }
        if (onlyHash) {
            return run(null, options(Repo.isInitialized(dir) ? Repo.readConfig(dir) : null));
        }
        try (Repo r = Repo.open(dir)) {
            if (toFiles != null) {
                new dev.ferry.dag.mfs.Mfs(new dev.ferry.node.repo.FilesRootFile(r.path())).checkAddDestination(r.blocks(), toFiles);
            }
            return run(r, options(r.config()));
        }
    }

    /** {@code Exchange.PrivatePaths}: a list of absolute directories, none by default. */
    static dev.ferry.policy.privacy.PrivatePaths privatePaths(dev.ferry.node.repo.RepoConfig cfg) {
        var v = cfg.get("Exchange.PrivatePaths").filter(n -> !n.isNull());
        if (v.isEmpty()) {
            return dev.ferry.policy.privacy.PrivatePaths.NONE;
        }
        if (!v.get().isArray()) {
            throw new IllegalArgumentException("config Exchange.PrivatePaths must be a list of absolute directories");
        }
        java.util.List<String> entries = new java.util.ArrayList<>();
        v.get().forEach(n -> entries.add(n.asText()));
        try {
            return dev.ferry.policy.privacy.PrivatePaths.parse(entries);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config Exchange.PrivatePaths: " + e.getMessage());
        }
    }

    /** The metadata options: Kubo's, with the mode always read as octal. */
    private MetadataOptions metadata() {
        Long m = mode == null ? null : UnixfsMetadata.parseMode(mode);
        return MetadataOptions.of(m, mtime, mtimeNsecs, preserveMode, preserveMtime);
    }

    private ImportOptions options(dev.ferry.node.repo.RepoConfig cfg) {
        ImportOptions o = ImportOptions.kuboDefaults();
        HashFunction function = HashFunction.named(hash != null ? hash
                : cfg == null ? "sha2-256" : cfg.string("Import.HashFunction", "sha2-256"));
        // the config's 0 is ferry's default, written in every config: only --cid-version 0 refuses another function
        Integer configured = cfg == null ? null : (int) cfg.number("Import.CidVersion", 0);
        int version = ImportOptions.cidVersionFor(cidVersion != null ? cidVersion
                : configured != null && configured != 0 ? configured : null, function);
        if (version != 0 && version != 1) {
            throw new IllegalArgumentException("--cid-version must be 0 or 1");
        }
        o = o.withCidVersion(version).withHashFunction(function); // CIDv0 with another function: Kubo's error
        if (rawLeaves != null) {
            o = o.withRawLeaves(rawLeaves);
        } else if (cidVersion == null && cfg != null && cfg.bool("Import.UnixFSRawLeaves", false)) {
            o = o.withRawLeaves(true);
        }
        o = o.withMetadata(metadata()); // refuses raw leaves set in the config too, as Kubo does
        String chunk = chunker != null ? chunker : cfg == null ? "size-262144" : cfg.string("Import.UnixFSChunker", "size-262144");
        o = o.withChunker(chunk);
        if (inline) {
            o = o.withInlineLimit(inlineLimit);
        }
        o = o.withTrickle(trickle).withHidden(hidden).withWrapWithDirectory(wrap).withOnlyHash(onlyHash);
        return nocopy ? NoCopyImport.options(o) : o;
    }

    private int run(Repo r, ImportOptions opts) throws IOException {
        boolean showProgress = !encoding.json() && (progress != null ? progress : env.terminal());
        long total = paths.isEmpty() ? -1 : totalBytes();
        List<ImportedEntry> roots = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        // with -Q or --silent no line is printed but the root's: no CID is turned into text for nothing
        CidEncoder enc = cids.encoder();
        List<Map<String, Object>> json = new ArrayList<>();
        ImportListener listener = encoding.json() ? (cid, path, size) -> json.add(addedLine(path, enc.encode(cid), size))
                : quieter || silent ? (cid, path, size) -> { }
                : (cid, path, size) -> lines.add(quiet ? enc.encode(cid)
                        : "added " + enc.encode(cid) + (path.isEmpty() ? "" : " " + path));
        NoCopyImport noCopy = nocopy && r != null ? new NoCopyImport(r.blocks(), r.filestore()) : null;
        if (noCopy != null) {
            paths.forEach(noCopy::checkSource); // files outside the root are refused before anything is stored
        }
        try (ProgressBar bar = new ProgressBar(env.err(), showProgress && !silent, total)) {
            UnixfsImporter importer = new UnixfsImporter(r == null ? null : noCopy != null ? noCopy.store() : r.blocks(),
                    opts, listener, bar::advance);
            if (noCopy != null) {
                importer.reportingFileSources(noCopy::fileAdded);
            }
            if (paths.isEmpty()) {
                ImportedEntry e = importer.importStream(env.in(), "");
                roots.add(e);
            } else {
                roots.addAll(importer.importPaths(paths));
            }
        }
        if (r != null) {
            if (noCopy != null) {
                noCopy.record(); // the leaves' references, durable with the blocks below
            }
            // durability barrier: blocks (and filestore references) first, then the pins that reference them
            r.blocks().sync();
            if (pin) {
                for (ImportedEntry e : roots) {
                    r.pins().add(e.cid(), PinType.RECURSIVE, pinName == null ? "" : pinName);
                }
                r.pins().sync();
            }
            var addTimes = dev.ferry.node.content.AddTimes.open(r.path());
            java.time.Instant now = java.time.Instant.now();
            for (ImportedEntry e : roots) {
                addTimes.record(e.cid(), now); // the router's recent and archived classes
            }
            if (toFiles != null) {
                new dev.ferry.dag.mfs.Mfs(new dev.ferry.node.repo.FilesRootFile(r.path()))
                        .linkAdded(r.blocks(), toFiles, roots);
            }
            if (markPrivate) {
                var priv = dev.ferry.policy.privacy.PrivateContent.open(r.path().resolve(dev.ferry.node.Node.PRIVATE_CONTENT_FILE));
                for (ImportedEntry e : roots) {
                    priv.markPrivate(e.cid(), r.blocks());
                }
            }
        }
        if (encoding.json()) {
            for (int i = 0; i < json.size(); i++) {
                // as the RPC: an unnamed file is named by its CID, the wrapping directory (the last line) by nothing
                if (json.get(i).get("Name").equals("") && !(wrap && i == json.size() - 1)) {
                    json.get(i).put("Name", json.get(i).get("Hash"));
                }
            }
            printJson(json);
            return 0;
        }
        if (silent) {
            return 0;
        }
        if (quieter) {
            env.out().println(enc.encode(roots.getLast().cid()));
            return 0;
        }
        for (String line : lines) {
            // Kubo names a file read from stdin by its own CID
            env.out().println(line.startsWith("added ") && line.indexOf(' ', 6) < 0 && paths.isEmpty() && !wrap
                    ? line + " " + line.substring(6) : line);
        }
        return 0;
    }

    /** The same import done by the running daemon: the files go up as Kubo's multipart body, lines come back. */
    private int viaDaemon(DaemonClient daemon, MetadataOptions meta) throws IOException {
        MultipartBody body = new MultipartBody();
        if (paths.isEmpty()) {
            body.file("", () -> env.in());
        } else {
            for (Path p : paths) {
                addPart(body, p, p.getFileName() == null ? p.toString() : p.getFileName().toString(), meta);
            }
        }
        java.util.Map<String, String> opts = new java.util.LinkedHashMap<>();
        if (cidVersion != null) {
            opts.put("cid-version", cidVersion.toString());
        }
        if (hash != null) {
            opts.put("hash", hash);
        }
        if (rawLeaves != null) {
            opts.put("raw-leaves", rawLeaves.toString());
        }
        if (chunker != null) {
            opts.put("chunker", chunker);
        }
        if (trickle) {
            opts.put("trickle", "true");
        }
        if (inline) {
            opts.put("inline", "true");
            opts.put("inline-limit", Integer.toString(inlineLimit));
        }
        if (wrap) {
            opts.put("wrap-with-directory", "true");
        }
        opts.put("pin", Boolean.toString(pin));
        if (pinName != null) {
            opts.put("pin-name", pinName);
        }
        // preserved values go with each part (the daemon cannot read this file system); custom ones as options
        if (preserveMode) {
            opts.put("preserve-mode", "true");
        }
        if (preserveMtime) {
            opts.put("preserve-mtime", "true");
        }
        if (meta.custom().mode() != null) {
            opts.put("mode", "0" + Long.toOctalString(meta.custom().mode()));
        }
        if (meta.custom().mtime() != null) {
            opts.put("mtime", Long.toString(meta.custom().mtime().seconds()));
            if (meta.custom().mtime().nanos() != null) {
                opts.put("mtime-nsecs", Integer.toString(meta.custom().mtime().nanos()));
            }
        }
        if (toFiles != null) {
            opts.put("to-files", toFiles);
        }
        if (nocopy) {
            // the files still go up in the body (the daemon hashes what it gets), each with its absolute path as
            // the Abspath header, as Kubo's CLI sends it: the daemon records references into those files
            opts.put("nocopy", "true");
        }
        if (markPrivate) {
            opts.put("private", "true");
        }
        opts.putAll(cids.rpc());
        boolean showProgress = (progress != null ? progress : env.terminal()) && !silent && !encoding.json();
        if (showProgress) {
            opts.put("progress", "true");
        }
        long total = paths.isEmpty() ? -1 : totalBytes();
        List<String[]> added = new ArrayList<>();
        List<Map<String, Object>> json = new ArrayList<>();
        try (ProgressBar bar = new ProgressBar(env.err(), showProgress, total)) {
            java.util.Map<String, Long> seen = new java.util.HashMap<>();
            DaemonClient.ndjson(daemon.upload("add", List.of(), opts, body), line -> {
                if (line.has("Hash")) {
                    json.add(addedLine(line.path("Name").asText(), line.path("Hash").asText(), line.path("Size").asText()));
                    added.add(new String[] {line.path("Hash").asText(), line.path("Name").asText()});
                } else if (line.has("Bytes")) {
                    // progress events carry each file's running total
                    long now = line.path("Bytes").asLong();
                    Long before = seen.put(line.path("Name").asText(), now);
                    bar.advance(now - (before == null ? 0 : before));
                }
            });
        }
        if (added.isEmpty()) {
            throw new IOException("the daemon added nothing");
        }
        if (encoding.json()) {
            printJson(json);
            return 0;
        }
        if (silent) {
            return 0;
        }
        if (quieter) {
            env.out().println(added.getLast()[0]);
            return 0;
        }
        for (String[] a : added) {
            String name = a[1].isEmpty() ? a[0] : a[1];
            env.out().println(quiet ? a[0] : "added " + a[0] + " " + name);
        }
        return 0;
    }

    /** The RPC's {@code {"Name","Hash","Size"}} line of one added entry (Size a string, as Kubo's). */
    private static Map<String, Object> addedLine(String name, String hash, Object size) {
        Map<String, Object> line = new java.util.LinkedHashMap<>();
        line.put("Name", name);
        line.put("Hash", hash);
        line.put("Size", String.valueOf(size));
        return line;
    }

    /** One JSON line per entry; {@code -Q} keeps the root's (the last), {@code --silent} none, as the RPC does. */
    private void printJson(List<Map<String, Object>> json) {
        if (silent) {
            return;
        }
        for (Map<String, Object> line : quieter ? json.subList(json.size() - 1, json.size()) : json) {
            OutputEncoding.println(env, line);
        }
    }

    private void addPart(MultipartBody body, Path p, String name, MetadataOptions meta) throws IOException {
        String query = partQuery(meta.preserved(p));
        if (Files.isSymbolicLink(p)) {
            body.symlink(name, Files.readSymbolicLink(p).toString(), query);
        } else if (Files.isDirectory(p)) {
            body.directory(name, query);
            List<Path> children;
            try (var s = Files.list(p)) {
                children = s.sorted().toList();
            }
            for (Path c : children) {
                String child = c.getFileName().toString();
                if (hidden || !child.startsWith(".")) {
                    addPart(body, c, name + "/" + child, meta);
                }
            }
        } else if (nocopy) {
            body.file(name, p, query, p.toAbsolutePath().normalize().toString());
        } else {
            body.file(name, p, query);
        }
    }

    /** A part's own metadata as kubo-rpc-client writes it after the field name ({@code mode=0644&mtime=...}). */
    static String partQuery(UnixfsMetadata m) {
        List<String> q = new ArrayList<>();
        if (m.mode() != null) {
            q.add("mode=0" + Long.toOctalString(m.mode()));
        }
        if (m.mtime() != null) {
            q.add("mtime=" + m.mtime().seconds());
            if (m.mtime().nanos() != null) {
                q.add("mtime-nsecs=" + m.mtime().nanos());
            }
        }
        return String.join("&", q);
    }

    private long totalBytes() throws IOException {
        long[] sum = {0};
        for (Path p : paths) {
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return !hidden && !d.equals(p) && d.getFileName().toString().startsWith(".")
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && (hidden || f.equals(p) || !f.getFileName().toString().startsWith("."))) {
                        sum[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return sum[0];
    }
}
