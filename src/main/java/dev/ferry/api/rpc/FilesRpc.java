package dev.ferry.api.rpc;

import dev.ferry.api.http.ArchiveOptions;
import dev.ferry.api.http.UnixfsArchive;
import dev.ferry.dag.unixfs.UnixfsEntry;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidEncoder;
import dev.ferry.node.Node;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.GatewayFetcher;
import dev.ferry.routing.SourceUse;
import dev.ferry.identity.PeerId;
import dev.ferry.routing.gateway.GatewayClient;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reading UnixFS content: {@code cat}, {@code get} (tar) and {@code ls}. Everything goes through the node's
 * {@link dev.ferry.routing.ContentFetcher}: local blocks first, then the network, each block verified.
 */
final class FilesRpc {
    /** Kubo waits for blocks as long as the request lives; ferry bounds the wait per block. */
    static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofSeconds(60);

    private final Node node;
    private final FetchReports reports = new FetchReports();

    private FilesRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        FilesRpc f = new FilesRpc(node);
        server.register("cat", Set.of("offset", "length", "progress", "fetch-report"), f::cat);
        server.register("get", Set.of("output", "archive", "compress", "compression-level", "compressionLevel",
                "progress", "gateway", "fetch-report"), f::get);
        server.register("routing/report", Set.of(), f::report);
        server.register("ls", Set.of("headers", "resolve-type", "size", "stream"), f::ls);
    }

    static Duration blockTimeout(RpcRequest r) {
        return r.option("timeout").map(RpcServer::timeout).orElse(DEFAULT_BLOCK_TIMEOUT);
    }

    private RpcResponse cat(RpcRequest r) {
        IpfsPath target = IpfsPath.resolve(r.arg(), node);
        long offset = r.longOption("offset", 0);
        long length = r.longOption("length", -1);
        if (offset < 0) {
            throw RpcException.badRequest("cannot specify negative offset");
        }
        if (r.options().containsKey("length") && length < 0) {
            throw RpcException.badRequest("cannot specify negative length");
        }
        Optional<String> reportId = FetchReports.idOf(r);
        FetchSession session = reported(node.fetcher().open(blockTimeout(r)), reportId);
        try {
            UnixfsExporter exporter = new UnixfsExporter(session.blocks());
            Cid cid = exporter.resolve(target.root(), target.path());
            reportRequest(r, cid);
            InputStream in = exporter.cat(cid, offset, length);
            // fetch the DAG ahead of the reader; blocks land verified in the store, where the exporter finds them
            Thread.ofVirtual().name("prefetch " + cid).start(() -> {
                try {
                    session.fetchAll(cid);
                } catch (RuntimeException e) {
                    // the reader sees the failure itself when it needs the block
                }
            });
            long size = exporter.size(cid);
            long from = Math.min(offset, size);
            long count = length < 0 ? size - from : Math.min(length, size - from);
            return new RpcResponse.Stream("text/plain", Map.of("X-Content-Length", Long.toString(count)), out -> {
                try (in; session) {
                    in.transferTo(out);
                }
            });
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * Kubo's {@code get}: the file or directory as a tar stream, with the content's size in {@code X-Content-Length}
     * for the client's progress bar. A file streams while its blocks arrive (fetched ahead of the writer), so the bar
     * follows the transfer; a block that never comes truncates the archive, which the client reports as a failure.
     * A directory is fetched and verified whole first, then its exact size is known and it streams from the store.
     * {@code compress} gzips the stream ({@code compression-level} 1-9, default 6): the tar with {@code archive},
     * else a file's own bytes (a directory is refused).
     */
    private RpcResponse get(RpcRequest r) throws IOException {
        ArchiveOptions form = archiveOptions(r);
        IpfsPath target = IpfsPath.resolve(r.arg(), node);
        String name = target.path().isEmpty() ? target.root().toString()
                : target.path().substring(target.path().lastIndexOf('/') + 1);
        // ferry's own option: fetch from this one trustless gateway (verified) instead of the node's sources
        ContentFetcher fetcher = r.option("gateway").<ContentFetcher>map(u -> {
            try {
                return GatewayFetcher.oneShot(node.repo().blocks(), GatewayClient.parse(u));
            } catch (IllegalArgumentException e) {
                throw RpcException.badRequest("invalid gateway URL '" + u + "': " + e.getMessage());
            }
        }).orElse(node.fetcher());
        FetchSession session = reported(fetcher.open(blockTimeout(r)), FetchReports.idOf(r));
        try {
            UnixfsExporter net = new UnixfsExporter(session.blocks());
            Cid cid = net.resolve(target.root(), target.path());
            if (r.option("gateway").isEmpty()) {
                reportRequest(r, cid); // a fetch from a gateway of the caller's choosing is its own business
            }
            UnixfsEntry root = net.stat(cid);
            UnixfsArchive.check(root, form);
            if (!root.type().isDirectory() && root.type() != UnixfsType.SYMLINK) {
                long size = root.size();
                Thread.ofVirtual().name("prefetch " + cid).start(() -> {
                    try {
                        session.fetchAll(cid);
                    } catch (RuntimeException e) {
                        // the writer sees the failure itself when it needs the block
                    }
                });
                return new RpcResponse.Stream(form.contentType(), Map.of("X-Content-Length", Long.toString(size)),
                        out -> {
                            try (session) {
                                UnixfsArchive.write(net, name, cid, form, out);
                            }
                        });
            }
            session.fetchAll(cid);
            session.close();
            node.repo().blocks().sync();
            UnixfsExporter local = new UnixfsExporter(node.repo().blocks());
            long total = UnixfsArchive.contentSize(local, cid);
            return new RpcResponse.Stream(form.contentType(), Map.of("X-Content-Length", Long.toString(total)),
                    out -> UnixfsArchive.write(local, name, cid, form, out));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * {@code archive}, {@code compress} and {@code compression-level} as Kubo reads them, checked before anything is
     * fetched. kubo-rpc-client sends the level as {@code compressionLevel}, a name Kubo ignores; ferry takes it.
     */
    private static ArchiveOptions archiveOptions(RpcRequest r) {
        String levelName = r.options().containsKey("compression-level") ? "compression-level" : "compressionLevel";
        Long level = r.options().containsKey(levelName) ? r.longOption(levelName, 0) : null;
        try {
            return ArchiveOptions.of(r.boolOption("archive", false), r.boolOption("compress", false), level);
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest(e.getMessage());
        }
    }

    /**
     * Reports a read to predictive caching, before the content itself is read (so that a prefetched root is told
     * from one this call fetched); the caller is keyed by its address.
     */
    private void reportRequest(RpcRequest r, Cid cid) {
        node.prefetcher().requested("rpc " + r.client(), cid);
    }

    /** With a report id, the session leaves its sources in {@link #reports} when it closes. */
    private FetchSession reported(FetchSession session, Optional<String> id) {
        if (id.isEmpty()) {
            return session;
        }
        return new ReportingSession(session, sources -> reports.put(id.get(), sources));
    }

    /**
     * ferry's {@code routing/report?arg=ID}: the sources of the {@code cat} or {@code get} that was sent with
     * {@code fetch-report=ID}, once it ended: {@code {"Sources": [{"Type": "peer|proxy|ipfs|gateway",
     * "Peer": "12D3…" or "", "DID": "did:key:…" or "", "Address": gateway URL or "", "Blocks": n, "Bytes": n}]}};
     * empty when everything was local.
     */
    private RpcResponse report(RpcRequest r) {
        String id = r.arg();
        List<SourceUse> sources = reports.take(id).orElseThrow(() -> new RpcException(404,
                "no fetch report " + id + ": a report exists once its cat or get ended, and is handed out once"));
        List<Map<String, Object>> list = new ArrayList<>();
        for (SourceUse u : sources) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Type", u.type());
            boolean isPeer = u.type().equals("peer") || u.type().equals("proxy");
            m.put("Peer", isPeer ? u.id() : "");
            m.put("DID", isPeer ? didOf(u.id()) : "");
            m.put("Address", u.type().equals("gateway") ? u.id() : "");
            m.put("Blocks", u.blocks());
            m.put("Bytes", u.bytes());
            list.add(m);
        }
        return new RpcResponse.Json(Map.of("Sources", list));
    }

    /** The did:key the peer's connection proved (from its capabilities record), or "". */
    private String didOf(String peer) {
        try {
            return node.capabilities().peerCapabilities(PeerId.parse(peer))
                    .map(c -> c.did().toString()).orElse("");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * Kubo's {@code ls}: {@code {"Objects":[{"Hash":<arg>,"Links":[{"Name","Hash","Size","Type","Target"}]}]}},
     * one object per argument. A file lists no links. Type is the UnixFS type code (1 directory, 2 file, 4 symlink);
     * Size is a file's content size (0 for directories).
     */
    private RpcResponse ls(RpcRequest r) {
        List<String> args = r.requiredArgs();
        boolean resolveType = r.boolOption("resolve-type", true);
        boolean size = r.boolOption("size", true);
        boolean stream = r.boolOption("stream", false);
        r.boolOption("headers", false);
        CidEncoder enc = r.cidEncoder();
        List<Map<String, Object>> objects = new ArrayList<>();
        try (FetchSession session = node.fetcher().open(blockTimeout(r))) {
            UnixfsExporter exporter = new UnixfsExporter(session.blocks());
            for (String arg : args) {
                IpfsPath p = IpfsPath.resolve(arg, node);
                Cid cid = exporter.resolve(p.root(), p.path());
                reportRequest(r, cid);
                objects.add(LsJson.object(exporter, cid, arg, enc, size, resolveType));
            }
        }
        if (!stream) {
            return new RpcResponse.Json(Map.of("Objects", objects));
        }
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            for (Map<String, Object> o : objects) {
                out.write(RpcServer.JSON.writeValueAsBytes(Map.of("Objects", List.of(o))));
                out.write('\n');
            }
        });
    }
}
