package dev.ferry.api.rpc;

import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.Node;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.router.Candidate;
import dev.ferry.routing.router.ContentClass;
import dev.ferry.routing.router.ContentRouter;
import dev.ferry.routing.router.RankedCandidate;
import dev.ferry.routing.router.Route;
import dev.ferry.routing.router.RoutingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * ferry's {@code routing/explain?arg=<cid>}: how the content router would fetch a CID, without fetching it.
 * <pre>
 * {"Cid": "...", "Class": ["small", ...], "Preference": "p2p" | "ipfs" | "none",
 *  "Candidates": [{"Rank": 1, "Type": "local|peer|proxy|ipfs|gateway", "Peer": "12D3…" or "", "DID": "did:key:…" or "",
 *                  "Address": gateway URL or "", "Score": 170.5, "Parts": {"Direct": 100, ...}}, ...]}
 * </pre>
 * Candidates are in rank order (the order a fetch tries them).
 */
final class RouteRpc {
    private final Supplier<ContentRouter> router;

    private RouteRpc(Supplier<ContentRouter> router) {
        this.router = router;
    }

    /** Explains with the node's own router (the one its fetcher follows, so its measurements show). */
    static void install(RpcServer server, Node node) {
        install(server, node::router);
    }

    static void install(RpcServer server, ContentRouter router) {
        install(server, () -> router);
    }

    private static void install(RpcServer server, Supplier<ContentRouter> router) {
        RouteRpc rpc = new RouteRpc(router);
        server.register("routing/explain", Set.of(), rpc::explain);
    }

    private RpcResponse explain(RpcRequest r) {
        Cid cid = IpfsPath.cid(r.arg());
        return new RpcResponse.Json(explanation(router.get().explain(cid)));
    }

    static Map<String, Object> explanation(Route route) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Cid", route.cid().toString());
        out.put("Class", ContentClass.valuesInOrder(route.classes()));
        out.put("Preference", route.preference().name().toLowerCase(java.util.Locale.ROOT));
        List<Map<String, Object>> list = new ArrayList<>();
        for (RankedCandidate rc : route.candidates()) {
            Candidate c = rc.candidate();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Rank", rc.rank());
            m.put("Type", c.type());
            m.put("Peer", c.peerOf().map(PeerId::toString).orElse(""));
            m.put("DID", c.didOf().map(Did::toString).orElse(""));
            m.put("Address", c instanceof Candidate.Gateway g ? g.uri().toString() : "");
            m.put("Score", round(rc.score().total()));
            Map<String, Object> parts = new LinkedHashMap<>();
            rc.score().parts().forEach((k, v) -> parts.put(k, round(v)));
            m.put("Parts", parts);
            list.add(m);
        }
        out.put("Candidates", list);
        return out;
    }

    /** Three decimals are plenty for an explanation and keep the JSON readable. */
    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
