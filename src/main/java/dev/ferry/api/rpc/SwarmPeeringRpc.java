package dev.ferry.api.rpc;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.node.Node;
import dev.ferry.node.PeeringService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubo's {@code swarm/peering/add} and {@code swarm/peering/rm} (one {@code {"ID", "Status"}} line per peer) and
 * {@code swarm/peering/ls} ({@code {"Peers": [{"ID", "Addrs"}]}}): the peers the daemon keeps connected, changed
 * while it runs and not written to the config, as Kubo.
 */
final class SwarmPeeringRpc {
    private final Node node;

    private SwarmPeeringRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        SwarmPeeringRpc rpc = new SwarmPeeringRpc(node);
        server.register("swarm/peering/add", rpc::add);
        server.register("swarm/peering/ls", rpc::ls);
        server.register("swarm/peering/rm", rpc::rm);
    }

    private PeeringService peering() {
        return node.peering();
    }

    /** Every address is checked before any peer is added; addresses of one peer are grouped, as Kubo. */
    private RpcResponse add(RpcRequest r) {
        Map<PeerId, List<Multiaddr>> peers = new LinkedHashMap<>();
        for (String a : r.requiredArgs()) {
            Multiaddr m;
            try {
                m = Multiaddr.parse(a);
            } catch (MultiformatException e) {
                throw RpcException.badRequest("invalid multiaddr '" + a + "': " + e.getMessage());
            }
            PeerId id = peerId(m.lastValueOf("p2p")
                    .orElseThrow(() -> RpcException.badRequest("invalid p2p multiaddr (no /p2p/<peer id>): " + a)));
            if (id.equals(node.identity().peerId())) {
                throw RpcException.badRequest("cannot peer with self: " + a);
            }
            Multiaddr transport = m.decapsulate("p2p");
            List<Multiaddr> addrs = peers.computeIfAbsent(id, k -> new ArrayList<>());
            if (!transport.toString().isEmpty()) {
                addrs.add(transport);
            }
        }
        List<Map<String, String>> out = new ArrayList<>();
        peers.forEach((id, addrs) -> {
            peering().add(new PeeringService.Peer(id, addrs));
            out.add(result(id));
        });
        return lines(out);
    }

    private RpcResponse ls(RpcRequest r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PeeringService.Peer p : peering().peers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ID", p.id().toString());
            m.put("Addrs", p.addresses().stream().map(Multiaddr::toString).toList());
            out.add(m);
        }
        return new RpcResponse.Json(Map.of("Peers", out));
    }

    /** As Kubo, removing a peer that is not kept succeeds too. */
    private RpcResponse rm(RpcRequest r) {
        List<PeerId> ids = r.requiredArgs().stream().map(SwarmPeeringRpc::peerId).toList();
        List<Map<String, String>> out = new ArrayList<>();
        for (PeerId id : ids) {
            peering().remove(id);
            out.add(result(id));
        }
        return lines(out);
    }

    private static PeerId peerId(String text) {
        try {
            return PeerId.parse(text);
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest("invalid peer id '" + text + "': " + e.getMessage());
        }
    }

    private static Map<String, String> result(PeerId id) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ID", id.toString());
        m.put("Status", "success");
        return m;
    }

    private static RpcResponse lines(List<Map<String, String>> values) {
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            for (Map<String, String> v : values) {
                AddRpc.writeLine(out, v);
            }
        });
    }
}
