package dev.ferry.api.rpc;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.Node;
import dev.ferry.routing.dht.Dht;
import dev.ferry.routing.dht.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubo's {@code routing/findprovs}, {@code routing/findpeer} and {@code routing/provide} over the node's DHT,
 * answered as Kubo's routing events in NDJSON: {@code {"Extra", "ID", "Responses": [{"ID", "Addrs"}], "Type"}} with
 * Type 4 for a provider found, 2 for the peer found, 1 for a peer's answer.
 */
final class DhtRpc {
    static final int PROVIDER = 4;
    static final int PEER_RESPONSE = 1;
    static final int FINAL_PEER = 2;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Node node;

    private DhtRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        DhtRpc rpc = new DhtRpc(node);
        server.register("routing/findprovs", Set.of("num-providers", "n", "verbose"), rpc::findprovs);
        server.register("routing/provide", Set.of("recursive", "verbose"), rpc::provide);
        server.register("routing/findpeer", Set.of("verbose"), rpc::findpeer);
    }

    private RpcResponse findpeer(RpcRequest r) {
        PeerId peer;
        try {
            peer = PeerId.parse(r.arg());
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest("invalid peer ID: " + e.getMessage());
        }
        List<String> addrs = new ArrayList<>();
        for (Multiaddr a : dht().findPeer(peer, TIMEOUT)) {
            addrs.add(a.toString());
        }
        if (addrs.isEmpty()) {
            throw new RpcException(500, "routing: not found");
        }
        Map<String, Object> resp = new LinkedHashMap<>();
        resp.put("ID", peer.toString());
        resp.put("Addrs", addrs);
        Map<String, Object> e = event(FINAL_PEER, "", "", List.of(resp));
        return new RpcResponse.Stream("application/x-ndjson", out -> AddRpc.writeLine(out, e));
    }

    private Dht dht() {
        return node.dht().orElseThrow(() -> new RpcException(500,
                "the DHT is off: set Routing.Type to auto, dht, dhtclient or dhtserver and restart the daemon"));
    }

    private RpcResponse findprovs(RpcRequest r) {
        Cid cid = IpfsPath.cid(r.arg());
        long n = r.longOption("num-providers", r.longOption("n", 20));
        if (n < 1 || n > 100) {
            throw RpcException.badRequest("num-providers must be 1 to 100");
        }
        List<Provider> found = dht().findProviders(cid.multihash().bytes(), (int) n, TIMEOUT);
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            for (Provider p : found) {
                List<String> addrs = new ArrayList<>();
                for (Multiaddr a : p.addresses()) {
                    addrs.add(a.toString());
                }
                Map<String, Object> resp = new LinkedHashMap<>();
                resp.put("ID", p.peer().toString());
                resp.put("Addrs", addrs);
                AddRpc.writeLine(out, event(PROVIDER, "", "", List.of(resp)));
            }
        });
    }

    private RpcResponse provide(RpcRequest r) {
        if (r.boolOption("recursive", false)) {
            throw RpcException.badRequest("recursive provide is not supported: provide the root");
        }
        List<Cid> cids = r.requiredArgs().stream().map(IpfsPath::cid).toList();
        for (Cid c : cids) {
            if (!node.repo().blocks().has(c)) {
                throw new RpcException(500, "block " + c + " was not found locally: provide what this node has");
            }
        }
        Dht dht = dht();
        List<Map<String, Object>> events = new ArrayList<>();
        for (Cid c : cids) {
            int told = dht.provide(c.multihash().bytes(), TIMEOUT);
            if (told == 0) {
                throw new RpcException(500, "no DHT peer took the provider record of " + c);
            }
            events.add(event(PEER_RESPONSE, "", "provided " + c + " to " + told + " peers", null));
        }
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            for (Map<String, Object> e : events) {
                AddRpc.writeLine(out, e);
            }
        });
    }

    private static Map<String, Object> event(int type, String id, String extra, List<Map<String, Object>> responses) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Extra", extra);
        m.put("ID", id);
        m.put("Responses", responses);
        m.put("Type", type);
        return m;
    }
}
