package dev.ferry.cli;

import dev.ferry.multiformats.CidEncoder;
import dev.ferry.dag.mfs.Mfs;
import dev.ferry.dag.mfs.MfsEntry;
import dev.ferry.dag.mfs.MfsStat;
import dev.ferry.dag.mfs.MfsWrite;
import dev.ferry.dag.mfs.NodeFormat;
import dev.ferry.dag.mfs.UnixMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry files ...}: the Mutable File System, as Kubo's {@code ipfs files}. */
@Command(name = "files", mixinStandardHelpOptions = true,
        description = "The Mutable File System: a directory tree of content, changed in place like files.",
        subcommands = {FilesCommand.Ls.class, FilesCommand.Stat.class, FilesCommand.Read.class,
                FilesCommand.Write.class, FilesCommand.Mkdir.class, FilesCommand.Cp.class, FilesCommand.Mv.class,
                FilesCommand.Rm.class, FilesCommand.Flush.class, FilesCommand.Chcid.class, FilesCommand.Chmod.class,
                FilesCommand.Touch.class})
final class FilesCommand {
    private FilesCommand() {}

    /**
     * Kubo's {@code --flush} (default true): {@code --flush=false} leaves a daemon's root unsaved until a later
     * flushing change, {@code files flush} or its shutdown; without a daemon the command's end saves it.
     */
    static final class FlushOption {
        @Option(names = {"-f", "--flush"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
                description = "Save the change at once (default true); false batches changes until a flush.")
        Boolean flush;

        boolean value() {
            return flush == null || flush;
        }
    }

    /** Kubo's {@code --cid-version} and {@code --hash} (a hash function implies CIDv1). */
    static final class CidOptions {
        @Option(names = {"--cid-version", "--cid-ver"}, paramLabel = "0|1",
                description = "CID version of what is made (default: its parent directory's).")
        Integer cidVersion;
        @Option(names = "--hash", paramLabel = "NAME",
                description = "Hash function of what is made, as Kubo names it (sha2-256, sha2-512, sha3-256, "
                        + "blake2b-256, blake3, ...; see 'ferry cid hashes'); implies CIDv1. "
                        + "Default: its parent directory's.")
        String hash;

        /** Null: the parent's (or the existing file's). */
        NodeFormat format() {
            return NodeFormat.fromOptions(cidVersion, hash);
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List a directory (default /).")
    static final class Ls implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin CidBaseOptions cidBase;
        @Mixin FlushOption flush;
        @Parameters(paramLabel = "PATH", arity = "0..1", defaultValue = "/") String path;
        @Option(names = {"-l", "--long"}, description = "Long listing: name, CID and size.") boolean details;
        @Option(names = "-U", description = "Do not sort; list entries in directory order.") boolean unsorted;
        private final OutputEncoding encoding;

        Ls(FerryCli.CliEnv env, OutputEncoding encoding) {
            this.env = env;
            this.encoding = encoding;
        }

        @Override
        public Integer call() throws IOException {
            List<MfsEntry> entries;
            CidEncoder enc = cidBase.encoder();
            try (MfsAccess mfs = MfsAccess.open(repo.resolve(env), env)) {
                entries = new ArrayList<>(mfs.list(path, details));
            }
            if (!unsorted) {
                entries.sort(Comparator.comparing(MfsEntry::name));
            }
            if (encoding.json()) {
                // the RPC's files/ls answer, {"Entries": [{"Name","Type","Size","Hash"}]} (Type 1 a directory, 0 a
                // file; Size and Hash only with -l), in the order the text lists them
                List<java.util.Map<String, Object>> out = new ArrayList<>();
                for (MfsEntry e : entries) {
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("Name", e.name());
                    m.put("Type", e.directory() ? 1 : 0);
                    m.put("Size", e.size());
                    m.put("Hash", e.cid() == null ? "" : enc.encode(e.cid()));
                    out.add(m);
                }
                OutputEncoding.println(env, java.util.Map.of("Entries", out));
                return 0;
            }
            for (MfsEntry e : entries) {
                if (details) {
                    env.out().println(e.name() + (e.directory() ? "/" : "") + "\t" + enc.encode(e.cid()) + "\t" + e.size());
                } else {
                    env.out().println(e.name());
                }
            }
            return 0;
        }
    }

