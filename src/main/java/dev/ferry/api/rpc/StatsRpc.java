package dev.ferry.api.rpc;

import dev.ferry.identity.PeerId;
import dev.ferry.net.bandwidth.BandwidthSnapshot;
import dev.ferry.node.Node;
import dev.ferry.routing.prefetch.PrefetchStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * ferry's {@code stats/prefetch} (predictive caching's counters), and Kubo's {@code stats/bw}: bytes on the wire in and out (counted below encryption), and the current rates in bytes per
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
        if (r.option("peer").isPresent()) {
            PeerId peer;
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
        out.put("Limits", limits);
        return new RpcResponse.Json(out);
    }
}
