package dev.ferry.api.rpc;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import dev.ferry.node.Node;
import dev.ferry.node.content.ContentLock;
import dev.ferry.node.content.Pinner;
import dev.ferry.routing.FetchSession;
import dev.ferry.store.Block;
import dev.ferry.store.PinType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Kubo's {@code block get|put|stat|rm}: single blocks by CID. */
final class BlockRpc {
    /** Blocks above this size are refused unless asked for, as Kubo does: peers will not exchange them. */
    static final int SOFT_LIMIT = 1 << 20;
    static final int HARD_LIMIT = 2 << 20;
    /** Blocks one put may carry (each is held in memory until all are stored). */
    static final int MAX_BLOCKS_PER_PUT = 64;

    private final Node node;
    private final MultipartLimits limits;

    private BlockRpc(Node node, MultipartLimits limits) {
        this.node = node;
        this.limits = limits.withMaxParts(Math.min(limits.maxParts(), MAX_BLOCKS_PER_PUT));
    }

    static void install(RpcServer server, Node node, MultipartLimits limits) {
        BlockRpc b = new BlockRpc(node, limits);
        // "path": kubo-rpc-client's dag.get resolves paths block by block and passes its options on; Kubo ignores it
        server.register("block/get", Set.of("path"), b::get);
        server.register("block/stat", Set.of(), b::stat);
        server.register("block/put", Set.of("cid-codec", "mhtype", "mhlen", "pin", "allow-big-block", "format"), b::put);
        server.register("block/rm", Set.of("force", "quiet"), b::rm);
    }

    private Block fetch(RpcRequest r, Cid cid) {
        Optional<Block> local = node.repo().blocks().get(cid);
        if (local.isPresent()) {
            return local.get();
        }
        try (FetchSession session = node.fetcher().open(FilesRpc.blockTimeout(r))) {
            return session.get(cid);
        }
    }

    private RpcResponse get(RpcRequest r) {
        Block b = fetch(r, IpfsPath.cid(r.arg()));
        return new RpcResponse.Stream("application/octet-stream", out -> out.write(b.data()));
    }

    private RpcResponse stat(RpcRequest r) {
        Cid cid = IpfsPath.cid(r.arg());
        OptionalInt size = node.repo().blocks().size(cid);
        int n = size.isPresent() ? size.getAsInt() : fetch(r, cid).size();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Key", cid.toString());
        out.put("Size", n);
        return new RpcResponse.Json(out);
    }

    private RpcResponse put(RpcRequest r) throws IOException {
        HashFunction function;
        try {
            function = HashFunction.named(r.option("mhtype").filter(m -> !m.isEmpty()).orElse("sha2-256"));
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest(e.getMessage());
        }
        long mhlen = r.longOption("mhlen", -1);
        if (mhlen < -1 || mhlen > Multihash.MAX_DIGEST_LENGTH) {
            throw RpcException.badRequest("invalid mhlen " + mhlen + ": -1 (the function's own) or 20.."
                    + Multihash.MAX_DIGEST_LENGTH);
        }
        int version = 1;
        String codecName = r.option("cid-codec").orElse("");
        Optional<String> format = r.option("format");
        if (format.isPresent() && !format.get().isEmpty()) {
            if (!codecName.isEmpty()) {
                throw RpcException.badRequest("cannot use both format and cid-codec");
            }
            // the deprecated format option: "v0" (and legacy "protobuf") mean CIDv0 dag-pb
            switch (format.get()) {
                case "v0", "protobuf" -> {
                    version = 0;
                    codecName = "dag-pb";
                }
                case "cbor" -> codecName = "dag-cbor";
                default -> codecName = format.get();
            }
        }
        if (codecName.isEmpty()) {
            codecName = "raw";
        }
        long codec = switch (codecName) {
            case "raw" -> Multicodec.RAW.code();
            case "dag-pb" -> Multicodec.DAG_PB.code();
            case "dag-cbor" -> Multicodec.DAG_CBOR.code();
            case "dag-json" -> Multicodec.DAG_JSON.code();
            default -> throw RpcException.badRequest("unsupported cid-codec \"" + codecName + "\"");
        };
        boolean big = r.boolOption("allow-big-block", false);
        boolean pin = r.boolOption("pin", false);
        int limit = big ? HARD_LIMIT : SOFT_LIMIT;
        MultipartReader parts = r.multipart(limits);
        List<Block> blocks = new ArrayList<>();
        for (Optional<MultipartPart> p = parts.next(); p.isPresent(); p = parts.next()) {
            byte[] data = p.get().body().readNBytes(limit + 1);
            if (data.length > limit) {
                throw RpcException.badRequest(big ? "produced block is over 2MiB: big blocks can't be exchanged with other peers"
                        : "produced block is over 1MiB: big blocks can't be exchanged with other peers. consider using UnixFS for automatic chunking of bigger files, or pass --allow-big-block to override");
            }
            try {
                blocks.add(function == HashFunction.SHA2_256 && mhlen == -1 ? Block.create(version, codec, data)
                        : Block.of(Cid.of(version, codec, function, (int) mhlen, data), data));
            } catch (IllegalArgumentException e) {
                throw RpcException.badRequest(e.getMessage());
            }
        }
        if (blocks.isEmpty()) {
            throw RpcException.badRequest("argument \"data\" is required");
        }
        try (ContentLock.Held held = ContentLock.of(node.repo().blocks()).writing()) {
            for (Block b : blocks) {
                node.repo().blocks().put(b);
            }
            node.repo().blocks().sync();
            if (pin) {
                for (Block b : blocks) {
                    node.repo().pins().add(b.cid(), PinType.DIRECT);
                }
                node.repo().pins().sync();
            }
        }
        node.contentChanged();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Block b : blocks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Key", b.cid().toString());
            m.put("Size", b.size());
            out.add(m);
        }
        if (out.size() == 1) {
            return new RpcResponse.Json(out.getFirst());
        }
        return new RpcResponse.Stream("application/x-ndjson", o -> {
            for (Map<String, Object> m : out) {
                AddRpc.writeLine(o, m);
            }
        });
    }

    /** Kubo's {@code block rm}: NDJSON {@code {"Hash","Error"}} per block; pinned blocks are refused. */
    private RpcResponse rm(RpcRequest r) {
        List<Cid> cids = r.requiredArgs().stream().map(IpfsPath::cid).toList();
        boolean force = r.boolOption("force", false);
        boolean quiet = r.boolOption("quiet", false);
        List<Map<String, Object>> results = new ArrayList<>();
        try (ContentLock.Held held = ContentLock.of(node.repo().blocks()).collecting()) {
            Pinner pinner = new Pinner(node.repo().blocks(), node.repo().pins());
            for (Cid c : cids) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("Hash", c.toString());
                Optional<String> pinned = pinner.pinReason(c);
                if (pinned.isPresent()) {
                    m.put("Error", "pinned: " + pinned.get());
                } else if (!node.repo().blocks().delete(c)) {
                    if (force) {
                        continue;
                    }
                    m.put("Error", "ipld: could not find " + c);
                } else if (quiet) {
                    continue;
                }
                results.add(m);
            }
            node.repo().blocks().sync();
        }
        node.contentChanged();
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            for (Map<String, Object> m : results) {
                AddRpc.writeLine(out, m);
            }
        });
    }
}
