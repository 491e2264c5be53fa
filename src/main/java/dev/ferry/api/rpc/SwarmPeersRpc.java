package dev.ferry.api.rpc;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Direction;
import dev.ferry.net.host.PeerInfo;
import dev.ferry.node.Durations;
import dev.ferry.node.Node;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubo's {@code swarm/peers}: one entry per open connection, sorted by address, as
 * {@code {"Peers":[{"Addr","Peer","Latency","Direction","Streams":[{"Protocol"}],"Identify":{...}}]}}.
 * {@code Addr} and {@code Peer} always; {@code latency} adds the smoothed ping round trip as Go prints a duration
 * ({@code n/a} before any); {@code direction} adds 1 (inbound) or 2 (outbound); {@code streams} adds the open
 * streams' protocols, sorted (left out when there are none); {@code identify} fills {@code Identify} with what
 * identify told of the peer ({@code ID}, {@code PublicKey}, {@code Addresses} with /p2p, {@code AgentVersion},
 * {@code Protocols}); {@code verbose} is all of them. As Kubo's, {@code Identify} is always there: its fields
 * empty when not asked for. Kubo's {@code Muxer} is never filled and so never written.
 */
final class SwarmPeersRpc {
    private final Node node;

    private SwarmPeersRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        SwarmPeersRpc rpc = new SwarmPeersRpc(node);
        server.register("swarm/peers", Set.of("verbose", "streams", "latency", "direction", "identify"),
                r -> new RpcResponse.Json(rpc.peers(Fields.of(r))));
    }

    /** Which optional fields a request asked for. */
    record Fields(boolean latency, boolean direction, boolean streams, boolean identify) {
        static Fields of(RpcRequest r) {
            boolean verbose = r.boolOption("verbose", false);
            return new Fields(verbose || r.boolOption("latency", false), verbose || r.boolOption("direction", false),
                    verbose || r.boolOption("streams", false), verbose || r.boolOption("identify", false));
        }
    }

    private Map<String, Object> peers(Fields f) {
        List<Map<String, Object>> peers = new ArrayList<>();
        for (Connection c : node.host().connectionManager().allConnections()) {
            if (!c.isOpen()) {
                continue;
            }
            Optional<PeerInfo> info = node.host().peerStore().get(c.remotePeer());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("Addr", c.remoteAddress().map(Multiaddr::toString).orElse(""));
            p.put("Peer", c.remotePeer().toString());
            if (f.latency()) {
                p.put("Latency", info.flatMap(PeerInfo::latencyIfKnown).filter(d -> !d.isZero())
                        .map(Durations::format).orElse("n/a"));
            }
            if (f.direction()) {
                p.put("Direction", c.direction() == Direction.INBOUND ? 1 : 2);
            }
            if (f.streams()) {
                List<Map<String, String>> streams = c.streamProtocols().stream().sorted()
                        .map(s -> Map.of("Protocol", s)).toList();
                if (!streams.isEmpty()) {
                    p.put("Streams", streams);
                }
            }
            p.put("Identify", f.identify() ? identify(c, info) : unidentified());
            peers.add(p);
        }
        peers.sort(Comparator.comparing(p -> (String) p.get("Addr")));
        return Map.of("Peers", peers);
    }

    /** What the peer store holds of the peer, as Kubo's {@code id} answer for another peer. */
    private static Map<String, Object> identify(Connection c, Optional<PeerInfo> info) {
        PeerId peer = c.remotePeer();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ID", peer.toString());
        var key = info.flatMap(PeerInfo::publicKeyIfKnown).orElse(c.remotePublicKey());
        out.put("PublicKey", key == null ? "" : Base64.getEncoder().encodeToString(key.marshal()));
        out.put("Addresses", nullIfEmpty(info.map(PeerInfo::addresses).orElse(List.of()).stream()
                .map(a -> a + "/p2p/" + peer).sorted().toList()));
        out.put("AgentVersion", info.flatMap(PeerInfo::agent).orElse(""));
        out.put("Protocols", nullIfEmpty(info.map(PeerInfo::protocols).orElse(Set.of()).stream().sorted().toList()));
        return out;
    }

    /** Kubo's empty identify record (Go writes a struct's zero value even under omitempty). */
    private static Map<String, Object> unidentified() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ID", "");
        out.put("PublicKey", "");
        out.put("Addresses", null);
        out.put("AgentVersion", "");
        out.put("Protocols", null);
        return out;
    }

    // Go writes an empty list it never appended to as null
    private static List<String> nullIfEmpty(List<String> list) {
        return list.isEmpty() ? null : list;
    }
}
