package dev.ferry.api.rpc;

import dev.ferry.dag.gc.GcException;
import dev.ferry.dag.gc.GcResult;
import dev.ferry.node.Node;
import dev.ferry.node.repo.RepoStat;
import dev.ferry.node.repo.RepoVerifier;
import dev.ferry.store.FileBlockstore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Kubo's {@code repo stat|gc|verify|version}, and {@code stats/repo} (the same as {@code repo/stat}). */
final class RepoRpc {
    private final Node node;

    private RepoRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        RepoRpc r = new RepoRpc(node);
        server.register("repo/stat", Set.of("size-only", "human"), r::stat);
        server.register("stats/repo", Set.of("size-only", "human"), r::stat); // Kubo's alias, same answer
        server.register("repo/version", Set.of("quiet", "q"), r::version);
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

    /** Kubo's {@code {"Version":"<n>"}}: what the repository's {@code version} file says it is. */
    private RpcResponse version(RpcRequest r) throws java.io.IOException {
        r.boolOption("quiet", false);
        r.boolOption("q", false);
        return new RpcResponse.Json(Map.of("Version", readVersion(node.repo().path())));
    }

    /** The repository's format version, from its {@code version} file (written by {@code init}). */
    private static String readVersion(java.nio.file.Path repo) throws java.io.IOException {
        java.nio.file.Path file = repo.resolve(dev.ferry.node.repo.Repo.VERSION_FILE);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new java.io.IOException("the repository has no version file: " + file);
        }
        return java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII).strip();
    }

    /**
     * Mark and sweep while no add, block put, dag import or pin add is between its first put and its pins; answers
     * one {@code {"Key":{"/":cid},"Size":bytes}} line per removed block (Kubo's, with the size added).
     */
    private RpcResponse gc(RpcRequest r) {
        boolean quiet = r.boolOption("quiet", false);
        boolean silent = r.boolOption("silent", false);
        boolean streamErrors = r.boolOption("stream-errors", false);
        List<Map<String, Object>> lines = new ArrayList<>();
        try {
            GcResult result = node.collectGarbage();
            if (!quiet && !silent) {
                for (GcResult.Removed b : result.removed()) {
                    // Kubo's line, plus the block's size so that the client can say what was freed
                    Map<String, Object> line = new java.util.LinkedHashMap<>();
                    line.put("Key", Map.of("/", b.cid().toString()));
                    line.put("Size", b.size());
                    lines.add(line);
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
     * the last one says the repo is intact, or is Kubo's error value when a block was corrupt.
     */
    private RpcResponse verify(RpcRequest r) {
        FileBlockstore fs = node.repo().fileBlocks();
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            RepoVerifier.Result result = RepoVerifier.verify(fs, new RepoVerifier.Listener() {
                @Override
                public void corrupt(String line, long checked) throws java.io.IOException {
                    AddRpc.writeLine(out, msg(line, checked));
                }

                @Override
                public void progress(long checked) throws java.io.IOException {
                    AddRpc.writeLine(out, msg("", checked));
                }
            });
            // the reports above stay readable: the failure is the stream's last value, not a broken stream
            AddRpc.writeLine(out, result.intact() ? msg(result.summary(), 0) : RpcServer.errorValue(result.summary()));
        });
    }

    private static Map<String, Object> msg(String text, long progress) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Msg", text);
        m.put("Progress", progress);
        return m;
    }
}
