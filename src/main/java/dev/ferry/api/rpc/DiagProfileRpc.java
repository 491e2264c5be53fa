package dev.ferry.api.rpc;

import dev.ferry.api.metrics.NodeMetrics;
import dev.ferry.api.profile.Collector;
import dev.ferry.api.profile.ProfileException;
import dev.ferry.api.profile.ProfileOptions;
import dev.ferry.api.profile.Profiler;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Direction;
import dev.ferry.node.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubo's {@code diag/profile}: the node's debugging data as a zip ({@code application/zip}), streamed while it is
 * collected ({@link Profiler}). Bad options and a profile already being taken are refused (400, 409) before the first
 * byte; the node's share of the zip (version, redacted config, metrics, recent calls, peers) is read here.
 */
final class DiagProfileRpc {
    /** The options Kubo's command has; {@code output} is its CLI's, sent along by Kubo's client and ignored. */
    static final Set<String> OPTIONS = Set.of("collectors", "profile-time", "mutex-profile-fraction",
            "block-profile-rate", "output", "o");

    private DiagProfileRpc() {}

    /** Registers {@code diag/profile}, with scratch files under {@code scratchRoot}. */
    static void install(RpcServer server, Node node, String version, NodeMetrics metrics, Path scratchRoot) {
        Map<Collector, Profiler.StateSource> state = new EnumMap<>(Collector.class);
        state.put(Collector.VERSION, () -> json(versionInfo(node, version)));
        state.put(Collector.CONFIG, () -> json(ConfigRpc.masked(node.repo().config().tree())));
        state.put(Collector.METRICS, () -> metrics.scrape().getBytes(StandardCharsets.UTF_8));
        state.put(Collector.CMDS, () -> json(DiagRpc.cmds(server.requests().report())));
        state.put(Collector.PEERS, () -> json(peers(node)));
        Profiler profiler = new Profiler(version, scratchRoot, state);
        server.register("diag/profile", OPTIONS, r -> {
            ProfileOptions options;
            try {
                options = ProfileOptions.parse(r.options("collectors"), r.option("profile-time"),
                        r.option("mutex-profile-fraction"), r.option("block-profile-rate"));
            } catch (ProfileException e) {
                throw rpc(e);
            }
            return new RpcResponse.Stream("application/zip", out -> {
                try {
                    profiler.write(options, out);
                } catch (ProfileException e) {
                    throw rpc(e);
                }
            });
        });
    }

    private static RpcException rpc(ProfileException e) {
        return new RpcException(e.reason() == ProfileException.Reason.BUSY ? 409 : 400, e.getMessage());
    }

    /** {@code version --all}'s data, the JVM, and {@code diag sys} without the machine's addresses. */
    private static Map<String, Object> versionInfo(Node node, String version) {
        Map<String, Object> out = new LinkedHashMap<>(NodeRpc.version(version));
        Map<String, Object> java = new LinkedHashMap<>();
        java.put("Version", Runtime.version().toString());
        java.put("VM", System.getProperty("java.vm.name", "") + " " + System.getProperty("java.vm.version", ""));
        java.put("Vendor", System.getProperty("java.vm.vendor", ""));
        out.put("Java", java);
        Map<String, Object> sys = new LinkedHashMap<>(SystemReport.of(node.repo().path(), version, true));
        sys.put("net", Map.of("online", true));
        out.put("Sys", sys);
        return out;
    }

    private static Map<String, Object> peers(Node node) {
        List<Connection> all = node.host().connectionManager().allConnections();
        Set<Object> peers = new HashSet<>();
        long inbound = 0;
        for (Connection c : all) {
            peers.add(c.remotePeer());
            if (c.direction() == Direction.INBOUND) {
                inbound++;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Peers", peers.size());
        out.put("Connections", Map.of("Inbound", inbound, "Outbound", all.size() - inbound));
        return out;
    }

    private static byte[] json(Object value) throws IOException {
        return RpcServer.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    }
}
