package dev.ferry.api.rpc;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.AutonatClient;
import dev.ferry.net.autonat.ReachabilityStatus;
import dev.ferry.net.autonat.v2.AddressVerdict;
import dev.ferry.net.autonat.v2.AutonatV2Client;
import dev.ferry.net.autonat.v2.AutonatV2Server;
import dev.ferry.net.autonat.wire.ResponseStatus;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.ObservedAddresses;
import dev.ferry.node.Node;
import dev.ferry.node.NodeAutonat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code swarm/autonat} (ferry's own; Kubo shows none of this over v1): the node's reachability as AutoNAT found it,
 * and its AutoNAT service. {@code {"Reachability": "Unknown"|"Public"|"Private", "Confidence": 0-3, "Reachable":
 * [the address a peer reached us at], "Probes": n, "LastProbe": "<RFC 3339>"|null, "ServiceMode": "enabled"|"disabled",
 * "Serving": bool, "Answered": {"OK": n, "E_DIAL_ERROR": n, …}, "V2": {…}}}; {@code Answered} counts the requests of
 * peers this node answered. {@code V2} is AutoNAT v2's: {@code {"Addresses": [{"Address", "Reachability", "Successes",
 * "Failures", "Confidence", "Refusals", "LastResult": "<RFC 3339>"|null}], "Probes": n, "LastProbe", "Serving": bool,
 * "Answered": {"OK", "E_DIAL_ERROR", "E_DIAL_BACK_ERROR", "E_DIAL_REFUSED", "E_REQUEST_REJECTED",
 * "E_INTERNAL_ERROR"}, "DialDataAsked": n}}}, one entry in {@code Addresses} per address the node checks (its announced
 * public ones). {@code Observed} lists the addresses peers report seeing the node at (identify), confirmed ones first:
 * {@code [{"Address", "Observers": distinct observer groups in the last 30 min, "Confirmed": bool (4 groups agree),
 * "LastSeen": "<RFC 3339>", "Announced": bool, "Status": "observed"|"candidate"|"confirmed"|"reachable"|
 * "unreachable"|"over-limit", "Reason": why it is announced or not ("confirmed by 6 observers", "reachable (AutoNAT
 * v2)", "dropped: unreachable (AutoNAT v2)", …; empty when merely observed)}]}.
 */
final class SwarmAutonatRpc {
    private SwarmAutonatRpc() {}

    static void install(RpcServer server, Node node) {
        server.register("swarm/autonat", r -> {
            Map<String, Object> out = status(node.autonat());
            out.put("Observed", observed(node.host()));
            return new RpcResponse.Json(out);
        });
    }

    private static List<Map<String, Object>> observed(Host host) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ObservedAddresses.Observation o : host.observedAddresses().observations(host.listenAddresses())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Address", o.address().toString());
            m.put("Observers", o.observers());
            m.put("Confirmed", o.confirmed());
            m.put("LastSeen", o.lastSeen().toString());
            m.put("Announced", o.announced());
            m.put("Status", o.status().label());
            m.put("Reason", o.reason());
            out.add(m);
        }
        return out;
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
        out.put("V2", v2(autonat));
        return out;
    }

    private static Map<String, Object> v2(NodeAutonat autonat) {
        AutonatV2Client client = autonat.v2Client();
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> addresses = new ArrayList<>();
        for (AddressVerdict v : client.verdicts()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("Address", v.address().toString());
            a.put("Reachability", v.reachability().label());
            a.put("Successes", v.successes());
            a.put("Failures", v.failures());
            a.put("Confidence", v.confidence());
            a.put("Refusals", v.refusals());
            a.put("LastResult", v.lastResult().map(Object::toString).orElse(null));
            addresses.add(a);
        }
        out.put("Addresses", addresses);
        out.put("Probes", client.probes());
        out.put("LastProbe", client.lastProbe().map(Object::toString).orElse(null));
        out.put("Serving", autonat.v2Server().map(AutonatV2Server::isEnabled).orElse(false));
        Map<String, Long> counts = autonat.v2Server().map(AutonatV2Server::answered).orElse(Map.of());
        Map<String, Long> answered = new LinkedHashMap<>();
        for (String k : AutonatV2Server.OUTCOMES) {
            answered.put(k, counts.getOrDefault(k, 0L));
        }
        out.put("Answered", answered);
        out.put("DialDataAsked", autonat.v2Server().map(AutonatV2Server::dialDataAsked).orElse(0L));
        return out;
    }
}
