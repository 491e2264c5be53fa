package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.dag.mfs.Mfs;
import dev.ferry.dag.mfs.MfsEntry;
import dev.ferry.dag.mfs.MfsStat;
import dev.ferry.dag.mfs.MfsWrite;
import dev.ferry.dag.mfs.UnixMode;
import dev.ferry.dag.unixfs.UnixTime;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.mfs.NodeFormat;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.node.repo.FilesRootFile;
import dev.ferry.node.repo.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MFS as {@code ferry files} reaches it: through a running daemon's {@code files/*} RPC, or directly on the
 * repository when none runs (local blocks only; {@code /ipns/} paths resolve from the repository's own records).
 * Both give the same answers, so the commands print the same either way.
 */
sealed interface MfsAccess extends AutoCloseable {
    MfsStat stat(String path) throws IOException;

    /** Kubo's {@code --with-local}: whether the whole DAG is stored, and the bytes that are. */
    Mfs.Locality locality(String path) throws IOException;

    List<MfsEntry> list(String path, boolean details) throws IOException;

    InputStream read(String path, long offset, long count) throws IOException;

    void write(String path, InputStream data, MfsWrite options, boolean flush) throws IOException;

    /** {@code files mkdir}; {@code format} null: the parent's ({@link NodeFormat#fromOptions}). */
    void mkdir(String path, boolean parents, NodeFormat format, boolean flush) throws IOException;

    void copy(String source, String dest, boolean parents, boolean flush) throws IOException;

    void move(String source, String dest, boolean flush) throws IOException;

    void remove(List<String> paths, boolean recursive, boolean force, boolean flush) throws IOException;

    Cid flush(String path) throws IOException;

    /** {@code files chcid}; {@code format} null changes nothing. */
    void changeFormat(String path, NodeFormat format, boolean flush) throws IOException;

    /** {@code files chmod}: {@code mode} as the user gave it (octal text). */
    void chmod(String mode, String path, boolean flush) throws IOException;

    /** {@code files touch}: Kubo's {@code --mtime} and {@code --mtime-nsecs} (null when not given). */
    void touch(String path, Long seconds, Long nanos, boolean flush) throws IOException;

    @Override
    void close() throws IOException;

    /** The daemon of the repository if one runs, else the repository itself. */
    static MfsAccess open(java.nio.file.Path repoDir, FerryCli.CliEnv env) throws IOException {
        var daemon = DaemonClient.find(repoDir, env);
        if (daemon.isPresent()) {
            return new ViaDaemon(daemon.get());
        }
        return new OnRepo(Repo.open(repoDir));
    }

    /** Directly on a repository (which this process then holds). */
    record OnRepo(Repo repo, Mfs mfs) implements MfsAccess {
        OnRepo(Repo repo) {
            this(repo, new Mfs(new FilesRootFile(repo.path())));
        }

        private Cid node(String path) {
            if (path.startsWith("/ipfs/") || path.startsWith("/ipns/")) {
                Args.CidPath p = Args.local(path, repo);
                return p.path().isEmpty() ? p.cid() : new UnixfsExporter(repo.blocks()).resolve(p.cid(), p.path());
            }
            return mfs.lookup(repo.blocks(), path);
        }

        @Override
        public MfsStat stat(String path) {
            return Mfs.stat(repo.blocks(), node(path));
        }

        @Override
        public Mfs.Locality locality(String path) {
            return Mfs.locality(repo.blocks(), node(path));
        }

        @Override
        public List<MfsEntry> list(String path, boolean details) {
            if (path.startsWith("/ipfs/") || path.startsWith("/ipns/")) {
                return Mfs.list(repo.blocks(), node(path), Args.lastName(path), details);
            }
            return mfs.list(repo.blocks(), path, details);
        }

        @Override
        public InputStream read(String path, long offset, long count) {
            return mfs.read(repo.blocks(), path, offset, count);
        }

        @Override
        public void write(String path, InputStream data, MfsWrite options, boolean flush) throws IOException {
            mfs.write(repo.blocks(), path, data, options, flush);
        }

        @Override
        public void mkdir(String path, boolean parents, NodeFormat format, boolean flush) {
            mfs.mkdir(repo.blocks(), path, parents, format, flush);
        }

        @Override
        public void copy(String source, String dest, boolean parents, boolean flush) {
            String s = source.length() > 1 ? source.replaceAll("/+$", "") : source;
            mfs.copy(repo.blocks(), node(s), Args.lastName(s), dest, parents, flush);
        }

        @Override
        public void move(String source, String dest, boolean flush) {
            mfs.move(repo.blocks(), source, dest, flush);
        }

        @Override
        public void remove(List<String> paths, boolean recursive, boolean force, boolean flush) {
            mfs.remove(repo.blocks(), paths, recursive, force, flush);
        }

        @Override
        public Cid flush(String path) {
            return mfs.flush(repo.blocks(), path);
        }

        @Override
        public void changeFormat(String path, NodeFormat format, boolean flush) {
            mfs.changeFormat(repo.blocks(), path, format, flush);
        }

        @Override
        public void chmod(String mode, String path, boolean flush) {
            mfs.chmod(repo.blocks(), path, UnixMode.parse(mode), flush);
        }

        @Override
        public void touch(String path, Long seconds, Long nanos, boolean flush) {
            mfs.touch(repo.blocks(), path, Mfs.touchTime(seconds, nanos), flush);
        }

        /** Changes made with flush off are saved when the command ends, as Kubo's offline node saves them. */
        @Override
        public void close() {
            try {
                mfs.saveUnflushed(repo.blocks());
            } finally {
                repo.close();
            }
        }
    }

    /** Through the daemon's RPC API. */
    record ViaDaemon(DaemonClient daemon) implements MfsAccess {
        private static Map<String, String> opts(Object... kv) {
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                if (kv[i + 1] != null) {
                    m.put((String) kv[i], kv[i + 1].toString());
                }
            }
            return m;
        }

        private void call(String command, List<String> args, Map<String, String> options) throws IOException {
            try (InputStream in = daemon.stream(command, args, options)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }

        @Override
        public MfsStat stat(String path) throws IOException {
            JsonNode j = daemon.json("files/stat", List.of(path), Map.of());
            String type = j.path("Type").asText();
            Long mode = j.hasNonNull("Mode") ? UnixMode.fromGoMode(Long.parseLong(j.path("Mode").asText(), 8)) : null;
            UnixTime mtime = j.has("Mtime") || j.has("MtimeNsecs") ? new UnixTime(j.path("Mtime").asLong(),
                    j.path("MtimeNsecs").asInt() == 0 ? null : j.path("MtimeNsecs").asInt()) : null;
            return new MfsStat(Cid.parse(j.path("Hash").asText()), j.path("Size").asLong(),
                    j.path("CumulativeSize").asLong(), j.path("Blocks").asInt(), type, mode, mtime);
        }

        @Override
        public Mfs.Locality locality(String path) throws IOException {
            JsonNode j = daemon.json("files/stat", List.of(path), Map.of("with-local", "true"));
            return new Mfs.Locality(j.path("Local").asBoolean(), j.path("SizeLocal").asLong());
        }

        @Override
        public List<MfsEntry> list(String path, boolean details) throws IOException {
            JsonNode j = daemon.json("files/ls", List.of(path), opts("long", details));
            List<MfsEntry> out = new ArrayList<>();
            for (JsonNode e : j.path("Entries")) {
                String hash = e.path("Hash").asText("");
                out.add(new MfsEntry(e.path("Name").asText(), e.path("Type").asInt() == 1, e.path("Size").asLong(),
                        hash.isEmpty() ? null : Cid.parse(hash)));
            }
            return out;
        }

        @Override
        public InputStream read(String path, long offset, long count) throws IOException {
            return daemon.stream("files/read", List.of(path), opts("offset", offset, "count", count < 0 ? null : count));
        }

        @Override
        public void write(String path, InputStream data, MfsWrite o, boolean flush) throws IOException {
            MultipartBody body = new MultipartBody().file("data", () -> data);
            try (InputStream in = daemon.upload("files/write", List.of(path), opts("offset", o.offset(),
                    "create", o.create(), "parents", o.parents(), "truncate", o.truncate(),
                    "count", o.count() < 0 ? null : o.count(), "raw-leaves", o.rawLeaves(),
                    "cid-version", version(o.format()), "hash", hash(o.format()), "flush", flush), body)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }

        @Override
        public void mkdir(String path, boolean parents, NodeFormat format, boolean flush) throws IOException {
            call("files/mkdir", List.of(path), opts("parents", parents, "cid-version", version(format),
                    "hash", hash(format), "flush", flush));
        }

        /** The format as the daemon reads it back ({@link NodeFormat#fromOptions}): a hash only when not sha2-256. */
        private static Integer version(NodeFormat f) {
            return f == null ? null : f.cidVersion();
        }

        private static String hash(NodeFormat f) {
            return f == null || f.hashFunction() == HashFunction.SHA2_256 ? null : f.hashFunction().functionName();
        }

        @Override
        public void copy(String source, String dest, boolean parents, boolean flush) throws IOException {
            call("files/cp", List.of(source, dest), opts("parents", parents, "flush", flush));
        }

        @Override
        public void move(String source, String dest, boolean flush) throws IOException {
            call("files/mv", List.of(source, dest), opts("flush", flush));
        }

        @Override
        public void remove(List<String> paths, boolean recursive, boolean force, boolean flush) throws IOException {
            call("files/rm", paths, opts("recursive", recursive, "force", force, "flush", flush));
        }

        @Override
        public Cid flush(String path) throws IOException {
            return Cid.parse(daemon.json("files/flush", List.of(path), Map.of()).path("Cid").asText());
        }

        @Override
        public void changeFormat(String path, NodeFormat format, boolean flush) throws IOException {
            call("files/chcid", List.of(path), opts("cid-version", version(format), "hash", hash(format),
                    "flush", flush));
        }

        @Override
        public void chmod(String mode, String path, boolean flush) throws IOException {
            call("files/chmod", List.of(mode, path), opts("flush", flush));
        }

        @Override
        public void touch(String path, Long seconds, Long nanos, boolean flush) throws IOException {
            call("files/touch", List.of(path), opts("mtime", seconds, "mtime-nsecs", nanos, "flush", flush));
        }

        @Override
        public void close() {
        }
    }
}
