package dev.ferry.api.rpc;

import dev.ferry.dag.car.CarException;
import dev.ferry.dag.car.CarExporter;
import dev.ferry.dag.car.CarImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.node.Node;
import dev.ferry.node.content.ContentLock;
import dev.ferry.node.content.Pinner;
import dev.ferry.routing.FetchSession;
import dev.ferry.store.BlockException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubo's {@code dag export} (a CARv1 stream), {@code dag import} (CAR files in a multipart body), {@code dag put}
 * (nodes in a multipart body, one {@code {"Cid":{"/":"..."}}} line each) and {@code dag get} (the value at a path,
 * in dag-json or dag-cbor).
 */
final class DagRpc {
    /** CAR files one import may carry. */
    static final int MAX_CARS = 1024;

    private final Node node;
    private final MultipartLimits limits;

    private DagRpc(Node node, MultipartLimits limits) {
        this.node = node;
        this.limits = limits.withMaxParts(Math.min(limits.maxParts(), MAX_CARS));
    }

    static void install(RpcServer server, Node node, MultipartLimits limits) {
        DagRpc d = new DagRpc(node, limits);
        server.register("dag/export", Set.of("progress"), d::export);
        server.register("dag/import", Set.of("pin-roots", "stats", "silent", "allow-big-block"), d::importCars);
        server.register("dag/put", Set.of("store-codec", "input-codec", "pin", "hash", "allow-big-block"), d::put);
        server.register("dag/get", Set.of("output-codec", "timeout"), d::get);
    }

    private RpcResponse put(RpcRequest r) throws IOException {
        String store = r.option("store-codec").filter(c -> !c.isEmpty()).orElse("dag-cbor");
        String input = r.option("input-codec").filter(c -> !c.isEmpty()).orElse("dag-json");
        HashFunction hash;
        try {
            hash = HashFunction.named(r.option("hash").filter(h -> !h.isEmpty()).orElse("sha2-256"));
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest(e.getMessage());
        }
        int max = r.boolOption("allow-big-block", false) ? 2 << 20 : 1 << 20;
        List<dev.ferry.store.Block> blocks = new ArrayList<>();
        MultipartReader parts = r.multipart(limits);
        for (Optional<MultipartPart> p = parts.next(); p.isPresent(); p = parts.next()) {
            byte[] in = p.get().body().readNBytes(max * 4 + 1);
            try {
                blocks.add(dev.ferry.dag.json.DagCodecs.put(in, input, store, hash, max));
            } catch (IllegalArgumentException e) {
                throw RpcException.badRequest(e.getMessage());
            }
        }
        if (blocks.isEmpty()) {
            throw RpcException.badRequest("argument \"object data\" is required");
        }
        try (ContentLock.Held held = ContentLock.of(node.repo().blocks()).writing()) {
            for (dev.ferry.store.Block b : blocks) {
                node.repo().blocks().put(b);
            }
            node.repo().blocks().sync();
            if (r.boolOption("pin", false)) {
                Pinner pinner = new Pinner(node.repo().blocks(), node.repo().pins());
                for (dev.ferry.store.Block b : blocks) {
                    pinner.pinRecursive(b.cid());
                }
            }
        }
        node.contentChanged();
        return new RpcResponse.Stream("application/json", out -> {
            for (dev.ferry.store.Block b : blocks) {
                AddRpc.writeLine(out, Map.of("Cid", Map.of("/", b.cid().toString())));
            }
        });
    }

