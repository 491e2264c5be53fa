package dev.ferry.api.rpc;

import dev.ferry.dag.mfs.Mfs;
import dev.ferry.dag.mfs.MfsArgumentException;
import dev.ferry.dag.mfs.MfsEntry;
import dev.ferry.dag.mfs.MfsStat;
import dev.ferry.dag.mfs.MfsWrite;
import dev.ferry.dag.mfs.NodeFormat;
import dev.ferry.dag.mfs.UnixMode;
import dev.ferry.dag.unixfs.UnixTime;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidEncoder;
import dev.ferry.node.Node;
import dev.ferry.node.content.ContentLock;
import dev.ferry.routing.FetchSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubo's {@code files/*}: the node's Mutable File System ({@link Mfs}). Paths are MFS paths; {@code stat}, {@code ls}
 * and the source of {@code cp} also take {@code /ipfs/} and {@code /ipns/} paths (an IPFS path wins over an MFS
 * directory named {@code ipfs}, as in Kubo). Blocks not stored are fetched like {@code cat}'s, each verified. A change
 * is synced and its root saved before the answer unless {@code flush=false} (Kubo's batch mode: saved by the next
 * flushing change, {@code files/flush}, or the node's shutdown). Changes hold the content lock shared, so a
 * collection never sweeps blocks of a change in flight.
 */
final class MfsRpc {
    /** Kubo's default {@code files stat} format. */
    static final String DEFAULT_STAT_FORMAT = "<hash>\nSize: <size>\nCumulativeSize: <cumulsize>\nChildBlocks: <childs>"
            + "\nType: <type>\nMode: <mode> (<mode-octal>)\nMtime: <mtime>";
    /** The default of Kubo before UnixFS 1.5 metadata, which its older clients send as the format. */
    private static final String OLD_DEFAULT_STAT_FORMAT =
            "<hash>\nSize: <size>\nCumulativeSize: <cumulsize>\nChildBlocks: <childs>\nType: <type>";

    private final Node node;
    private final MultipartLimits limits;

    private MfsRpc(Node node, MultipartLimits limits) {
        this.node = node;
        this.limits = limits;
    }

    static void install(RpcServer server, Node node, MultipartLimits limits) {
        MfsRpc m = new MfsRpc(node, limits);
        server.register("files/stat", Set.of("format", "hash", "size", "with-local", "flush"), m::stat);
        server.register("files/ls", Set.of("long", "l", "U", "stream", "flush"), m::ls);
        // kubo-rpc-client sends its "length" as "count" and passes "length" on as well
        server.register("files/read", Set.of("offset", "o", "count", "n", "length", "flush"), m::read);
        server.register("files/write", Set.of("offset", "o", "create", "e", "parents", "p", "truncate", "t",
                "count", "n", "length", "raw-leaves", "cid-version", "cid-ver", "hash", "flush", "f"), m::write);
        server.register("files/mkdir", Set.of("parents", "p", "cid-version", "cid-ver", "hash", "flush", "f"),
                m::mkdir);
        server.register("files/cp", Set.of("parents", "p", "flush", "f"), m::cp);
        server.register("files/mv", Set.of("flush", "f"), m::mv);
        server.register("files/rm", Set.of("recursive", "r", "force", "flush", "f"), m::rm);
        server.register("files/flush", Set.of(), m::flush);
        server.register("files/chcid", Set.of("cid-version", "cid-ver", "hash", "flush", "f"), m::chcid);
        server.register("files/chmod", Set.of("flush", "f"), m::chmod);
        server.register("files/touch", Set.of("mtime", "mtime-nsecs", "flush", "f"), m::touch);
    }

    private interface Call<T> {
        T run(FetchSession session) throws IOException;
    }

    /** A change: told whether to save the root at once (Kubo's {@code flush}, default true). */
    private interface Change {
        void run(FetchSession session, boolean flush) throws IOException;
    }

    /** Runs an MFS call in a fetch session, with Kubo's statuses: 400 for malformed arguments, 500 otherwise. */
    private <T> T inSession(RpcRequest r, Call<T> call) throws IOException {
        try (FetchSession session = node.fetcher().open(FilesRpc.blockTimeout(r))) {
            return call.run(session);
        } catch (MfsArgumentException e) {
            throw RpcException.badRequest(e.getMessage());
        }
    }

    /**
     * As {@link #inSession}, for a change (answered with an empty body, as Kubo's): the content lock is held so that
     * a collection waits for it.
     */
    private RpcResponse changing(RpcRequest r, Change change) throws IOException {
        boolean flush = r.boolOption("flush", true) && r.boolOption("f", true);
        try (ContentLock.Held held = ContentLock.of(node.repo().blocks()).writing()) {
            inSession(r, session -> {
                change.run(session, flush);
                return null;
            });
            node.contentChanged();
            return new RpcResponse.Stream("text/plain", out -> { });
        }
    }

    private static boolean flag(RpcRequest r, String name, String alias) {
        return r.boolOption(name, false) || r.boolOption(alias, false);
    }

    private static long number(RpcRequest r, String name, String alias, long dflt) {
        return r.options().containsKey(name) ? r.longOption(name, dflt) : r.longOption(alias, dflt);
    }

    /**
     * {@code cid-version} and {@code hash} as Kubo reads them ({@link NodeFormat#fromOptions}): null when neither is
     * given; a hash function means CIDv1.
     */
    private static NodeFormat format(RpcRequest r) {
        Optional<String> v = r.option("cid-version").or(() -> r.option("cid-ver"));
        Integer version = null;
        if (v.isPresent()) {
            version = switch (v.get()) {
                case "0" -> 0;
                case "1" -> 1;
                default -> throw RpcException.badRequest("unsupported CID version " + v.get() + ": 0 or 1");
            };
        }
        try {
            return NodeFormat.fromOptions(version, r.option("hash").orElse(null));
        } catch (MfsArgumentException e) {
            throw RpcException.badRequest(e.getMessage());
        }
    }

    private static boolean isContentPath(String p) {
        return p.startsWith("/ipfs/") || p.startsWith("/ipns/");
    }

    /** The node a path names: an IPFS path's, else the MFS entry's. */
    private Cid nodeOf(FetchSession session, String path) {
        if (isContentPath(path)) {
            IpfsPath p = IpfsPath.resolve(path, node);
            return new UnixfsExporter(session.blocks()).resolve(p.root(), p.path());
        }
        return node.files().lookup(session.blocks(), path);
    }

    private RpcResponse stat(RpcRequest r) throws IOException {
        String path = r.arg();
        boolean hash = r.boolOption("hash", false);
        boolean size = r.boolOption("size", false);
        String format = r.option("format").filter(f -> !f.isEmpty()).orElse(DEFAULT_STAT_FORMAT);
        boolean defaultFormat = format.equals(DEFAULT_STAT_FORMAT) || format.equals(OLD_DEFAULT_STAT_FORMAT);
        int formats = (hash ? 1 : 0) + (size ? 1 : 0) + (defaultFormat ? 0 : 1);
        if (formats > 1) {
            throw RpcException.badRequest("format was set by multiple options. Only one format option is allowed");
        }
        boolean withLocal = r.boolOption("with-local", false);
        r.boolOption("flush", true);
        CidEncoder enc = r.cidEncoder();
        return inSession(r, session -> {
            Cid cid = nodeOf(session, path);
            MfsStat s = Mfs.stat(session.blocks(), cid);
            Mfs.Locality local = withLocal ? Mfs.locality(node.repo().blocks(), cid) : null;
            return new RpcResponse.Json(MfsStatJson.of(s, enc, local));
        });
    }


    /** Kubo's {@code {"Entries":[{"Name","Type","Size","Hash"}]}}; without {@code long}, names only. */
    private RpcResponse ls(RpcRequest r) throws IOException {
        String path = r.args().isEmpty() ? "/" : r.arg();
        boolean details = flag(r, "long", "l");
        r.boolOption("U", false);
        r.boolOption("stream", false);
        r.boolOption("flush", true);
        CidEncoder enc = r.cidEncoder();
        return inSession(r, session -> {
            List<MfsEntry> entries;
            if (isContentPath(path)) {
                Cid cid = nodeOf(session, path);
                String name = path.replaceAll("/+$", "");
                entries = Mfs.list(session.blocks(), cid, name.substring(name.lastIndexOf('/') + 1), details);
            } else {
                entries = node.files().list(session.blocks(), path, details);
            }
            List<Map<String, Object>> out = new ArrayList<>(entries.size());
            for (MfsEntry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("Name", e.name());
                m.put("Type", e.directory() ? 1 : 0);
                m.put("Size", e.size());
                m.put("Hash", e.cid() == null ? "" : enc.encode(e.cid()));
                out.add(m);
            }
            return new RpcResponse.Json(Map.of("Entries", out));
        });
    }

    /** The file's bytes, streamed as they are read (blocks fetched on the way). */
    private RpcResponse read(RpcRequest r) {
        String path = r.arg();
        long offset = number(r, "offset", "o", 0);
        long count = number(r, "count", "n", -1);
        if (offset < 0) {
            throw RpcException.badRequest("cannot specify negative offset");
        }
        if (r.options().containsKey("count") || r.options().containsKey("n")) {
            if (count < 0) {
                throw RpcException.badRequest("cannot specify negative 'count'");
            }
        }
        r.boolOption("flush", true);
        FetchSession session = node.fetcher().open(FilesRpc.blockTimeout(r));
        InputStream in;
        try {
            in = node.files().read(session.blocks(), path, offset, count);
        } catch (MfsArgumentException e) {
            session.close();
            throw RpcException.badRequest(e.getMessage());
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return new RpcResponse.Stream("application/octet-stream", out -> {
            try (session; in) {
                in.transferTo(out);
            }
        });
    }

    /** The data is the body's first part; the answer is empty, as Kubo's. */
    private RpcResponse write(RpcRequest r) throws IOException {
        String path = r.arg();
        long offset = number(r, "offset", "o", 0);
        boolean counted = r.options().containsKey("count") || r.options().containsKey("n");
        long count = number(r, "count", "n", -1);
        if (counted && count < 0) {
            throw RpcException.badRequest("cannot have negative byte count");
        }
        if (offset < 0) {
            throw RpcException.badRequest("cannot have negative write offset");
        }
        Boolean rawLeaves = r.option("raw-leaves").isPresent() ? r.boolOption("raw-leaves", false) : null;
        MfsWrite options = new MfsWrite(offset, flag(r, "create", "e"), flag(r, "parents", "p"),
                flag(r, "truncate", "t"), count, rawLeaves, null, format(r));
        MultipartReader parts = r.multipart(limits);
        Optional<MultipartPart> part = parts.next();
        if (part.isEmpty()) {
            throw RpcException.badRequest("argument \"data\" is required");
        }
        InputStream data = part.get().body();
        return changing(r, (session, flush) -> node.files().write(session.blocks(), path, data, options, flush));
    }

    private RpcResponse mkdir(RpcRequest r) throws IOException {
        String path = r.arg();
        boolean parents = flag(r, "parents", "p");
        NodeFormat format = format(r);
        return changing(r, (session, flush) -> node.files().mkdir(session.blocks(), path, parents, format, flush));
    }

    private RpcResponse cp(RpcRequest r) throws IOException {
        List<String> args = r.requiredArgs();
        if (args.size() != 2) {
            throw RpcException.badRequest("files/cp takes a source and a destination");
        }
        String source = args.get(0).replaceAll("(?<=.)/+$", "");
        String dest = args.get(1);
        boolean parents = flag(r, "parents", "p");
        return changing(r, (session, flush) -> {
            Cid cid;
            try {
                cid = nodeOf(session, source);
            } catch (RuntimeException e) {
                throw new RpcException(500, "cp: cannot get node from path " + source + ": " + e.getMessage());
            }
            String name = source.substring(source.lastIndexOf('/') + 1);
            node.files().copy(session.blocks(), cid, name, dest, parents, flush);
        });
    }

    private RpcResponse mv(RpcRequest r) throws IOException {
        List<String> args = r.requiredArgs();
        if (args.size() != 2) {
            throw RpcException.badRequest("files/mv takes a source and a destination");
        }
        return changing(r, (session, flush) -> node.files().move(session.blocks(), args.get(0), args.get(1), flush));
    }

    private RpcResponse rm(RpcRequest r) throws IOException {
        List<String> paths = r.requiredArgs();
        boolean recursive = flag(r, "recursive", "r");
        boolean force = r.boolOption("force", false);
        return changing(r, (session, flush) -> node.files().remove(session.blocks(), paths, recursive, force, flush));
    }

    private RpcResponse flush(RpcRequest r) throws IOException {
        String path = r.args().isEmpty() ? "/" : r.arg();
        CidEncoder enc = r.cidEncoder();
        return inSession(r, session -> new RpcResponse.Json(
                Map.of("Cid", enc.encode(node.files().flush(session.blocks(), path)))));
    }

    /** {@code arg} the octal mode, {@code arg} the path; only the node's own block is written again. */
    private RpcResponse chmod(RpcRequest r) throws IOException {
        List<String> args = r.requiredArgs();
        if (args.size() != 2) {
            throw RpcException.badRequest("files/chmod takes a mode and a path");
        }
        long mode;
        try {
            mode = UnixMode.parse(args.get(0));
        } catch (MfsArgumentException e) {
            throw RpcException.badRequest(e.getMessage());
        }
        return changing(r, (session, flush) -> node.files().chmod(session.blocks(), args.get(1), mode, flush));
    }

    /** {@code mtime} in seconds (absent or 0: now) and {@code mtime-nsecs}, as Kubo's options. */
    private RpcResponse touch(RpcRequest r) throws IOException {
        String path = r.arg();
        Long seconds = r.options().containsKey("mtime") ? r.longOption("mtime", 0) : null;
        Long nanos = r.options().containsKey("mtime-nsecs") ? r.longOption("mtime-nsecs", 0) : null;
        UnixTime mtime;
        try {
            mtime = Mfs.touchTime(seconds, nanos);
        } catch (MfsArgumentException e) {
            throw RpcException.badRequest(e.getMessage());
        }
        return changing(r, (session, flush) -> node.files().touch(session.blocks(), path, mtime, flush));
    }

    private RpcResponse chcid(RpcRequest r) throws IOException {
        String path = r.args().isEmpty() ? "/" : r.arg();
        NodeFormat format = format(r);
        return changing(r, (session, flush) -> node.files().changeFormat(session.blocks(), path, format, flush));
    }
}