    @Command(name = "stat", mixinStandardHelpOptions = true,
            description = "A node's CID, sizes, type, mode and modification time.")
    static final class Stat implements Callable<Integer> {
        static final String DEFAULT_FORMAT = "<hash>\nSize: <size>\nCumulativeSize: <cumulsize>\nChildBlocks: <childs>"
                + "\nType: <type>\nMode: <mode> (<mode-octal>)\nMtime: <mtime>";
        /** What Kubo prints for a mode or time the node does not have. */
        static final String NOT_SET = "not set";
        private static final java.time.format.DateTimeFormatter MTIME =
                java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss 'UTC'", Locale.ENGLISH)
                        .withZone(java.time.ZoneOffset.UTC);
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin FlushOption flush;
        @Mixin CidBaseOptions cidBase;
        @Parameters(paramLabel = "PATH", description = "An MFS path, or /ipfs/... or /ipns/...") String path;
        @Option(names = "--format", paramLabel = "TEMPLATE",
                description = "Tokens: <hash> <size> <cumulsize> <type> <childs> and optional <mode> <mode-octal> "
                        + "<mtime> <mtime-secs> <mtime-nsecs>.") String format;
        @Option(names = "--hash", description = "Print only the CID.") boolean hashOnly;
        @Option(names = "--size", description = "Print only the cumulative size.") boolean sizeOnly;
        @Option(names = "--with-local", description = "Also how much of the DAG is stored locally.") boolean withLocal;
        private final OutputEncoding encoding;

        Stat(FerryCli.CliEnv env, OutputEncoding encoding) {
            this.env = env;
            this.encoding = encoding;
        }

        @Override
        public Integer call() throws IOException {
            int formats = (hashOnly ? 1 : 0) + (sizeOnly ? 1 : 0) + (format != null ? 1 : 0);
            if (formats > 1) {
                throw new IllegalArgumentException("format was set by multiple options. Only one format option is allowed");
            }
            String template = hashOnly ? "<hash>" : sizeOnly ? "<cumulsize>" : format != null ? format : DEFAULT_FORMAT;
            CidEncoder enc = cidBase.encoder();
            try (MfsAccess mfs = MfsAccess.open(repo.resolve(env), env)) {
                MfsStat s = mfs.stat(path);
                if (encoding.json()) {
                    OutputEncoding.println(env, json(s, enc, withLocal ? mfs.locality(path) : null));
                    return 0;
                }
                env.out().println(render(template, s, enc));
                if (withLocal) {
                    Mfs.Locality l = mfs.locality(path);
                    double pct = s.cumulativeSize() == 0 ? 100 : 100.0 * l.bytes() / s.cumulativeSize();
                    env.out().printf(Locale.ROOT, "Local: %s of %s (%.2f%%)%n", humanBytes(l.bytes()),
                            humanBytes(s.cumulativeSize()), pct);
                }
            }
            return 0;
        }

        /**
         * The RPC's files/stat answer: {@code {"Hash","Size","CumulativeSize","Blocks","Type"}}, with {@code
         * --with-local} {@code "WithLocality"} and (left out when false or 0, Go's omitempty) {@code "Local"},
         * {@code "SizeLocal"}, then {@code "Mtime"}, {@code "MtimeNsecs"} and {@code "Mode"} (Go's file mode in octal
         * text) when the node has them. The format options shape only the text, as in Kubo.
         */
        static java.util.Map<String, Object> json(MfsStat s, CidEncoder enc, Mfs.Locality local) {
            return dev.ferry.api.rpc.MfsStatJson.of(s, enc, local);
        }

        /**
         * The template with Kubo's tokens replaced: the mode as Go's letters and its permission bits in octal, the
         * time in UTC ("2 Jan 2006, 15:04:05 UTC"); "not set" without them (Kubo shows no time at or before the epoch);
         * the CID as {@code enc} writes it ({@code --cid-base}).
         */
        static String render(String template, MfsStat s, CidEncoder enc) {
            long go = s.kuboMode();
            String mode = go == 0 ? NOT_SET : UnixMode.goString(go);
            String modeOctal = go == 0 ? NOT_SET : "0" + Long.toOctalString(go & 0777);
            boolean timed = s.mtime() != null && s.mtime().seconds() > 0;
            int nanos = s.mtime() == null || s.mtime().nanos() == null ? 0 : s.mtime().nanos();
            String mtime = timed ? MTIME.format(java.time.Instant.ofEpochSecond(s.mtime().seconds(), nanos)) : NOT_SET;
            return template.replace("<hash>", enc.encode(s.cid()))
                    .replace("<size>", Long.toString(s.size()))
                    .replace("<cumulsize>", Long.toString(s.cumulativeSize()))
                    .replace("<childs>", Integer.toString(s.blocks()))
                    .replace("<type>", s.type())
                    .replace("<mode>", mode)
                    .replace("<mode-octal>", modeOctal)
                    .replace("<mtime>", mtime)
                    .replace("<mtime-secs>", timed ? Long.toString(s.mtime().seconds()) : NOT_SET)
                    .replace("<mtime-nsecs>", timed ? Integer.toString(nanos) : NOT_SET);
        }

