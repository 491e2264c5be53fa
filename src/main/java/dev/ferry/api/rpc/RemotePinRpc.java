package dev.ferry.api.rpc;

import dev.ferry.node.PinningServiceClient;
import dev.ferry.node.PinningServiceClient.RemoteStatus;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.Node;
import dev.ferry.node.RemoteServices;
import dev.ferry.node.repo.RepoConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubo's {@code pin/remote/*}: ferry as a client of remote pinning services (any IPFS Pinning Service API, another
 * ferry node's {@code /psa} included). Services live in the config as Kubo keeps them:
 * {@code Pinning.RemoteServices.<name>.API.Endpoint} and {@code .Key} (the key is masked by {@code config show}).
 * {@code pin/remote/add} gives this node's addresses as origins (unless {@code origin} is given) and dials the
 * service's delegates, so the service can fetch from here at once; without {@code background} it waits until the
 * service reports the pin {@code pinned} (or {@code failed}, an error), within the request's {@code timeout}.
 */
final class RemotePinRpc {
    private static final Set<String> STATUSES = Set.of("queued", "pinning", "pinned", "failed");
    private static final int MAX_LISTED = 100_000;

    private final Node node;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private RemotePinRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        RemotePinRpc p = new RemotePinRpc(node);
        server.register("pin/remote/service/add", Set.of(), p::serviceAdd);
        server.register("pin/remote/service/ls", Set.of("stat"), p::serviceLs);
        server.register("pin/remote/service/rm", Set.of(), p::serviceRm);
        server.register("pin/remote/add", Set.of("service", "name", "background", "origin"), p::add);
        server.register("pin/remote/ls", Set.of("service", "name", "cid", "status"), p::ls);
        server.register("pin/remote/rm", Set.of("service", "name", "cid", "status", "force"), p::rm);
    }

    private PinningServiceClient client(RpcRequest r) {
        String name = r.option("service").filter(s -> !s.isEmpty())
                .orElseThrow(() -> RpcException.badRequest("no remote service specified (service=NAME)"));
        RemoteServices.Service s = RemoteServices.get(node.repo().config(), name)
                .orElseThrow(() -> RpcException.badRequest("service not known: " + name));
        return new PinningServiceClient(s.endpoint(), s.key(), http);
    }

    private RpcResponse serviceAdd(RpcRequest r) {
        if (r.args().size() != 3) {
            throw RpcException.badRequest("pin/remote/service/add takes a name, an endpoint and a key");
        }
        changeConfig(cfg -> RemoteServices.add(cfg, r.args().get(0), r.args().get(1), r.args().get(2)));
        return new RpcResponse.Json(Map.of());
    }

    private RpcResponse serviceRm(RpcRequest r) {
        String name = r.arg();
        changeConfig(cfg -> RemoteServices.remove(cfg, name));
        return new RpcResponse.Json(Map.of());
    }

    private void changeConfig(java.util.function.Consumer<RepoConfig> change) {
        ConfigRpc.LOCK.lock();
        try {
            RepoConfig updated = RepoConfig.parse(node.repo().config().toJson());
            try {
                change.accept(updated);
            } catch (IllegalArgumentException e) {
                throw new RpcException(500, e.getMessage());
            }
            node.repo().saveConfig(updated);
        } finally {
            ConfigRpc.LOCK.unlock();
        }
    }

    private RpcResponse serviceLs(RpcRequest r) {
        boolean stat = r.boolOption("stat", false);
        List<Map<String, Object>> out = new ArrayList<>();
        RepoConfig cfg = node.repo().config();
        for (RemoteServices.Service svc : RemoteServices.list(cfg).values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Service", svc.name());
            m.put("ApiEndpoint", svc.endpoint().toString());
            if (stat) {
                Map<String, Object> st = new LinkedHashMap<>();
                try {
                    PinningServiceClient c = new PinningServiceClient(svc.endpoint(), svc.key(), http);
                    Map<String, Object> counts = new LinkedHashMap<>();
                    for (String status : List.of("queued", "pinning", "pinned", "failed")) {
                        counts.put(Character.toUpperCase(status.charAt(0)) + status.substring(1), c.count(status));
                    }
                    st.put("Status", "valid");
                    st.put("PinCount", counts);
                } catch (IOException | RuntimeException ex) {
                    st.put("Status", "invalid");
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    st.put("Status", "invalid");
                }
                m.put("Stat", st);
            }
            out.add(m);
        }
        return new RpcResponse.Json(Map.of("RemoteServices", out));
    }

    private RpcResponse add(RpcRequest r) throws IOException, InterruptedException {
        Cid cid = IpfsPath.parse(r.arg()).root();
        PinningServiceClient c = client(r);
        String name = r.option("name").orElse("");
        boolean background = r.boolOption("background", false);
        List<String> origins = new ArrayList<>(r.options("origin").stream().filter(s -> !s.isEmpty()).toList());
        for (String o : origins) {
            try {
                Multiaddr.parse(o);
            } catch (IllegalArgumentException e) {
                throw RpcException.badRequest("invalid origin multiaddr: " + o);
            }
        }
        if (origins.isEmpty() && node.repo().blocks().has(cid)) {
            // as Kubo: the content is here, so this node is where the service should fetch it from
            String self = "/p2p/" + node.identity().peerId();
            node.host().announceAddresses().stream().limit(20).forEach(a -> origins.add(a + self));
        }
        RemoteStatus s = c.add(cid, name, origins);
        dialDelegates(s.delegates());
        if (!background) {
            long deadline = System.nanoTime()
                    + r.option("timeout").map(RpcServer::timeout).orElse(Duration.ofMinutes(10)).toNanos();
            while (!s.status().equals("pinned")) {
                if (s.status().equals("failed")) {
                    throw new RpcException(500, "remote service failed to pin requestid=" + s.requestId()
                            + (s.details().isEmpty() ? "" : ": " + s.details()));
                }
                if (System.nanoTime() > deadline) {
                    throw new RpcException(500, "timed out waiting for the remote pin of " + cid + " (status "
                            + s.status() + ")");
                }
                Thread.sleep(200);
                s = c.get(s.requestId());
            }
        }
        return new RpcResponse.Json(pinJson(s));
    }

    private void dialDelegates(List<String> delegates) {
        for (String d : delegates.stream().limit(20).toList()) {
            Thread.ofVirtual().start(() -> {
                try {
                    Multiaddr a = Multiaddr.parse(d);
                    if (a.valueOf("p2p").isPresent() && !d.endsWith(node.identity().peerId().toString())) {
                        node.host().connect(a);
                    }
                } catch (IOException | RuntimeException e) {
                    // best effort: the service finds us through our origins too
                }
            });
        }
    }

    private static Map<String, Object> pinJson(RemoteStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Cid", s.cid().toString());
        m.put("Name", s.name());
        m.put("Status", s.status());
        return m;
    }

    private List<RemoteStatus> matching(RpcRequest r, PinningServiceClient c) throws IOException, InterruptedException {
        List<Cid> cids = r.options("cid").stream().flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .filter(s -> !s.isEmpty()).map(a -> IpfsPath.parse(a).root()).toList();
        Set<String> statuses = new LinkedHashSet<>();
        for (String s : r.options("status")) {
            for (String one : s.split(",")) {
                if (!STATUSES.contains(one)) {
                    throw RpcException.badRequest("status must be queued, pinning, pinned or failed: " + one);
                }
                statuses.add(one);
            }
        }
        if (statuses.isEmpty()) {
            statuses.add("pinned");
        }
        return c.list(cids, r.option("name").orElse(""), statuses, MAX_LISTED);
    }

    private RpcResponse ls(RpcRequest r) throws IOException, InterruptedException {
        List<RemoteStatus> found = matching(r, client(r));
        return new RpcResponse.Stream("application/x-ndjson", Map.of(), out -> {
            for (RemoteStatus s : found) {
                out.write((RpcServer.JSON.writeValueAsString(pinJson(s)) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    private RpcResponse rm(RpcRequest r) throws IOException, InterruptedException {
        PinningServiceClient c = client(r);
        List<RemoteStatus> found = matching(r, c);
        if (found.size() > 1 && !r.boolOption("force", false)) {
            throw new RpcException(500, "multiple remote pins are matching this query, add --force to confirm the "
                    + "bulk removal");
        }
        for (RemoteStatus s : found) {
            c.delete(s.requestId());
        }
        return new RpcResponse.Json(Map.of());
    }
}
