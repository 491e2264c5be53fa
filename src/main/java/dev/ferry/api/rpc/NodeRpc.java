package dev.ferry.api.rpc;

import dev.ferry.api.metrics.MetricsEndpoint;
import dev.ferry.api.metrics.NodeMetrics;
import dev.ferry.exchange.bitswap.BitswapStats;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.net.host.AnnouncedAddresses;
import dev.ferry.net.host.Connection;
import dev.ferry.api.pinning.PinningServiceApi;
import dev.ferry.node.Node;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** Registers every command: node and network ones here, content, pins, repo and config in their classes. */
    public static void install(RpcServer server, Node node, String version, Runnable shutdown) {
        install(server, node, version, shutdown, MultipartLimits.defaults());
    }

    /** As {@link #install(RpcServer, Node, String, Runnable)}, with the given bounds on multipart uploads. */
    public static void install(RpcServer server, Node node, String version, Runnable shutdown, MultipartLimits limits) {
        NodeRpc rpc = new NodeRpc(node, version, shutdown);
        server.register("id", Set.of("format", "peerid-base"), r -> {
            if (!r.args().isEmpty() && !r.arg().equals(node.identity().peerId().toString())) {
                throw new RpcException(500, "looking up other peers is not supported");
            }
            return new RpcResponse.Json(rpc.id());
        });
        server.register("version", Set.of("number", "commit", "repo", "all"), r -> new RpcResponse.Json(version(version)));
        // Kubo's version/deps: one NDJSON value per library
        server.register("version/deps", r -> new RpcResponse.Stream("application/x-ndjson", out -> {
            for (JavaLibraries.Library lib : JavaLibraries.list(version)) {
                out.write(RpcServer.JSON.writeValueAsBytes(lib.toJson()));
                out.write('\n');
            }
        }));
        NodeMetrics metrics = new NodeMetrics(node, version);
        DiagRpc.install(server, node, version, metrics);
        SwarmPeersRpc.install(server, node);
        server.register("swarm/addrs", r -> new RpcResponse.Json(rpc.swarmAddrs()));
        server.register("swarm/addrs/local", Set.of("id"), r -> new RpcResponse.Json(
                Map.of("Strings", rpc.localAddrs(r.boolOption("id", false)))));
        server.register("swarm/addrs/listen", r -> new RpcResponse.Json(Map.of("Strings", rpc.listenAddrs())));
        server.register("swarm/connect", rpc::swarmConnect);
        server.register("swarm/disconnect", rpc::swarmDisconnect);
        SwarmPeeringRpc.install(server, node);
        SwarmFiltersRpc.install(server, node);
        SwarmAutonatRpc.install(server, node);
        SwarmResourcesRpc.install(server, node);
        SwarmReplicationRpc.install(server, node);
        server.register("ping", Set.of("count", "n"), rpc::ping);
        FilesRpc.install(server, node);
        MfsRpc.install(server, node, limits);
        AddRpc.install(server, node, limits);
        StatsRpc.install(server, node);
        BitswapRpc.install(server, node);
        BootstrapRpc.install(server, node);
        PubsubRpc.install(server, node, limits);
        RouteRpc.install(server, node);
        DhtRpc.install(server, node, limits);
        ProvideRpc.install(server, node);
        NameRpc.install(server, node, limits);
        KeyRpc.install(server, node, limits);
        BlockRpc.install(server, node, limits);
        DagRpc.install(server, node, limits);
        DagStatRpc.install(server, node);
        ObjectRpc.install(server, node);
        RefsRpc.install(server, node);
        CidRpc.install(server);
        MultibaseRpc.install(server, limits);
        LogRpc.install(server);
        PinRpc.install(server, node);
        RemotePinRpc.install(server, node);
        P2pRpc.install(server, node);
        server.mount(PinningServiceApi.PREFIX,
                PinningServiceApi.open(node.repo().path(), node.pinning().keeper(), node.host()));
        server.mount(MetricsEndpoint.PATH, new MetricsEndpoint(metrics));
        RepoRpc.install(server, node);
        FilestoreRpc.install(server, node);
        ConfigRpc.install(server, node);
        server.register("bitswap/stat", Set.of("verbose", "human"), r -> new RpcResponse.Json(rpc.bitswapStat()));
        server.register("stats/bitswap", Set.of("verbose", "human"), r -> new RpcResponse.Json(rpc.bitswapStat()));
        // the daemon stops only once the caller has its answer
        server.register("shutdown", r -> new RpcResponse.JsonThen(Map.of(), shutdown));
    }

    private Map<String, Object> id() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ID", node.identity().peerId().toString());
        out.put("DID", node.identity().did().toString());
        out.put("PublicKey", Base64.getEncoder().encodeToString(node.identity().publicKey().marshal()));
        out.put("Addresses", node.host().announceAddresses().stream()
                .map(a -> a + "/p2p/" + node.identity().peerId()).toList());
        out.put("AgentVersion", node.services().identify().agentVersion());
        out.put("Protocols", node.host().protocols().stream().sorted().toList());
        return out;
    }

    /** Kubo's {@code version} answer ({@code version --all}'s data) for ferry {@code version}. */
    static Map<String, Object> version(String version) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Version", version);
        out.put("Commit", "");
        out.put("Repo", dev.ferry.node.repo.Repo.VERSION);
        out.put("System", System.getProperty("os.arch") + "/" + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT));
        out.put("Golang", "java" + Runtime.version().feature());
        return out;
    }

    /**
     * Kubo's {@code swarm addrs}: every peer the peer store has addresses for (connected peers, peers met through
     * identify, the DHT or peering), each with its addresses in text order; this node itself is left out.
     */
    private Map<String, Object> swarmAddrs() {
        Map<String, Object> out = new java.util.TreeMap<>();
        PeerId self = node.identity().peerId();
        for (PeerId p : node.host().peerStore().peers()) {
            List<String> addrs = node.host().peerStore().addresses(p).stream().map(Multiaddr::toString).sorted().toList();
            if (!p.equals(self) && !addrs.isEmpty()) {
                out.put(p.toString(), addrs);
            }
        }
        return Map.of("Addrs", out);
    }

    /** Kubo's {@code swarm addrs local}: the addresses peers are told, sorted; {@code id} appends /p2p/ID. */
    private List<String> localAddrs(boolean withId) {
        String suffix = withId ? "/p2p/" + node.identity().peerId() : "";
        return node.host().announceAddresses().stream().map(a -> a + suffix).sorted().toList();
    }

    /** Kubo's {@code swarm addrs listen}: the bound listeners, each unspecified address as the interfaces' ones. */
    private List<String> listenAddrs() {
        return AnnouncedAddresses.expand(node.host().listenAddresses()).stream()
                .map(Multiaddr::toString).sorted().toList();
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

    /** Kubo's bitswap/stat fields, plus ferry's per-peer counts. */
    private Map<String, Object> bitswapStat() {
        BitswapStats s = node.bitswap().stats();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ProvideBufLen", 0);
        out.put("Wantlist", s.wantlist().stream().map(c -> Map.of("/", c.toString())).toList());
        out.put("Peers", s.peers().stream().map(PeerId::toString).toList());
        out.put("BlocksReceived", s.blocksReceived());
        out.put("DataReceived", s.dataReceived());
        out.put("BlocksSent", s.blocksSent());
        out.put("DataSent", s.dataSent());
        out.put("DupBlksReceived", s.dupBlksReceived());
        out.put("DupDataReceived", s.dupDataReceived());
        out.put("BadBlocksReceived", s.badBlocksReceived());
        Map<String, Object> per = new LinkedHashMap<>();
        s.perPeer().entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(PeerId::toString)))
                .forEach(e -> {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("BlocksReceived", e.getValue().blocksReceived());
                    p.put("BytesReceived", e.getValue().bytesReceived());
                    p.put("BlocksSent", e.getValue().blocksSent());
                    p.put("BytesSent", e.getValue().bytesSent());
                    p.put("DupBlocks", e.getValue().dupBlocks());
                    p.put("BadBlocks", e.getValue().badBlocks());
                    per.put(e.getKey().toString(), p);
                });
        out.put("PerPeer", per);
        return out;
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
                return PeerId.parse(multiaddr(target).lastValueOf("p2p")
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
