package dev.ferry.api.rpc;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.AutonatClient;
import dev.ferry.net.autonat.ReachabilityStatus;
import dev.ferry.net.autonat.wire.ResponseStatus;
import dev.ferry.node.Node;
import dev.ferry.node.NodeAutonat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code swarm/autonat} (ferry's own; Kubo shows none of this over v1): the node's reachability as AutoNAT found it,
 * and its AutoNAT service. {@code {"Reachability": "Unknown"|"Public"|"Private", "Confidence": 0-3, "Reachable":
 * [the address a peer reached us at], "Probes": n, "LastProbe": "<RFC 3339>"|null, "ServiceMode": "enabled"|"disabled",
 * "Serving": bool, "Answered": {"OK": n, "E_DIAL_ERROR": n, …}}}; {@code Answered} counts the requests of peers this
 * node answered.
 */
final class SwarmAutonatRpc {
    private SwarmAutonatRpc() {}

    static void install(RpcServer server, Node node) {
        server.register("swarm/autonat", r -> new RpcResponse.Json(status(node.autonat())));
    }

    static Map<String, Object> status(NodeAutonat autonat) {
        ReachabilityStatus s = autonat.client().status();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Reachability", s.reachability().label());
        out.put("Confidence", s.confidence());
        out.put("MaxConfidence", AutonatClient.MAX_CONFIDENCE);
        out.put("Reachable", s.publicAddress().map(Multiaddr::toString).map(List::of).orElse(List.of()));
        out.put("Probes", s.probes());
        out.put("LastProbe", s.lastProbe().map(Object::toString).orElse(null));
        out.put("ServiceMode", autonat.serviceMode());
        out.put("Serving", autonat.server().map(v -> v.isEnabled()).orElse(false));
        Map<String, Long> answered = new LinkedHashMap<>();
        Map<ResponseStatus, Long> counts = autonat.server().map(v -> v.answered()).orElse(Map.of());
        for (ResponseStatus st : ResponseStatus.values()) {
            answered.put(st.name(), counts.getOrDefault(st, 0L));
        }
        out.put("Answered", answered);
        return out;
    }
}
