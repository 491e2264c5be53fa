package dev.ferry.api.rpc;

import dev.ferry.node.Durations;
import dev.ferry.node.NameException;
import dev.ferry.node.NameSystem;
import dev.ferry.node.Node;
import dev.ferry.routing.ipns.IpnsName;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Kubo's {@code name/publish} ({@code {"Name", "Value"}}), {@code name/resolve} ({@code {"Path"}}), {@code name/get}
 * (the record's bytes, {@code application/vnd.ipfs.ipns-record}) and {@code name/put} (a record signed elsewhere,
 * sent as a multipart file; {@code {"Name", "Value"}}) over the node's name system. Publish and put take Kubo's
 * {@code allow-offline} and {@code allow-delegated} (publish through {@code Ipns.DelegatedPublishers} without DHT
 * peers); delegated publishers that did not take a record are logged by the daemon, not answered (Kubo's answer has
 * no place for them). Names print as {@code k51…}
 * (base36), Kubo's default {@code ipns-base}.
 */
final class NameRpc {
    private final Node node;

    private NameRpc(Node node) {
        this.node = node;
    }

    /** The media type of a serialized IPNS record (the spec's, as Kubo answers {@code name/get}). */
    static final String RECORD_TYPE = "application/vnd.ipfs.ipns-record";

    static void install(RpcServer server, Node node, MultipartLimits limits) {
        NameRpc rpc = new NameRpc(node);
        server.register("name/get", Set.of(), rpc::get);
        server.register("name/put", Set.of("force", "f", "allow-offline", "allow-delegated", "quiet", "q"),
                r -> rpc.put(r, limits));
        server.register("name/publish", Set.of("resolve", "lifetime", "allow-offline", "allow-delegated", "ttl", "key",
                "quieter", "ipns-base", "v1compat"), rpc::publish);
        server.register("name/resolve", Set.of("recursive", "r", "nocache", "n", "dht-record-count",
                "dht-timeout", "stream", "s"), rpc::resolve);
        server.register("name/pubsub/state", Set.of(), r -> new RpcResponse.Json(
                Map.of("Enabled", node.names().usesPubsub())));
        server.register("name/pubsub/subs", Set.of("ipns-base"), rpc::subs);
        server.register("name/pubsub/cancel", Set.of(), rpc::cancel);
    }

    private RpcResponse publish(RpcRequest r) {
        base(r);
        Duration lifetime = duration(r, "lifetime", NameSystem.DEFAULT_LIFETIME);
        Duration ttl = duration(r, "ttl", NameSystem.DEFAULT_TTL);
        if (!r.boolOption("v1compat", true)) {
            throw RpcException.badRequest("v1compat=false is not supported: ferry's records always carry the V1 "
                    + "fields");
        }
        checkPublishers(r.boolOption("allow-delegated", false) && !r.boolOption("allow-offline", false));
        NameSystem.Published p;
        try {
            p = node.names().publish(r.option("key").filter(k -> !k.isEmpty()).orElse("self"), r.arg(), lifetime,
                    ttl, r.boolOption("allow-offline", false), r.boolOption("allow-delegated", false));
        } catch (NameException e) {
            throw new RpcException(e.notFound() ? 500 : 400, e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Name", p.record().name().toString());
        out.put("Value", p.record().path());
        return new RpcResponse.Json(out);
    }

    private RpcResponse resolve(RpcRequest r) {
        String arg = r.args().isEmpty() ? "/ipns/" + new IpnsName(node.identity().peerId()) : r.arg();
        boolean recursive = r.boolOption("recursive", r.boolOption("r", true));
        boolean nocache = r.boolOption("nocache", r.boolOption("n", false));
        String path;
        try {
            path = node.names().resolve(arg, recursive, !nocache);
        } catch (NameException e) {
            throw new RpcException(e.notFound() ? 500 : 400, e.getMessage());
        }
        return new RpcResponse.Json(Map.of("Path", path));
    }

    private RpcResponse get(RpcRequest r) {
        IpnsName name = name(r.arg());
        byte[] bytes = node.names().record(name, true)
                .orElseThrow(() -> new RpcException(500, "routing: not found: no valid record of " + name))
                .bytes();
        return new RpcResponse.Stream(RECORD_TYPE, out -> out.write(bytes));
    }

    private RpcResponse put(RpcRequest r, MultipartLimits limits) {
        boolean allowOffline = r.boolOption("allow-offline", false);
        boolean allowDelegated = r.boolOption("allow-delegated", false);
        // the flags are checked before the record is read, as Kubo does
        if (allowOffline && allowDelegated) {
            throw RpcException.badRequest("cannot use both --allow-offline and --allow-delegated flags");
        }
        checkPublishers(allowDelegated);
        IpnsName name = name(r.arg());
        byte[] bytes = null;
        try {
            java.util.Optional<MultipartPart> p = r.multipart(limits).next();
            if (p.isPresent()) {
                // one byte past the limit is enough to tell an oversize record
                bytes = p.get().body().readNBytes(dev.ferry.routing.ipns.IpnsRecord.MAX_SIZE + 1);
            }
        } catch (java.io.IOException e) {
            throw RpcException.badRequest("reading the record: " + e.getMessage());
        }
        if (bytes == null) {
            throw RpcException.badRequest("argument \"record\" is required");
        }
        dev.ferry.routing.ipns.IpnsRecord rec;
        try {
            rec = node.names().putRecord(name, bytes, r.boolOption("force", r.boolOption("f", false)),
                    allowOffline, allowDelegated).record();
        } catch (NameException e) {
            throw new RpcException(e.notFound() ? 500 : 400, e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Name", name.toString());
        out.put("Value", rec.path());
        return new RpcResponse.Json(out);
    }

    /** {@code allow-delegated} needs a delegated publisher; in a private network there is never one. */
    private void checkPublishers(boolean allowDelegated) {
        if (allowDelegated && node.delegatedPublishers().isEmpty()) {
            throw RpcException.badRequest("no delegated publishers configured: " + (node.privateNetwork().isPresent()
                    ? "Ipns.DelegatedPublishers are not used in a private network (swarm.key); use --allow-offline"
                    : "add Ipns.DelegatedPublishers or use --allow-offline") + " for local-only publishing");
        }
    }

    /** {@code k51…} or {@code /ipns/k51…}, as Kubo takes a name for {@code name get|put}. */
    private static IpnsName name(String arg) {
        try {
            return IpnsName.parse(arg);
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest("invalid IPNS name: " + e.getMessage());
        }
    }

    private RpcResponse subs(RpcRequest r) {
        base(r);
        java.util.List<String> names = new java.util.ArrayList<>();
        node.names().pubsubNames().forEach(n -> names.add("/ipns/" + n));
        return new RpcResponse.Json(Map.of("Strings", names));
    }

    private RpcResponse cancel(RpcRequest r) {
        IpnsName name;
        try {
            name = IpnsName.parse(r.arg());
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest(e.getMessage());
        }
        return new RpcResponse.Json(Map.of("Canceled", node.names().cancelPubsub(name)));
    }

    /** Only Kubo's default base is written; others are refused rather than ignored. */
    static void base(RpcRequest r) {
        String b = r.option("ipns-base").orElse("base36");
        if (!b.equals("base36") && !b.isEmpty()) {
            throw RpcException.badRequest("ipns-base " + b + " is not supported (names are written in base36)");
        }
    }

    private static Duration duration(RpcRequest r, String name, Duration dflt) {
        try {
            return r.option(name).filter(s -> !s.isEmpty()).map(Durations::parse).orElse(dflt);
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest(name + ": " + e.getMessage());
        }
    }
}