        /** Sizes as Kubo prints them (go-humanize: powers of 1000, one decimal below 10). */
        static String humanBytes(long n) {
            if (n < 10) {
                return n + " B";
            }
            String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
            int e = (int) Math.floor(Math.log(n) / Math.log(1000));
            double v = Math.floor(n / Math.pow(1000, e) * 10 + 0.5) / 10;
            return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[e]);
        }
    }

    @Command(name = "read", mixinStandardHelpOptions = true, description = "Write a file's bytes to stdout.")
    static final class Read implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin FlushOption flush;
        @Parameters(paramLabel = "PATH") String path;
        @Option(names = {"-o", "--offset"}, paramLabel = "BYTES", description = "Where to start.") long offset;
        @Option(names = {"-n", "--count"}, paramLabel = "BYTES", description = "At most this many bytes.") Long count;

        Read(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            if (offset < 0) {
                throw new IllegalArgumentException("cannot specify negative offset");
            }
            if (count != null && count < 0) {
                throw new IllegalArgumentException("cannot specify negative 'count'");
            }
            try (MfsAccess mfs = MfsAccess.open(repo.resolve(env), env);
                    InputStream in = mfs.read(path, offset, count == null ? -1 : count)) {
                in.transferTo(env.out());
            }
            env.out().flush();
            return 0;
        }
    }

    @Command(name = "write", mixinStandardHelpOptions = true,
            description = "Write FILE (or stdin) into a file at PATH, from OFFSET on.")
    static final class Write implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin FlushOption flush;
        @Mixin CidOptions cid;
        /** Taken, as Kubo takes them on every command; like Kubo's, the command prints no CID. */
        @Mixin CidBaseOptions cidBase;
        @Parameters(index = "0", paramLabel = "PATH") String path;
        @Parameters(index = "1", paramLabel = "FILE", arity = "0..1", description = "Data (default: stdin).") Path file;
        @Option(names = {"-o", "--offset"}, paramLabel = "BYTES", description = "Where to write.") long offset;
        @Option(names = {"-e", "--create"}, description = "Create the file if it does not exist.") boolean create;
        @Option(names = {"-p", "--parents"}, description = "Make parent directories as needed.") boolean parents;
        @Option(names = {"-t", "--truncate"}, description = "Truncate the file to size zero before writing.") boolean truncate;
        @Option(names = {"-n", "--count"}, paramLabel = "BYTES", description = "At most this many bytes of the data.") Long count;
        @Option(names = "--raw-leaves", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
                description = "Raw leaves (default: when the file is CIDv1).") Boolean rawLeaves;

