package dev.ferry.api.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubo-style RPC API at {@code /api/v0/<command>}: POST only, positional arguments as repeated {@code arg=},
 * options as query parameters, errors as {@code {"Message", "Code", "Type": "error"}}. One virtual thread per
 * request. Binds loopback addresses only: exposing it elsewhere needs access tokens, which this server does not
 * have, so it refuses to start rather than serve the node to the network.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/api/v0/";

    private final Map<String, RpcHandler> handlers = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private RpcServer(HttpServer server) {
        this.server = server;
    }

    /** Binds {@code host:port} (port 0 picks one); the host must be a loopback address. */
    public static RpcServer bind(String host, int port) throws IOException {
        InetAddress addr = InetAddress.getByName(host);
        if (!addr.isLoopbackAddress()) {
            throw new IOException("refusing to expose the RPC API on " + host
                    + ": it gives full control of the node; bind it to 127.0.0.1 or ::1");
        }
        HttpServer s = HttpServer.create(new InetSocketAddress(addr, port), 64);
        RpcServer rpc = new RpcServer(s);
        s.setExecutor(rpc.executor);
        s.createContext("/api/v0", rpc::serve);
        s.start();
        return rpc;
    }

    public void register(String command, RpcHandler handler) {
        handlers.put(command, handler);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void serve(HttpExchange ex) throws IOException {
        boolean streamFailed = false;
        Runnable after = null;
        try {
            String path = ex.getRequestURI().getRawPath();
            if (!ex.getRequestMethod().equals("POST")) {
                sendError(ex, 405, "only POST is allowed on the RPC API (method " + ex.getRequestMethod() + ")");
                return;
            }
            if (!path.startsWith(PREFIX)) {
                sendError(ex, 404, "unknown command: " + path);
                return;
            }
            String command = path.substring(PREFIX.length());
            RpcHandler h = handlers.get(command);
            if (h == null) {
                sendError(ex, 404, "unknown command: " + command);
                return;
            }
            RpcResponse response;
            try {
                response = h.handle(RpcRequest.parse(command, ex.getRequestURI().getRawQuery()));
            } catch (RpcException e) {
                sendError(ex, e.status(), e.getMessage());
                return;
            } catch (IllegalArgumentException e) {
                sendError(ex, 400, e.getMessage());
                return;
            } catch (Exception e) {
                LOG.debug("rpc {} failed", command, e);
                sendError(ex, 500, e.getMessage() == null ? e.toString() : e.getMessage());
                return;
            }
            switch (response) {
                case RpcResponse.Json j -> sendJson(ex, j.value());
                case RpcResponse.JsonThen j -> {
                    sendJson(ex, j.value());
                    after = j.after();
                }
                case RpcResponse.Stream s -> {
                    ex.getResponseHeaders().set("Content-Type", s.contentType());
                    ex.getResponseHeaders().set("X-Stream-Output", "1");
                    ex.sendResponseHeaders(200, 0);
                    try {
                        OutputStream out = ex.getResponseBody();
                        s.body().writeTo(out);
                        out.close();
                    } catch (Exception e) {
                        // the status is already sent: drop the connection without the final chunk, so the client
                        // sees a broken stream instead of a short but complete-looking answer
                        streamFailed = true;
                        LOG.info("rpc {} failed while streaming: {}", command, e.getMessage());
                        throw new IOException("rpc " + command + " failed while streaming: " + e.getMessage(), e);
                    }
                }
            }
        } finally {
            if (!streamFailed) {
                ex.close();
            }
        }
        if (after != null) {
            after.run();
        }
    }

    private static void sendJson(HttpExchange ex, Object value) throws IOException {
        byte[] body = JSON.writeValueAsBytes(value);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    private static void sendError(HttpExchange ex, int status, String message) throws IOException {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("Message", message);
        err.put("Code", 0);
        err.put("Type", "error");
        byte[] body = JSON.writeValueAsString(err).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
