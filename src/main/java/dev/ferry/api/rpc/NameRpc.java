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
 * Kubo's {@code name/publish} ({@code {"Name", "Value"}}) and {@code name/resolve} ({@code {"Path"}}) over the
 * node's name system. Names print as {@code k51…} (base36), Kubo's default {@code ipns-base}.
 */
final class NameRpc {
    private final Node node;

    private NameRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        NameRpc rpc = new NameRpc(node);
        server.register("name/publish", Set.of("resolve", "lifetime", "allow-offline", "ttl", "key", "quieter",
                "ipns-base", "v1compat"), rpc::publish);
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
        NameSystem.Published p;
        try {
            p = node.names().publish(r.option("key").filter(k -> !k.isEmpty()).orElse("self"), r.arg(), lifetime,
                    ttl, r.boolOption("allow-offline", false));
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
