package dev.ferry.api.rpc;

import dev.ferry.dag.gc.GarbageCollector;
import dev.ferry.dag.gc.GcException;
import dev.ferry.dag.gc.GcResult;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.Node;
import dev.ferry.node.content.ContentLock;
import dev.ferry.node.repo.RepoStat;
import dev.ferry.store.FileBlockstore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Kubo's {@code repo stat|gc|verify}. */
final class RepoRpc {
    private final Node node;

    private RepoRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        RepoRpc r = new RepoRpc(node);
        server.register("repo/stat", Set.of("size-only", "human"), r::stat);
        server.register("repo/gc", Set.of("quiet", "silent", "stream-errors"), r::gc);
        server.register("repo/verify", Set.of(), r::verify);
    }

    private RpcResponse stat(RpcRequest r) {
        boolean sizeOnly = r.boolOption("size-only", false);
        r.boolOption("human", false);
        RepoStat stat = RepoStat.of(node.repo());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("RepoSize", stat.repoSize());
        out.put("StorageMax", stat.storageMax());
        if (!sizeOnly) {
            out.put("NumObjects", stat.numObjects());
            out.put("RepoPath", stat.repoPath().toString());
            out.put("Version", stat.version());
        }
        return new RpcResponse.Json(out);
    }

    /**
     * Mark and sweep while no add, block put, dag import or pin add is between its first put and its pins; answers
     * one {@code {"Key":{"/":cid}}} line per removed block.
     */
    private RpcResponse gc(RpcRequest r) {
        boolean quiet = r.boolOption("quiet", false);
        boolean silent = r.boolOption("silent", false);
        boolean streamErrors = r.boolOption("stream-errors", false);
        List<Map<String, Object>> lines = new ArrayList<>();
        try (ContentLock.Held held = ContentLock.of(node.repo().blocks()).collecting()) {
            GcResult result = new GarbageCollector(node.repo().blocks(), node.repo().pins()).collect();
            node.contentChanged();
            if (!quiet && !silent) {
                for (Cid c : result.removed()) {
                    lines.add(Map.of("Key", Map.of("/", c.toString())));
                }
            }
        } catch (GcException e) {
            if (!streamErrors) {
                throw new RpcException(500, e.getMessage());
            }
            lines.add(Map.of("Error", e.getMessage()));
        }
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            for (Map<String, Object> m : lines) {
                AddRpc.writeLine(out, m);
            }
        });
    }

    /**
     * Re-hashes every block; corrupt ones are reported and moved to quarantine. Lines {@code {"Msg","Progress"}};
     * the last one says whether the repo is intact (a corrupt block makes it an error line).
     */
    private RpcResponse verify(RpcRequest r) {
        FileBlockstore fs = node.repo().fileBlocks();
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            List<Cid> all;
            try (Stream<Cid> cids = fs.cids()) {
                all = cids.toList();
            }
            int corrupt = 0;
            int checked = 0;
            for (Cid c : all) {
                String why;
                try {
                    Optional<byte[]> bytes = fs.readUnverified(c.multihash());
                    why = bytes.isPresent() && !c.multihash().verifies(bytes.get()) ? "hash mismatch" : null;
                } catch (RuntimeException e) {
                    why = e.getMessage();
                }
                checked++;
                if (why != null) {
                    corrupt++;
                    fs.quarantine(c);
                    AddRpc.writeLine(out, msg("block " + c + " was corrupt (" + why + ")", checked));
                } else if (checked % 1000 == 0) {
                    AddRpc.writeLine(out, msg("", checked));
                }
            }
            fs.sync();
            if (corrupt > 0) {
                throw new java.io.IOException("verify complete, some blocks were corrupt: " + corrupt + " of " + checked);
            }
            AddRpc.writeLine(out, msg("verify complete, all blocks validated.", 0));
        });
    }

    private static Map<String, Object> msg(String text, long progress) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Msg", text);
        m.put("Progress", progress);
        return m;
    }
}
