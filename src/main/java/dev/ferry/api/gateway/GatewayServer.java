package dev.ferry.api.gateway;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.api.http.HttpAccess;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.prefetch.ContentRequests;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP gateway: trustless ({@code application/vnd.ipld.raw}, {@code application/vnd.ipld.car}) and path
 * (deserialized UnixFS) responses for {@code GET|HEAD /ipfs/{cid}[/path]}. One virtual thread per request; every
 * request passes {@link HttpAccess#check} first. See {@code package-info.java} for what is served and how failures
 * are answered.
 */
public final class GatewayServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private GatewayServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving.
     *
     * @param bind    address to listen on (port 0 for any free port)
     * @param content where blocks come from: a fetch session per request, or the local store alone
     * @param config  timeouts and limits
     * @param access  who may call; refuses non-loopback binds without tokens
     * @throws IOException when the address cannot be bound or access refuses it
     */
    public static GatewayServer start(InetSocketAddress bind, ContentFetcher content, GatewayConfig config,
            HttpAccess access) throws IOException {
        return start(bind, content, config, access, null, null);
    }

    /**
     * As {@link #start(InetSocketAddress, ContentFetcher, GatewayConfig, HttpAccess)}, serving {@code /ipns/} paths
     * and IPNS records through {@code names} (null: /ipns/ requests get a 501), and the Delegated Routing V1 API under
     * {@code /routing/v1/} through {@code routing} (null: not served).
     */
    public static GatewayServer start(InetSocketAddress bind, ContentFetcher content, GatewayConfig config,
            HttpAccess access, GatewayNames names, DelegatedRouting routing) throws IOException {
        return start(bind, content, config, access, names, routing, ContentRequests.NONE);
    }

    /**
     * As {@link #start(InetSocketAddress, ContentFetcher, GatewayConfig, HttpAccess, GatewayNames, DelegatedRouting)},
     * reporting to {@code requests} the CID each /ipfs/ or /ipns/ content request is for, keyed by the client's
     * address ({@code gateway <ip>}).
     */
    public static GatewayServer start(InetSocketAddress bind, ContentFetcher content, GatewayConfig config,
            HttpAccess access, GatewayNames names, DelegatedRouting routing, ContentRequests requests)
            throws IOException {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(access, "access");
        access.checkBind(bind.getAddress(), "gateway");
        dev.ferry.api.http.HttpLimits.install();
        HttpServer server = HttpServer.create(bind, 128);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.createContext("/", new GatewayHandler(content, config, access, names, routing, requests));
        server.setExecutor(executor);
        server.start();
        return new GatewayServer(server, executor);
    }

    /** The bound address (with the actual port). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops listening and interrupts requests still running (their fetch sessions are closed). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
