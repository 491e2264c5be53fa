package dev.ferry.api.rpc;

import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Direction;
import dev.ferry.net.host.PeerInfo;
import dev.ferry.node.Node;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The node's RPC commands, registered on an {@link RpcServer}. */
public final class NodeRpc {
    private final Node node;
    private final String version;
    private final Runnable shutdown;

    private NodeRpc(Node node, String version, Runnable shutdown) {
        this.node = node;
        this.version = version;
        this.shutdown = shutdown;
    }

    public static void install(RpcServer server, Node node, String version, Runnable shutdown) {
        NodeRpc rpc = new NodeRpc(node, version, shutdown);
        server.register("id", r -> new RpcResponse.Json(rpc.id()));
        server.register("version", r -> new RpcResponse.Json(rpc.version()));
        server.register("swarm/peers", r -> new RpcResponse.Json(rpc.swarmPeers()));
        server.register("swarm/connect", rpc::swarmConnect);
        server.register("swarm/disconnect", rpc::swarmDisconnect);
        server.register("ping", rpc::ping);
        server.register("cat", rpc::cat);
        server.register("shutdown", r -> {
            Thread.ofVirtual().start(shutdown);
            return new RpcResponse.Json(Map.of());
        });
    }

    private Map<String, Object> id() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ID", node.identity().peerId().toString());
        out.put("DID", node.identity().did().toString());
        out.put("PublicKey", Base64.getEncoder().encodeToString(node.identity().publicKey().marshal()));
        out.put("Addresses", node.listenAddresses().stream().map(a -> a + "/p2p/" + node.identity().peerId()).toList());
        out.put("AgentVersion", node.services().identify().agentVersion());
        out.put("Protocols", node.host().protocols().stream().sorted().toList());
        return out;
    }

    private Map<String, Object> version() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Version", version);
        out.put("Commit", "");
        out.put("Repo", dev.ferry.node.repo.Repo.VERSION);
        out.put("System", System.getProperty("os.arch") + "/" + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT));
        out.put("Golang", "java" + Runtime.version().feature());
        return out;
    }

    private Map<String, Object> swarmPeers() {
        List<Map<String, Object>> peers = new ArrayList<>();
        for (Connection c : node.host().connectionManager().allConnections()) {
            if (!c.isOpen()) {
                continue;
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("Addr", c.remoteAddress().map(Multiaddr::toString).orElse(""));
            p.put("Peer", c.remotePeer().toString());
            p.put("Latency", node.host().peerStore().get(c.remotePeer()).flatMap(PeerInfo::latencyIfKnown)
                    .map(d -> String.format(java.util.Locale.ROOT, "%.3fms", d.toNanos() / 1e6)).orElse(""));
            p.put("Muxer", "/yamux/1.0.0");
            p.put("Direction", c.direction() == Direction.INBOUND ? 1 : 2);
            p.put("Streams", c.openStreams());
            peers.add(p);
        }
        return Map.of("Peers", peers);
    }

    private RpcResponse swarmConnect(RpcRequest r) throws Exception {
        List<String> done = new ArrayList<>();
        for (String a : r.args()) {
            Multiaddr addr = multiaddr(a);
            Connection c = node.host().connect(addr);
            done.add("connect " + c.remotePeer() + " success");
        }
        if (done.isEmpty()) {
            throw RpcException.badRequest("argument \"arg\" is required");
        }
        return new RpcResponse.Json(Map.of("Strings", done));
    }

    private RpcResponse swarmDisconnect(RpcRequest r) {
        List<String> done = new ArrayList<>();
        for (String a : r.args()) {
            PeerId peer = peerOf(a);
            List<Connection> conns = node.host().connections(peer);
            if (conns.isEmpty()) {
                throw new RpcException(500, "not connected to " + peer);
            }
            conns.forEach(Connection::close);
            done.add("disconnect " + peer + " success");
        }
        return new RpcResponse.Json(Map.of("Strings", done));
    }

    private RpcResponse ping(RpcRequest r) throws Exception {
        String target = r.arg();
        long count = r.longOption("count", r.longOption("n", 10));
        if (count < 1 || count > 10_000) {
            throw RpcException.badRequest("count must be 1..10000");
        }
        PeerId peer = peerOf(target);
        if (target.startsWith("/")) {
            node.host().connect(multiaddr(target));
        } else {
            node.host().connect(peer);
        }
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            for (long i = 0; i < count; i++) {
                Map<String, Object> line = new LinkedHashMap<>();
                try {
                    Duration rtt = node.services().ping().ping(peer);
                    line.put("Success", true);
                    line.put("Time", rtt.toNanos());
                    line.put("Text", "");
                } catch (java.io.IOException e) {
                    line.put("Success", false);
                    line.put("Time", 0);
                    line.put("Text", "ping failed: " + e.getMessage());
                }
                out.write(RpcServer.JSON.writeValueAsBytes(line));
                out.write('\n');
                out.flush();
            }
        });
    }

    private RpcResponse cat(RpcRequest r) {
        String target = r.arg();
        String s = target.startsWith("/ipfs/") ? target.substring(6) : target;
        int slash = s.indexOf('/');
        Cid root;
        try {
            root = Cid.parse(slash < 0 ? s : s.substring(0, slash));
        } catch (MultiformatException e) {
            throw RpcException.badRequest("invalid CID '" + s + "': " + e.getMessage());
        }
        long offset = r.longOption("offset", 0);
        long length = r.longOption("length", Long.MAX_VALUE);
        if (offset < 0 || length < 0) {
            throw RpcException.badRequest("offset and length must not be negative");
        }
        UnixfsExporter exporter = new UnixfsExporter(node.repo().blocks());
        Cid cid = slash < 0 ? root : exporter.resolve(root, s.substring(slash + 1));
        InputStream in = exporter.cat(cid, offset, length);
        return new RpcResponse.Stream("text/plain", out -> {
            try (in) {
                in.transferTo(out);
            }
        });
    }

    private static Multiaddr multiaddr(String a) {
        try {
            return Multiaddr.parse(a);
        } catch (MultiformatException e) {
            throw RpcException.badRequest("invalid multiaddr '" + a + "': " + e.getMessage());
        }
    }

    private static PeerId peerOf(String target) {
        try {
            if (target.startsWith("/")) {
                return PeerId.parse(multiaddr(target).valueOf("p2p")
                        .orElseThrow(() -> RpcException.badRequest("address has no /p2p/<peer id>: " + target)));
            }
            return PeerId.parse(target);
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest("invalid peer id '" + target + "': " + e.getMessage());
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
