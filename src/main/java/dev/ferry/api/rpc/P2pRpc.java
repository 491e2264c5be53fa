package dev.ferry.api.rpc;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.Node;
import dev.ferry.node.p2p.Mount;
import dev.ferry.node.p2p.StreamMounting;
import dev.ferry.node.p2p.StreamMountingException;
import dev.ferry.node.p2p.Tunnel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Kubo's {@code p2p/*} commands (libp2p stream mounting) with its argument names, messages and JSON: {@code p2p/ls}
 * answers {@code {"Listeners": [{Protocol, ListenAddress, TargetAddress}]}}, {@code p2p/stream/ls}
 * {@code {"Streams": [{HandlerID, Protocol, OriginAddress, TargetAddress}]}} (as Kubo, {@code null} when there are
 * none), {@code p2p/close} the number of mounts it closed, and the others an empty body. Every command needs
 * {@code Experimental.Libp2pStreamMounting}, read at each call as Kubo does.
 */
final class P2pRpc {
    static final String ENABLE_KEY = "Experimental.Libp2pStreamMounting";
    private final Node node;

    private P2pRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        P2pRpc p = new P2pRpc(node);
        server.register("p2p/listen", Set.of("allow-custom-protocol", "report-peer-id"), p::listen);
        server.register("p2p/forward", Set.of("allow-custom-protocol"), p::forward);
        server.register("p2p/ls", Set.of("headers"), p::ls);
        server.register("p2p/close", Set.of("all", "protocol", "listen-address", "target-address"), p::close);
        server.register("p2p/stream/ls", Set.of("headers"), p::streamLs);
        server.register("p2p/stream/close", Set.of("all"), p::streamClose);
    }

    /** The node's mounts, once the configuration allows them (Kubo's check and message). */
    private StreamMounting mounting() {
        if (!node.repo().config().bool(ENABLE_KEY, false)) {
            throw new RpcException(500, "libp2p stream mounting not enabled");
        }
        return node.streamMounting();
    }

    private RpcResponse listen(RpcRequest r) {
        StreamMounting m = mounting();
        String protocol = arg(r, 0, "protocol");
        Multiaddr target = multiaddr(arg(r, 1, "target-address"));
        refused(() -> m.listen(protocol, target, r.boolOption("report-peer-id", false),
                r.boolOption("allow-custom-protocol", false)));
        return empty();
    }

    private RpcResponse forward(RpcRequest r) throws IOException {
        StreamMounting m = mounting();
        String protocol = arg(r, 0, "protocol");
        Multiaddr listen = multiaddr(arg(r, 1, "listen-address"));
        Multiaddr target = multiaddr(arg(r, 2, "target-address"));
        try {
            m.forward(protocol, listen, target, r.boolOption("allow-custom-protocol", false));
        } catch (StreamMountingException e) {
            throw RpcException.badRequest(e.getMessage());
        }
        return empty();
    }

    private RpcResponse ls(RpcRequest r) {
        r.boolOption("headers", false); // the CLI's table option: checked, no effect on JSON
        List<Map<String, Object>> out = new ArrayList<>();
        for (Mount mount : mounting().mounts()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("Protocol", mount.protocol());
            l.put("ListenAddress", mount.listenAddress().toString());
            l.put("TargetAddress", mount.targetAddress().toString());
            out.add(l);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Listeners", out.isEmpty() ? null : out);
        return new RpcResponse.Json(body);
    }

    private RpcResponse close(RpcRequest r) {
        StreamMounting m = mounting();
        boolean all = r.boolOption("all", false);
        Optional<String> protocol = r.option("protocol");
        Optional<Multiaddr> listen = r.option("listen-address").map(P2pRpc::multiaddr);
        Optional<Multiaddr> target = r.option("target-address").map(P2pRpc::multiaddr);
        boolean some = protocol.isPresent() || listen.isPresent() || target.isPresent();
        if (!all && !some) {
            throw RpcException.badRequest("no matching options given");
        }
        if (all && some) {
            throw RpcException.badRequest("can't combine --all with other matching options");
        }
        Predicate<Mount> match = mount -> all
                || protocol.map(mount.protocol()::equals).orElse(true)
                && listen.map(mount.listenAddress()::equals).orElse(true)
                && target.map(mount.targetAddress()::equals).orElse(true);
        return new RpcResponse.Json(m.close(match));
    }

    private RpcResponse streamLs(RpcRequest r) {
        r.boolOption("headers", false);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Tunnel t : mounting().tunnels()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("HandlerID", Long.toString(t.id()));
            s.put("Protocol", t.protocol());
            s.put("OriginAddress", t.originAddress().toString());
            s.put("TargetAddress", t.targetAddress().toString());
            out.add(s);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Streams", out.isEmpty() ? null : out);
        return new RpcResponse.Json(body);
    }

    private RpcResponse streamClose(RpcRequest r) {
        StreamMounting m = mounting();
        if (r.boolOption("all", false)) {
            m.closeAllTunnels();
            return empty();
        }
        if (r.args().isEmpty()) {
            throw RpcException.badRequest("no id specified");
        }
        long id;
        try {
            id = Long.parseUnsignedLong(r.args().getFirst());
        } catch (NumberFormatException e) {
            throw RpcException.badRequest("invalid stream id \"" + r.args().getFirst() + "\": not a handler ID");
        }
        m.closeTunnel(id); // as Kubo: an ID that is not open (any more) is no error
        return empty();
    }

    private static String arg(RpcRequest r, int index, String name) {
        if (r.args().size() <= index) {
            throw RpcException.badRequest("argument \"" + name + "\" is required");
        }
        return r.args().get(index);
    }

    private static Multiaddr multiaddr(String text) {
        try {
            return Multiaddr.parse(text);
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest("invalid multiaddr \"" + text + "\": " + e.getMessage());
        }
    }

    private static void refused(Runnable action) {
        try {
            action.run();
        } catch (StreamMountingException e) {
            throw RpcException.badRequest(e.getMessage());
        }
    }

    /** Kubo's answer to a command with no output: 200 and no body. */
    private static RpcResponse empty() {
        return new RpcResponse.Stream("text/plain", out -> { });
    }
}