    private RpcResponse get(RpcRequest r) {
        IpfsPath path = IpfsPath.resolve(r.arg(), node);
        String codec = r.option("output-codec").filter(c -> !c.isEmpty()).orElse("dag-json");
        if (!codec.equals("dag-json") && !codec.equals("dag-cbor")) {
            throw RpcException.badRequest("unsupported output codec " + codec + ": dag-json or dag-cbor");
        }
        byte[] out;
        try (FetchSession session = node.fetcher().open(FilesRpc.blockTimeout(r))) {
            List<String> segs = path.path().isEmpty() ? List.of() : List.of(path.path().split("/"));
            out = dev.ferry.dag.json.DagCodecs.output(
                    dev.ferry.dag.json.DataModel.resolve(session.blocks(), path.root(), segs).value(), codec);
        } catch (IllegalArgumentException | dev.ferry.dag.json.DagJsonException
                 | dev.ferry.dag.cbor.DagCborException | dev.ferry.dag.pb.DagPbException e) {
            throw new RpcException(500, e.getMessage());
        }
        byte[] body = out;
        return new RpcResponse.Stream(codec.equals("dag-json") ? "application/json" : "application/cbor",
                o -> o.write(body));
    }

    /**
     * The DAG under the root, fetched as needed. The root is fetched before answering (a missing root is an error
     * response); a block missing further down truncates the stream.
     */
    private RpcResponse export(RpcRequest r) {
        Cid root = IpfsPath.cid(r.arg());
        r.boolOption("progress", false);
        FetchSession session = node.fetcher().open(FilesRpc.blockTimeout(r));
        try {
            session.get(root);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return new RpcResponse.Stream("application/vnd.ipld.car", out -> {
            try (session) {
                CarExporter.export(session.blocks(), root, out);
            }
        });
    }

    /**
     * Stores every block of every CAR (verified), then pins the roots recursively (with {@code pin-roots}, the
     * default). Answers once blocks and pins are durable: one {@code {"Root":{"Cid":{"/":…},"PinErrorMsg":""}}} line
     * per root, then {@code {"Stats":{"BlockCount","BlockBytesCount"}}} with {@code stats}.
     */
    private RpcResponse importCars(RpcRequest r) throws IOException {
        boolean pinRoots = r.boolOption("pin-roots", true);
        boolean stats = r.boolOption("stats", false);
        boolean silent = r.boolOption("silent", false);
        r.boolOption("allow-big-block", false);
        MultipartReader parts = r.multipart(limits);
        Set<Cid> roots = new LinkedHashSet<>();
        long blocks = 0;
        long bytes = 0;
        List<Map<String, Object>> lines = new ArrayList<>();
        List<Cid> pinned = new ArrayList<>(); // complete DAGs, which peers may be told about
        try (ContentLock.Held held = ContentLock.of(node.repo().blocks()).writing()) {
            int cars = 0;
            for (Optional<MultipartPart> p = parts.next(); p.isPresent(); p = parts.next()) {
                try {
                    CarImporter.CarImportResult res = CarImporter.importCar(
                            new BufferedInputStream(p.get().body(), 1 << 16), node.repo().blocks());
                    roots.addAll(res.roots());
                    blocks += res.blocks();
                    bytes += res.bytes();
                } catch (CarException e) {
                    throw RpcException.badRequest("invalid CAR: " + e.getMessage());
                }
                cars++;
            }
            if (cars == 0) {
                throw RpcException.badRequest("argument \"path\" is required");
            }
            if (pinRoots) {
                Pinner pinner = new Pinner(node.repo().blocks(), node.repo().pins());
                for (Cid root : roots) {
                    String err = "";
                    try {
                        pinner.pinRecursive(root);
                        pinned.add(root);
                    } catch (BlockException | IllegalArgumentException e) {
                        err = e.getMessage();
                    }
                    Map<String, Object> cid = new LinkedHashMap<>();
                    cid.put("Cid", Map.of("/", root.toString()));
                    cid.put("PinErrorMsg", err);
                    lines.add(Map.of("Root", cid));
                }
            }
        }
        node.contentChanged();
        node.announce(pinned);
        if (stats) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("BlockCount", blocks);
            s.put("BlockBytesCount", bytes);
            lines.add(Map.of("Stats", s));
        }
        List<Map<String, Object>> shown = silent ? List.of() : lines;
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            for (Map<String, Object> m : shown) {
                AddRpc.writeLine(out, m);
            }
        });
    }
}
