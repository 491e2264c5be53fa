package dev.ferry.api.rpc;

import dev.ferry.net.host.ResourceLimits;
import dev.ferry.net.host.ResourceManager;
import dev.ferry.net.host.ResourceManagerStat;
import dev.ferry.net.host.ResourceScopeStat;
import dev.ferry.node.Node;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kubo's {@code swarm/resources}: the resource manager's limits and what each scope holds, in Kubo's JSON
 * ({@code {"System": {"Memory": n, "MemoryUsage": n, "FD": …}, "Transient": {…}, "Protocols": {"/id": {…}},
 * "Peers": {"12D3…": {…}}}}; an unlimited limit is {@code "unlimited"}, and protocols and peers holding nothing are
 * left out, as are the maps when empty). A daemon whose resource manager is disabled answers Kubo's error.
 */
final class SwarmResourcesRpc {
    static final String DISABLED = "missing ResourceMgr: make sure the daemon is running with "
            + "Swarm.ResourceMgr.Enabled";

    private SwarmResourcesRpc() {}

    static void install(RpcServer server, Node node) {
        server.register("swarm/resources", r -> new RpcResponse.Json(resources(node.host().resourceManager())));
    }

    static Map<String, Object> resources(ResourceManager manager) {
        if (!manager.isEnabled()) {
            throw new RpcException(500, DISABLED);
        }
        ResourceManagerStat stat = manager.stat();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("System", scope(stat.system()));
        out.put("Transient", scope(stat.transientScope()));
        if (!stat.protocols().isEmpty()) {
            Map<String, Object> protocols = new LinkedHashMap<>();
            stat.protocols().forEach((p, s) -> protocols.put(p, scope(s)));
            out.put("Protocols", protocols);
        }
        if (!stat.peers().isEmpty()) {
            Map<String, Object> peers = new LinkedHashMap<>();
            stat.peers().forEach((p, s) -> peers.put(p.toString(), scope(s)));
            out.put("Peers", peers);
        }
        return out;
    }

    private static Map<String, Object> scope(ResourceScopeStat s) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : ResourceLimits.NAMES) {
            long limit = s.limits().get(name);
            out.put(name, limit == ResourceLimits.UNLIMITED ? "unlimited" : limit == 0 ? "blockAll" : limit);
            out.put(name + "Usage", s.usage().get(name));
        }
        return out;
    }
}
