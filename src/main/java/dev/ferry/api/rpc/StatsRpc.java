package dev.ferry.api.rpc;

import dev.ferry.identity.PeerId;
import dev.ferry.net.bandwidth.BandwidthSnapshot;
import dev.ferry.node.Node;
import dev.ferry.policy.bandwidth.BandwidthBudgets;
import dev.ferry.routing.prefetch.PrefetchStats;
import dev.ferry.net.host.PeerInfo;
import dev.ferry.routing.dht.Dht;
import dev.ferry.routing.dht.DhtConfig;
import dev.ferry.routing.dht.RoutingTablePeer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ferry's {@code stats/prefetch} (predictive caching's counters), Kubo's {@code stats/dht} (the routing table), and
 * Kubo's {@code stats/bw}: bytes on the wire in and out (counted below encryption), and the current rates in bytes per
 * second; {@code peer=ID} narrows it to one peer. ferry adds {@code Limits}, the configured budgets.
 */
final class StatsRpc {
    private final Node node;

    private StatsRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        StatsRpc s = new StatsRpc(node);
        server.register("stats/bw", Set.of("peer", "proto", "poll", "interval"), s::bw);
        server.register("stats/prefetch", Set.of(), r -> new RpcResponse.Json(prefetch(node.prefetcher().stats())));
        server.register("stats/dht", s::dht);
    }

    /**
     * Kubo's {@code stats/dht}: one NDJSON value per DHT asked for, {@code {"Name", "Buckets": [{"LastRefresh",
     * "Peers": [{"ID", "Connected", "AgentVersion", "LastUsefulAt", "LastQueriedAt"}]}]}}, times in RFC 3339 (empty:
     * never). ferry runs one DHT, named {@code wan} on the public network and {@code lan} with the LAN protocol;
     * asking for the other is an error. Buckets are not refreshed on a timer, so {@code LastRefresh} stays empty.
     */
    private RpcResponse dht(RpcRequest r) {
        Dht dht = node.dht().orElseThrow(() -> new RpcException(500,
                "the DHT is not running: set Routing.Type to auto, autoclient, dht, dhtclient or dhtserver and "
                        + "restart the daemon"));
        String name = dht.config().protocol().equals(DhtConfig.LAN) ? "lan" : "wan";
        for (String asked : r.args()) {
            if (!asked.equals("wan") && !asked.equals("lan")) {
                throw RpcException.badRequest("unknown dht type: " + asked);
            }
            if (!asked.equals(name)) {
                throw RpcException.badRequest("this node runs only the " + name + " DHT, not the " + asked + " one");
            }
        }
        List<Object> buckets = new ArrayList<>();
        for (List<RoutingTablePeer> bucket : dht.table().buckets()) {
            List<Object> peers = new ArrayList<>();
            for (RoutingTablePeer p : bucket) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ID", p.peer().toString());
                m.put("Connected", node.host().isConnected(p.peer()));
                m.put("AgentVersion", node.host().peerStore().get(p.peer()).flatMap(PeerInfo::agent).orElse(""));
                m.put("LastUsefulAt", p.lastUseful().map(StatsRpc::rfc3339).orElse(""));
                m.put("LastQueriedAt", p.lastQueried().map(StatsRpc::rfc3339).orElse(""));
                peers.add(m);
            }
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("LastRefresh", "");
            b.put("Peers", peers);
            buckets.add(b);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Name", name);
        out.put("Buckets", buckets);
        return new RpcResponse.Stream("application/x-ndjson", o -> {
            o.write(RpcServer.JSON.writeValueAsBytes(out));
            o.write('\n');
        });
    }

    /** Seconds precision, as Kubo's time.RFC3339. */
    private static String rfc3339(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * ferry's {@code stats/prefetch}: predictive caching's counters, {@code {"Enabled", "Predictions", "Started",
     * "Completed", "Failed", "OverBudget", "Cancelled", "SkippedLocal", "SkippedBusy", "Blocks", "Bytes", "Hits",
     * "Running", "Learned", "HourBudgetLeft"}}.
     */
    static Map<String, Object> prefetch(PrefetchStats p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Enabled", p.enabled());
        out.put("Predictions", p.predictions());
        out.put("Started", p.started());
        out.put("Completed", p.completed());
        out.put("Failed", p.failed());
        out.put("OverBudget", p.overBudget());
        out.put("Cancelled", p.cancelled());
        out.put("SkippedLocal", p.skippedLocal());
        out.put("SkippedBusy", p.skippedBusy());
        out.put("Blocks", p.blocks());
        out.put("Bytes", p.bytes());
        out.put("Hits", p.hits());
        out.put("Running", p.running());
        out.put("Learned", p.learned());
        out.put("HourBudgetLeft", p.hourBudgetLeft());
        return out;
    }

    private RpcResponse bw(RpcRequest r) {
        if (r.boolOption("poll", false)) {
            throw RpcException.badRequest("poll is not supported: ask again for a new reading");
        }
        if (r.option("proto").isPresent()) {
            throw RpcException.badRequest("per-protocol figures are not kept");
        }
        BandwidthSnapshot snap;
        PeerId peer = null;
        if (r.option("peer").isPresent()) {
            try {
                peer = PeerId.parse(r.option("peer").get());
            } catch (IllegalArgumentException e) {
                throw RpcException.badRequest("invalid peer id: " + e.getMessage());
            }
            snap = node.host().bandwidth().peer(peer).orElse(BandwidthSnapshot.ZERO);
        } else {
            snap = node.host().bandwidth().snapshot();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalIn", snap.totalIn());
        out.put("TotalOut", snap.totalOut());
        out.put("RateIn", snap.rateIn());
        out.put("RateOut", snap.rateOut());
        var cfg = node.repo().config();
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("P2PLimit", cfg.number("Bandwidth.P2PLimit", 0));
        limits.put("IPFSLimit", cfg.number("Bandwidth.IPFSLimit", 0));
        limits.put("PerPeerLimit", cfg.number("Bandwidth.PerPeerLimit", 0));
        if (peer != null) {
            // this peer's own cap as the running budgets apply it: PerPeerLimit times its credit's weight
            limits.put("PeerLimit", node.host().bandwidthPolicy() instanceof BandwidthBudgets b
                    ? b.perPeerCapOf(peer) : 0);
        }
        out.put("Limits", limits);
        return new RpcResponse.Json(out);
    }
}
