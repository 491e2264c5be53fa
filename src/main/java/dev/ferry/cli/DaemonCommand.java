package dev.ferry.cli;

import dev.ferry.api.gateway.GatewayConfig;
import dev.ferry.api.gateway.GatewayServer;
import dev.ferry.api.http.HttpAccessConfig;
import dev.ferry.api.http.HttpLimits;
import dev.ferry.api.rpc.NodeRpc;
import dev.ferry.api.rpc.RpcServer;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.Node;
import dev.ferry.store.AtomicFiles;
import dev.ferry.node.repo.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry daemon}: runs the node in the foreground (swarm listeners, peering, the RPC API) until SIGINT,
 * SIGTERM or {@code ferry shutdown}; holds the repository lock meanwhile, so other commands go through the API.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true, description = "Run the ferry node in the foreground.")
final class DaemonCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;

    @Mixin
    RepoOptions repo;

    @Option(names = "--enable-gc", description = "Collect garbage every Datastore.GCPeriod when the repository is "
            + "above Datastore.StorageGCWatermark percent of Datastore.StorageMax.")
    boolean enableGc;

    DaemonCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        Path dir = repo.resolve(env);
        var out = env.out();
        out.println("Initializing daemon...");
        out.println("ferry version " + VersionCommand.version());
        Repo r = Repo.open(dir);
        Node node;
        try {
            node = Node.start(r);
        } catch (Exception e) {
            r.close();
            throw e;
        }
        if (enableGc) {
            node.startAutoGc(); // closed with the node
        }
        CountDownLatch stop = new CountDownLatch(1);
        Path apiFile = dir.resolve(DaemonClient.API_FILE);
        Shutdown closer = new Shutdown(node, apiFile);
        Thread hook = new Thread(() -> {
            stop.countDown();
            closer.run(); // SIGINT/SIGTERM: close here too, so the repo is released before the JVM exits
        }, "ferry-shutdown");
        try {
            HttpLimits.install();
            Multiaddr api = Multiaddr.parse(r.config().string("Addresses.API", "/ip4/127.0.0.1/tcp/5001"));
            RpcServer rpc = RpcServer.bind(socket(api, "Addresses.API"), HttpAccessConfig.api(r.config()));
            closer.rpc = rpc;
            NodeRpc.install(rpc, node, VersionCommand.version(), stop::countDown);
            // built on the first call: the whole tree costs a moment the start need not pay
            var tree = new java.util.concurrent.atomic.AtomicReference<dev.ferry.api.rpc.CommandInfo>();
            dev.ferry.api.rpc.CommandsRpc.install(rpc, () -> tree.updateAndGet(t -> t != null ? t
                    : CommandsCommand.tree(env)));
            Multiaddr bound = bound(api, rpc.address().getPort());
            String gatewayAddr = r.config().string("Addresses.Gateway", "/ip4/127.0.0.1/tcp/8080");
            Multiaddr gatewayBound = null;
            if (!gatewayAddr.isBlank()) {
                Multiaddr gw = Multiaddr.parse(gatewayAddr);
                // Kubo's switches: NoFetch serves the local store only; DeserializedResponses=false is a strict
                // trustless gateway (raw blocks and CARs only)
                GatewayConfig gwConfig = GatewayConfig.defaults()
                        .withNoFetch(r.config().bool("Gateway.NoFetch", false))
                        .withDeserializedResponses(r.config().bool("Gateway.DeserializedResponses", true))
                        .withNoDnsLink(r.config().bool("Gateway.NoDNSLink", false))
                        .withSubdomainGateways(subdomainGateways(r.config()));
                // the gateway is public by nature: private content is invisible to it
                GatewayServer gateway = GatewayServer.start(socket(gw, "Addresses.Gateway"),
                        new dev.ferry.policy.privacy.PublicOnlyFetcher(node.cachingFetcher(), node.privateContent()),
                        gwConfig, HttpAccessConfig.gateway(r.config()),
                        new dev.ferry.api.gateway.NameSystemNames(node.names()),
                        r.config().bool("Gateway.ExposeRoutingAPI", true)
                                ? new dev.ferry.api.gateway.NodeDelegatedRouting(node) : null,
                        // a gateway that fetches nothing must not make the node fetch on its visitors' behalf; with
                        // prefetching off, requests are not reported at all (no second resolution of each path)
                        gwConfig.noFetch() || !node.prefetcher().enabled()
                                ? dev.ferry.routing.prefetch.ContentRequests.NONE : node.prefetcher());
                closer.gateway = gateway;
                gatewayBound = bound(gw, gateway.address().getPort());
            }
            AtomicFiles.write(apiFile, (bound + "\n").getBytes(StandardCharsets.UTF_8));
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("Peer identity: " + node.identity().peerId());
            node.privateNetwork().ifPresent(key -> {
                out.println("Swarm is limited to private network of peers with the swarm key");
                out.println("Swarm key fingerprint: " + key.fingerprint());
            });
            for (Multiaddr a : node.listenAddresses()) {
                out.println("Swarm listening on " + a);
            }
            out.println("RPC API server listening on " + bound);
            if (gatewayBound != null) {
                out.println("Gateway server listening on " + gatewayBound);
            }
            out.println("Daemon is ready");
            out.flush();
            stop.await();
            out.println("Received shutdown, stopping...");
            out.flush();
        } finally {
            closer.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
        return 0;
    }

    /** An /ip4 or /ip6 + /tcp multiaddr as a socket address. */
    private static java.net.InetSocketAddress socket(Multiaddr addr, String key) throws java.net.UnknownHostException {
        String host = addr.valueOf("ip4").or(() -> addr.valueOf("ip6"))
                .orElseThrow(() -> new IllegalArgumentException(key + " must be an /ip4 or /ip6 address: " + addr));
        int port = Integer.parseInt(addr.valueOf("tcp")
                .orElseThrow(() -> new IllegalArgumentException(key + " needs /tcp/PORT: " + addr)));
        return new java.net.InetSocketAddress(java.net.InetAddress.getByName(host), port);
    }

    /** The address actually bound (port 0 resolved). */
    private static Multiaddr bound(Multiaddr configured, int port) {
        String proto = configured.valueOf("ip4").isPresent() ? "ip4" : "ip6";
        String host = configured.valueOf(proto).orElseThrow();
        return Multiaddr.parse("/" + proto + "/" + host + "/tcp/" + port);
    }

    /** Closes the API, the node and the repository once, whoever asks first (main thread or shutdown hook). */
    private static final class Shutdown implements Runnable {
        private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        private final Node node;
        private final Path apiFile;
        volatile RpcServer rpc;
        volatile GatewayServer gateway;
        private boolean done;

        Shutdown(Node node, Path apiFile) {
            this.node = node;
            this.apiFile = apiFile;
        }

        @Override
        public void run() {
            lock.lock();
            try {
                if (done) {
                    return;
                }
                done = true;
                try {
                    Files.deleteIfExists(apiFile);
                } catch (Exception ignored) {
                    // a stale api file is recognised by the client: nothing answers there
                }
                if (rpc != null) {
                    rpc.close();
                }
                if (gateway != null) {
                    gateway.close();
                }
                node.close();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Kubo's {@code Gateway.PublicGateways}: the hosts with {@code "UseSubdomains": true}, and {@code localhost} unless
     * it is configured otherwise (Kubo's implicit default).
     */
    static java.util.List<String> subdomainGateways(dev.ferry.node.repo.RepoConfig cfg) {
        java.util.List<String> out = new java.util.ArrayList<>();
        var gws = cfg.get("Gateway.PublicGateways").filter(n -> n.isObject()).orElse(null);
        boolean localhostSet = false;
        if (gws != null) {
            for (var it = gws.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().equalsIgnoreCase("localhost")) {
                    localhostSet = true;
                }
                if (e.getValue() != null && e.getValue().path("UseSubdomains").asBoolean(false)) {
                    out.add(e.getKey());
                }
            }
        }
        if (!localhostSet) {
            out.add("localhost");
        }
        return out;
    }
}
