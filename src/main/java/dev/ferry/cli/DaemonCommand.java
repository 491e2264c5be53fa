package dev.ferry.cli;

import dev.ferry.api.rpc.NodeRpc;
import dev.ferry.api.rpc.RpcServer;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.Node;
import dev.ferry.node.repo.AtomicFiles;
import dev.ferry.node.repo.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ferry daemon}: runs the node in the foreground (swarm listeners, peering, the RPC API) until SIGINT,
 * SIGTERM or {@code ferry shutdown}; holds the repository lock meanwhile, so other commands go through the API.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true, description = "Run the ferry node in the foreground.")
final class DaemonCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;

    @Mixin
    RepoOptions repo;

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
        CountDownLatch stop = new CountDownLatch(1);
        Path apiFile = dir.resolve(DaemonClient.API_FILE);
        Shutdown closer = new Shutdown(node, apiFile);
        Thread hook = new Thread(() -> {
            stop.countDown();
            closer.run(); // SIGINT/SIGTERM: close here too, so the repo is released before the JVM exits
        }, "ferry-shutdown");
        try {
            Multiaddr api = Multiaddr.parse(r.config().string("Addresses.API", "/ip4/127.0.0.1/tcp/5001"));
            String host = api.valueOf("ip4").or(() -> api.valueOf("ip6"))
                    .orElseThrow(() -> new IllegalArgumentException("Addresses.API must be an /ip4 or /ip6 address: " + api));
            int port = Integer.parseInt(api.valueOf("tcp").orElseThrow(() -> new IllegalArgumentException("Addresses.API needs /tcp/PORT: " + api)));
            RpcServer rpc = RpcServer.bind(host, port);
            closer.rpc = rpc;
            NodeRpc.install(rpc, node, VersionCommand.version(), stop::countDown);
            String proto = api.valueOf("ip4").isPresent() ? "ip4" : "ip6";
            Multiaddr bound = Multiaddr.parse("/" + proto + "/" + host + "/tcp/" + rpc.address().getPort());
            AtomicFiles.write(apiFile, (bound + "\n").getBytes(StandardCharsets.UTF_8));
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("Peer identity: " + node.identity().peerId());
            for (Multiaddr a : node.listenAddresses()) {
                out.println("Swarm listening on " + a);
            }
            out.println("RPC API server listening on " + bound);
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

    /** Closes the API, the node and the repository once, whoever asks first (main thread or shutdown hook). */
    private static final class Shutdown implements Runnable {
        private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        private final Node node;
        private final Path apiFile;
        volatile RpcServer rpc;
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
                node.close();
            } finally {
                lock.unlock();
            }
        }
    }
}
