package dev.ferry.api.rpc;

import dev.ferry.dag.walk.DagStats;
import dev.ferry.dag.walk.ResolvedPath;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.Node;
import dev.ferry.routing.FetchSession;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubo's {@code dag/stat}: {@code {"UniqueBlocks","TotalSize","SharedSize","Ratio","DagStats":[{"Cid","Size",
 * "NumBlocks"}]}}, with Kubo's JSON exactly: every field left out when it is zero (Go's {@code omitempty}) and each
 * DAG's {@code Cid} a plain string (Kubo's DagStat writes {@code Cid.String()}, not the {@code {"/": ...}} link
 * form). With {@code progress} (the default, as Kubo's) one value per block read streams before the final one; the
 * progress values carry the DAGs so far and {@code TotalSize} only.
 */
final class DagStatRpc {
    private final Node node;

    private DagStatRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        server.register("dag/stat", Set.of("progress", "p"), new DagStatRpc(node)::stat);
    }

    private RpcResponse stat(RpcRequest r) throws java.io.IOException {
        List<String> args = r.requiredArgs();
        boolean progress = r.boolOption("progress", r.boolOption("p", true));
        FetchSession session = node.fetcher().open(FilesRpc.blockTimeout(r));
        try {
            List<Cid> roots = new ArrayList<>();
            for (String a : args) {
                ResolvedPath p = DagPaths.resolve(a, node, session.blocks());
                if (!p.remainder().isEmpty()) {
                    throw new RpcException(500, "cannot return size for anything other than a DAG with a root CID");
                }
                roots.add(p.cid());
            }
            Thread.ofVirtual().name("prefetch dag stat").start(() -> {
                for (Cid root : roots) {
                    try {
                        session.fetchAll(root);
                    } catch (RuntimeException e) {
                        // the walk meets the failure itself
                    }
                }
            });
            if (!progress) {
                DagStats.Summary done = stats(session, roots, null);
                session.close();
                return new RpcResponse.Json(json(done));
            }
            return new RpcResponse.Stream("application/x-ndjson", out -> {
                boolean[] wrote = {false};
                try (session) {
                    DagStats.Summary done = stats(session, roots, soFar -> {
                        AddRpc.writeLine(out, json(soFar));
                        wrote[0] = true;
                    });
                    AddRpc.writeLine(out, json(done));
                } catch (RpcException e) {
                    if (!wrote[0]) {
                        throw e; // nothing sent yet: a proper error answer
                    }
                    // values already went out: the failure is the stream's last value, in Kubo's error shape
                    AddRpc.writeLine(out, RpcServer.errorValue(e.getMessage()));
                }
            });
        } catch (RuntimeException | java.io.IOException e) {
            session.close();
            throw e;
        }
    }

    private static DagStats.Summary stats(FetchSession session, List<Cid> roots, DagStats.Progress progress)
            throws java.io.IOException {
        try {
            return DagStats.of(session.blocks(), roots, progress);
        } catch (RuntimeException e) {
            throw new RpcException(500, "error traversing DAG: " + e.getMessage());
        }
    }

    static Map<String, Object> json(DagStats.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s.uniqueBlocks() != 0) {
            m.put("UniqueBlocks", s.uniqueBlocks());
        }
        if (s.totalSize() != 0) {
            m.put("TotalSize", s.totalSize());
        }
        if (s.sharedSize() != 0) {
            m.put("SharedSize", s.sharedSize());
        }
        if (s.ratio() != 0f) {
            m.put("Ratio", goFloat32(s.ratio()));
        }
        List<Map<String, Object>> dags = new ArrayList<>();
        for (DagStats.Dag d : s.dags()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("Cid", d.cid().toString());
            if (d.size() != 0) {
                dm.put("Size", d.size());
            }
            if (d.blocks() != 0) {
                dm.put("NumBlocks", d.blocks());
            }
            dags.add(dm);
        }
        if (!dags.isEmpty()) {
            m.put("DagStats", dags);
        }
        return m;
    }

    /**
     * A float32 written as Go's encoding/json writes it: the shortest digits that read back as the same float, without
     * a trailing ".0" ({@code 1}, {@code 1.5}, {@code 1.3333334}).
     */
    static BigDecimal goFloat32(float f) {
        return new BigDecimal(new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString());
    }
}
