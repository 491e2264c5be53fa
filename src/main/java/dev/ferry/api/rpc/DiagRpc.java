package dev.ferry.api.rpc;

import dev.ferry.api.metrics.NodeMetrics;
import dev.ferry.node.Durations;
import dev.ferry.node.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubo's {@code diag/sys} (the machine and runtime, {@link SystemReport}) and {@code diag/cmds} (the calls running
 * and finished lately, from the server's {@link RequestLog}), with {@code diag/cmds/clear} and
 * {@code diag/cmds/set-time}; and {@code diag/profile} ({@link DiagProfileRpc}).
 */
final class DiagRpc {
    /** Go's zero time, which Kubo shows as the end of a call still running. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private DiagRpc() {}

    static void install(RpcServer server, Node node, String version, NodeMetrics metrics) {
        RequestLog log = server.requests();
        DiagProfileRpc.install(server, node, version, metrics, Path.of(System.getProperty("java.io.tmpdir")));
        server.register("diag/sys", r -> new RpcResponse.Json(SystemReport.of(node.repo().path(), version, true)));
        server.register("diag/cmds", Set.of("verbose", "v"), r -> new RpcResponse.Json(cmds(log.report())));
        server.register("diag/cmds/clear", r -> {
            log.clearInactive();
            return new RpcResponse.Json(Map.of());
        });
        server.register("diag/cmds/set-time", r -> {
            log.setKeep(keepTime(r.arg()));
            return new RpcResponse.Json(Map.of());
        });
    }

    /** Kubo's entries: {@code {"StartTime", "EndTime", "Active", "Command", "Options", "Args", "ID"}}. */
    static List<Map<String, Object>> cmds(List<RequestLog.Entry> entries) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RequestLog.Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("StartTime", e.start().toString());
            m.put("EndTime", e.end().map(Instant::toString).orElse(ZERO_TIME));
            m.put("Active", e.active());
            m.put("Command", e.command());
            m.put("Options", new java.util.TreeMap<>(e.options()));
            m.put("Args", e.args());
            m.put("ID", e.id());
            out.add(m);
        }
        return out;
    }

    private static Duration keepTime(String value) {
        Duration d;
        try {
            d = Durations.parse(value);
        } catch (RuntimeException e) {
            throw RpcException.badRequest("invalid time \"" + value + "\": " + e.getMessage());
        }
        if (d.isNegative()) {
            throw RpcException.badRequest("invalid time \"" + value + "\": cannot be negative");
        }
        return d;
    }
}
