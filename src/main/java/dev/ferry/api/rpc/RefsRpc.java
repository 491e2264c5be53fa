package dev.ferry.api.rpc;

import dev.ferry.dag.walk.RefsWalker;
import dev.ferry.dag.walk.ResolvedPath;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidEncoder;
import dev.ferry.node.NameException;
import dev.ferry.node.Node;
import dev.ferry.routing.FetchSession;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Kubo's {@code refs} (the links of DAGs, one {@code {"Ref","Err"}} line each), {@code refs/local} (every block in
 * the store), {@code resolve} ({@code {"Path"}}) and {@code dag/resolve} ({@code {"Cid":{"/"},"RemPath"}}). Blocks
 * missing locally are fetched through the node's content fetcher, each verified.
 */
final class RefsRpc {
    /** How long lines may wait in the buffer before they go out, so that a slow walk still shows its progress. */
    private static final long FLUSH_NANOS = 50_000_000L;

    private final Node node;

    private RefsRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        RefsRpc rpc = new RefsRpc(node);
        server.register("refs", Set.of("format", "edges", "e", "unique", "u", "recursive", "r", "max-depth"),
                rpc::refs);
        server.register("refs/local", Set.of(), rpc::local);
        server.register("resolve", Set.of("recursive", "r", "dht-record-count", "dhtrc", "dht-timeout", "dhtt"),
                rpc::resolve);
        // kubo-rpc-client sends its path option along after joining it to the argument: accepted, already applied
        server.register("dag/resolve", Set.of("path"), rpc::dagResolve);
    }

    /**
     * Every path is resolved first (a bad one fails the call, as in Kubo); then each root's refs stream out. A root
     * whose walk fails (a block that does not arrive, a block that does not decode) ends with a line whose
     * {@code Err} says why, and the next root follows.
     */
    private RpcResponse refs(RpcRequest r) {
        List<String> args = r.requiredArgs();
        boolean recursive = r.boolOption("recursive", r.boolOption("r", false));
        boolean unique = r.boolOption("unique", r.boolOption("u", false));
        boolean edges = r.boolOption("edges", r.boolOption("e", false));
        String format = r.option("format").orElse(RefsWalker.DEFAULT_FORMAT);
        long depth = r.longOption("max-depth", -1);
        if (depth < Integer.MIN_VALUE || depth > Integer.MAX_VALUE) {
            throw RpcException.badRequest("option \"max-depth\" out of range: " + depth);
        }
        int maxDepth = (int) depth;
        FetchSession session = node.fetcher().open(FilesRpc.blockTimeout(r));
        try {
            RefsWalker walker;
            try {
                walker = RefsWalker.of(session.blocks(), recursive, unique, edges, format, maxDepth, r.cidEncoder());
            } catch (IllegalArgumentException e) {
                throw RpcException.badRequest(e.getMessage());
            }
            List<Cid> roots = new ArrayList<>();
            for (String a : args) {
                roots.add(DagPaths.resolve(a, node, session.blocks()).cid());
            }
            if (recursive && maxDepth < 0) {
                // every block will be read: fetch the DAGs ahead of the walk, which finds them stored
                Thread.ofVirtual().name("prefetch refs").start(() -> {
                    for (Cid root : roots) {
                        try {
                            session.fetchAll(root);
                        } catch (RuntimeException e) {
                            // the walk meets the failure itself, and reports it on its root's line
                        }
                    }
                });
            }
            return new RpcResponse.Stream("application/x-ndjson", out -> {
                try (session) {
                    Lines lines = new Lines(out);
                    for (Cid root : roots) {
                        try {
                            walker.write(root, lines::ref);
                        } catch (RuntimeException e) {
                            lines.error(e.getMessage() == null ? e.toString() : e.getMessage());
                        }
                        out.flush();
                    }
                }
            });
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Kubo's RefWrapper lines, flushed now and then rather than one network packet each. */
    private static final class Lines {
        private final OutputStream out;
        private long flushed = System.nanoTime();

        Lines(OutputStream out) {
            this.out = out;
        }

        void ref(String ref) throws IOException {
            write(ref, "");
        }

        void error(String err) throws IOException {
            write("", err);
        }

        private void write(String ref, String err) throws IOException {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("Ref", ref);
            line.put("Err", err);
            AddRpc.writeLine(out, line);
            long now = System.nanoTime();
            if (now - flushed >= FLUSH_NANOS) {
                out.flush();
                flushed = now;
            }
        }
    }

    /**
     * Every block in the store, as Kubo since its blockstore is keyed by multihash: each as a CIDv1 with the raw
     * codec, whatever codec it was stored under.
     */
    private RpcResponse local(RpcRequest r) {
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            Lines lines = new Lines(out);
            try (Stream<Cid> cids = node.repo().blocks().cids()) {
                for (var it = cids.iterator(); it.hasNext(); ) {
                    lines.ref(it.next().toString());
                }
            }
        });
    }

    /**
     * Kubo's {@code resolve}: an {@code /ipns/} name without {@code recursive} is resolved one step and the path it
     * points to returned as is; anything else is resolved to the block it ends in, as {@code /ipfs/<cid>[/rest]}.
     */
    private RpcResponse resolve(RpcRequest r) {
        String name = r.arg();
        boolean recursive = r.boolOption("recursive", r.boolOption("r", true));
        r.longOption("dht-record-count", r.longOption("dhtrc", 0));
        r.option("dht-timeout").or(() -> r.option("dhtt")).filter(t -> !t.isEmpty()).ifPresent(t -> {
            try {
                dev.ferry.node.Durations.parse(t);
            } catch (IllegalArgumentException e) {
                throw RpcException.badRequest("dht-timeout: " + e.getMessage());
            }
        });
        if (name.startsWith("/ipns/") && !recursive) {
            try {
                return new RpcResponse.Json(Map.of("Path", node.names().resolve(name, false, true)));
            } catch (NameException e) {
                throw new RpcException(e.notFound() ? 500 : 400, e.getMessage());
            }
        }
        try (FetchSession session = node.fetcher().open(FilesRpc.blockTimeout(r))) {
            // as Kubo: without cid-base, the CID printed follows the one in the path (a name's target: the default)
            CidEncoder enc = name.startsWith("/ipns/") ? r.cidEncoder() : r.cidEncoderFor(name);
            ResolvedPath p = DagPaths.resolve(name, node, session.blocks());
            return new RpcResponse.Json(Map.of("Path", p.ipfsPath(enc)));
        }
    }

    /** Kubo's {@code dag/resolve}: the block the path ends in and the path left inside it. */
    private RpcResponse dagResolve(RpcRequest r) {
        try (FetchSession session = node.fetcher().open(FilesRpc.blockTimeout(r))) {
            ResolvedPath p = DagPaths.resolve(r.arg(), node, session.blocks());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("Cid", Map.of("/", p.cid().toString()));
            out.put("RemPath", p.remPath());
            return new RpcResponse.Json(out);
        }
    }
}
