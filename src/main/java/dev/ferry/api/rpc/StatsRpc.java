package dev.ferry.api.rpc;

import dev.ferry.identity.PeerId;
import dev.ferry.net.bandwidth.BandwidthSnapshot;
import dev.ferry.node.Node;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
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