        Write(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            if (offset < 0) {
                throw new IllegalArgumentException("cannot have negative write offset");
            }
            if (count != null && count < 0) {
                throw new IllegalArgumentException("cannot have negative byte count");
            }
            MfsWrite options = new MfsWrite(offset, create, parents, truncate, count == null ? -1 : count, rawLeaves,
                    null, cid.format());
            if (file != null && !Files.isRegularFile(file)) {
                throw new java.nio.file.NoSuchFileException(file.toString());
            }
            try (MfsAccess mfs = MfsAccess.open(repo.resolve(env), env);
                    InputStream in = file == null ? env.in() : Files.newInputStream(file)) {
                mfs.write(path, new java.io.BufferedInputStream(in, 1 << 16), options, flush.value());
            }
            return 0;
        }
    }

    @Command(name = "mkdir", mixinStandardHelpOptions = true, description = "Make a directory.")
    static final class Mkdir implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin FlushOption flush;
        @Mixin CidOptions cid;
        /** Taken, as Kubo takes them on every command; like Kubo's, the command prints no CID. */
        @Mixin CidBaseOptions cidBase;
        @Parameters(paramLabel = "PATH") String path;
        @Option(names = {"-p", "--parents"}, description = "No error if it exists; make parents as needed.") boolean parents;

        Mkdir(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            NodeFormat format = cid.format();
            try (MfsAccess mfs = MfsAccess.open(repo.resolve(env), env)) {
                mfs.mkdir(path, parents, format, flush.value());
            }
            return 0;
        }
    }

    @Command(name = "cp", mixinStandardHelpOptions = true,
            description = "Copy /ipfs/CID (or /ipns/..., or an MFS path) to an MFS path; a trailing / copies into it.")
    static final class Cp implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin FlushOption flush;
        @Parameters(index = "0", paramLabel = "SOURCE") String source;
        @Parameters(index = "1", paramLabel = "DEST") String dest;
        @Option(names = {"-p", "--parents"}, description = "Make parent directories as needed.") boolean parents;

        Cp(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            try (MfsAccess mfs = MfsAccess.open(repo.resolve(env), env)) {
                mfs.copy(source, dest, parents, flush.value());
            }
            return 0;
        }
    }

    @Command(name = "mv", mixinStandardHelpOptions = true, description = "Move or rename an entry.")
    static final class Mv implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin FlushOption flush;
        @Parameters(index = "0", paramLabel = "SOURCE") String source;
        @Parameters(index = "1", paramLabel = "DEST") String dest;

        Mv(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            try (MfsAccess mfs = MfsAccess.open(repo.resolve(env), env)) {
                mfs.move(source, dest, flush.value());
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove files or directories.")
    static final class Rm implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin FlushOption flush;
        @Parameters(paramLabel = "PATH", arity = "1..*") List<String> paths;
        @Option(names = {"-r", "--recursive"}, description = "Remove directories and what they hold.") boolean recursive;
        @Option(names = "--force", description = "Remove whatever is there; no error when nothing is.") boolean force;

        Rm(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            try (MfsAccess mfs = MfsAccess.open(repo.resolve(env), env)) {
                mfs.remove(paths, recursive, force, flush.value());
            }
            return 0;
        }
    }

    @Command(name = "flush", mixinStandardHelpOptions = true, description = "Print the CID at PATH (default /).")
    static final class Flush implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin CidBaseOptions cidBase;
        @Parameters(paramLabel = "PATH", arity = "0..1", defaultValue = "/") String path;

        Flush(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            CidEncoder enc = cidBase.encoder();
            try (MfsAccess mfs = MfsAccess.open(repo.resolve(env), env)) {
                env.out().println(enc.encode(mfs.flush(path)));
            }
            return 0;
        }
    }

    @Command(name = "chcid", mixinStandardHelpOptions = true,
            description = "Rewrite the directory at PATH (default /) with another CID version.")
    static final class Chcid implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin FlushOption flush;
        @Mixin CidOptions cid;
        /** Taken, as Kubo takes them on every command; like Kubo's, the command prints no CID. */
        @Mixin CidBaseOptions cidBase;
        @Parameters(paramLabel = "PATH", arity = "0..1", defaultValue = "/") String path;

        Chcid(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            NodeFormat format = cid.format();
            try (MfsAccess mfs = MfsAccess.open(repo.resolve(env), env)) {
                mfs.changeFormat(path, format, flush.value());
            }
            return 0;
        }
    }

    @Command(name = "chmod", mixinStandardHelpOptions = true,
            description = "Set the UnixFS mode of the file or directory at PATH (octal: 644, 0755 or 0o755).")
    static final class Chmod implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin FlushOption flush;
        @Parameters(index = "0", paramLabel = "MODE", description = "Octal, at most 7777; 0 unsets the mode.")
        String mode;
        @Parameters(index = "1", paramLabel = "PATH") String path;

        Chmod(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            UnixMode.parse(mode); // refused before a daemon or repository is opened
            try (MfsAccess mfs = MfsAccess.open(repo.resolve(env), env)) {
                mfs.chmod(mode, path, flush.value());
            }
            return 0;
        }
    }

    @Command(name = "touch", mixinStandardHelpOptions = true,
            description = "Set the UnixFS modification time of the file or directory at PATH (default: now).")
    static final class Touch implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin FlushOption flush;
        @Parameters(paramLabel = "PATH") String path;
        @Option(names = "--mtime", paramLabel = "SECONDS",
                description = "Seconds before or since the Unix epoch (absent or 0: now).") Long mtime;
        @Option(names = "--mtime-nsecs", paramLabel = "N", description = "Nanoseconds of the time, 0 to 999999999.")
        Long mtimeNsecs;

        Touch(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Mfs.touchTime(mtime, mtimeNsecs); // refused before a daemon or repository is opened
            try (MfsAccess mfs = MfsAccess.open(repo.resolve(env), env)) {
                mfs.touch(path, mtime, mtimeNsecs, flush.value());
            }
            return 0;
        }
    }
}
