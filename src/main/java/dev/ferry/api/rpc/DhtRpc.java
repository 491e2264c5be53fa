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
 * Kubo's {@code routing/findprovs}, {@code routing/findpeer}, {@code routing/provide}, {@code routing/get} and
 * {@code routing/put} over the node's DHT (findprovs and findpeer also ask the HTTP routers of
 * {@code Routing.DelegatedRouters}, answers merged per peer; and {@code routing/reprovide} announces every pinned root
 * now), answered as Kubo's routing events in NDJSON: {@code {"Extra", "ID",
 * "Responses": [{"ID", "Addrs"}], "Type"}} with Type 4 for a provider found, 2 for the peer found, 1 for a peer's
 * answer, 5 for a value (the record's bytes in base64 in Extra). Values are IPNS records ({@code /ipns/NAME} keys).
 *
 * <p>Also Kubo's deprecated {@code dht/query PEERID}: the lookup of the peers closest to a peer ID, streamed as it goes
 * (Type 0 for each peer asked, 1 for each answer with the peers it named), then one Type 2 event per closest peer
 * found. The other {@code dht/*} commands answer Kubo's error for commands it removed.
 */
final class DhtRpc {
    static final int PROVIDER = 4;
    static final int PEER_RESPONSE = 1;
    static final int FINAL_PEER = 2;
    static final int VALUE = 5;
    static final int SENDING_QUERY = 0;
    /** Kubo's answer to the {@code dht} commands it replaced with {@code routing}. */
    static final String REMOVED = "removed, use 'ipfs routing' instead";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Node node;

    private DhtRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node, MultipartLimits limits) {
        DhtRpc rpc = new DhtRpc(node);
        server.register("routing/get", Set.of("verbose"), rpc::get);
        server.register("routing/put", Set.of("verbose", "allow-offline", "stream"), r -> rpc.put(r, limits));
        server.register("routing/findprovs", Set.of("num-providers", "n", "verbose"), rpc::findprovs);
        server.register("routing/provide", Set.of("recursive", "verbose"), rpc::provide);
        server.register("routing/findpeer", Set.of("verbose"), rpc::findpeer);
        server.register("routing/reprovide", rpc::reprovide);
        server.register("dht/query", Set.of("verbose", "v"), rpc::query);
        for (String removed : List.of("findprovs", "findpeer", "get", "put", "provide")) {
            server.register("dht/" + removed, Set.of("verbose", "v", "num-providers", "n", "recursive", "r"), r -> {
                throw new RpcException(500, REMOVED);
            });
        }
    }

    /**
     * Kubo's {@code dht/query}: the lookup's events as they come, then the closest peers. A node whose table is empty
     * has nobody to ask: that is Kubo's error before anything is streamed.
     */
    private RpcResponse query(RpcRequest r) {
        PeerId target;
        try {
            target = PeerId.parse(r.arg());
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest("invalid peer ID");
        }
        r.boolOption("verbose", false);
        r.boolOption("v", false);
        Dht dht = node.dht().orElseThrow(() -> new RpcException(500, "routing service is not a DHT"));
        if (dht.table().size() == 0) {
            throw new RpcException(500, "failed to find any peer in table");
        }
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            List<PeerId> closest = dht.closestPeers(target.bytes(), TIMEOUT, e -> {
                try {
                    AddRpc.writeLine(out, queryEvent(e));
                    out.flush();
                } catch (java.io.IOException x) {
                    throw new java.io.UncheckedIOException(x); // the caller left: the lookup ends
                }
            });
            for (PeerId p : closest) {
                AddRpc.writeLine(out, event(FINAL_PEER, p.toString(), "", null));
            }
        });
    }

    private static Map<String, Object> queryEvent(dev.ferry.routing.dht.QueryEvent e) {
        return switch (e) {
            case dev.ferry.routing.dht.QueryEvent.Querying q -> event(SENDING_QUERY, q.peer().toString(), "", null);
            case dev.ferry.routing.dht.QueryEvent.Answered a -> {
                List<Map<String, Object>> named = new ArrayList<>();
                for (dev.ferry.routing.dht.QueryEvent.Named n : a.closer()) {
                    named.add(peerInfo(n.peer(), n.addresses()));
                }
                yield event(PEER_RESPONSE, a.peer().toString(), "", named);
            }
        };
    }

    /** Go's AddrInfo as JSON: {@code {"ID", "Addrs"}}. */
    private static Map<String, Object> peerInfo(PeerId peer, List<Multiaddr> addresses) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", peer.toString());
        m.put("Addrs", addresses.stream().map(Multiaddr::toString).toList());
        return m;
    }

    /** Kubo's {@code routing/reprovide}: every pinned root announced now; an empty answer once done, as Kubo's. */
    private RpcResponse reprovide(RpcRequest r) throws InterruptedException {
        node.reprovide();
        return new RpcResponse.Stream("text/plain", out -> { });
    }

    private RpcResponse findpeer(RpcRequest r) {
        PeerId peer;
        try {
            peer = PeerId.parse(r.arg());
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest("invalid peer ID: " + e.getMessage());
        }
        List<String> addrs = new ArrayList<>();
        for (Multiaddr a : routing(() -> node.findPeer(peer, TIMEOUT))) {
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

    /** An {@code /ipns/NAME} key as the DHT's binary routing key. */
    private static byte[] routingKey(String arg) {
        if (!arg.startsWith("/ipns/")) {
            throw RpcException.badRequest("only /ipns/ keys are kept by this node: " + arg);
        }
        try {
            return dev.ferry.routing.ipns.IpnsName.parse(arg).routingKey();
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest("invalid key " + arg + ": " + e.getMessage());
        }
    }

    private RpcResponse get(RpcRequest r) {
        byte[] key = routingKey(r.arg());
        java.util.Optional<byte[]> value;
        try {
            value = dht().getValue(key, dev.ferry.node.NameSystem.QUORUM, TIMEOUT);
        } catch (dev.ferry.routing.dht.InvalidRecordException e) {
            throw new RpcException(500, e.getMessage());
        }
        if (value.isEmpty()) {
            throw new RpcException(500, "routing: not found");
        }
        Map<String, Object> e = event(VALUE, "", java.util.Base64.getEncoder().encodeToString(value.get()), null);
        return new RpcResponse.Stream("application/x-ndjson", out -> AddRpc.writeLine(out, e));
    }

    private RpcResponse put(RpcRequest r, MultipartLimits limits) {
        byte[] key = routingKey(r.arg());
        byte[] value = null;
        try {
            MultipartReader parts = r.multipart(limits);
            java.util.Optional<MultipartPart> p = parts.next();
            if (p.isPresent()) {
                value = p.get().body().readNBytes(dev.ferry.routing.ipns.IpnsRecord.MAX_SIZE + 1);
            }
        } catch (java.io.IOException e) {
            throw RpcException.badRequest("reading the value: " + e.getMessage());
        }
        if (value == null) {
            throw RpcException.badRequest("argument \"value-file\" is required");
        }
        if (value.length > dev.ferry.routing.ipns.IpnsRecord.MAX_SIZE) {
            throw RpcException.badRequest("a record is at most " + dev.ferry.routing.ipns.IpnsRecord.MAX_SIZE
                    + " bytes");
        }
        Dht dht = dht();
        if (dht.table().size() == 0 && !r.boolOption("allow-offline", false)) {
            throw new RpcException(500, "no DHT peer to put the record on: pass --allow-offline to keep it here");
        }
        List<PeerId> took;
        try {
            took = dht.putValueTo(key, value, TIMEOUT);
        } catch (dev.ferry.routing.dht.InvalidRecordException e) {
            throw RpcException.badRequest("invalid record: " + e.getMessage());
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (PeerId p : took) {
            events.add(event(PEER_RESPONSE, p.toString(), "", null));
        }
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            for (Map<String, Object> e : events) {
                AddRpc.writeLine(out, e);
            }
        });
    }

    /** An answer of the DHT and the HTTP routers; their absence is the command's error. */
    private static <T> T routing(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalStateException e) {
            throw new RpcException(500, e.getMessage() + ": set Routing.Type to auto, autoclient, dht, dhtclient or "
                    + "dhtserver (or list Routing.DelegatedRouters) and restart the daemon");
        }
    }

    private Dht dht() {
        return node.dht().orElseThrow(() -> new RpcException(500,
                "the DHT is off: set Routing.Type to auto, autoclient, dht, dhtclient or dhtserver and restart the "
                        + "daemon"));
    }

    private RpcResponse findprovs(RpcRequest r) {
        Cid cid = IpfsPath.cid(r.arg());
        long n = r.longOption("num-providers", r.longOption("n", 20));
        if (n < 1 || n > 100) {
            throw RpcException.badRequest("num-providers must be 1 to 100");
        }
        List<Provider> found = routing(() -> node.findProviders(cid, (int) n, TIMEOUT));
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
        dht(); // the DHT's absence is this command's error, as for the others
        List<Map<String, Object>> events = new ArrayList<>();
        for (Cid c : cids) {
            int told = node.provide(c); // counted in stats/provide
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
