package dev.ferry.api.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.api.http.HttpAccess;
import dev.ferry.api.http.HttpMount;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubo-style RPC API at {@code /api/v0/<command>}: POST only, positional arguments as repeated {@code arg=},
 * options as query parameters, errors as {@code {"Message", "Code", "Type": "error"}}. One virtual thread per
 * request. Who may call is decided by an {@link HttpAccess} before anything else; request headers and the query are
 * bounded, unknown commands are 404, unknown options 400, other methods 405.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/api/v0/";
    /** Header lines a request may carry. */
    static final int MAX_HEADERS = 64;
    /** Total bytes of a request's header names and values. */
    static final int MAX_HEADER_BYTES = 32 * 1024;
    /** Options every command accepts (Kubo's global options that make sense over HTTP). */
    /** As Kubo, every command takes these; the CID options matter only to commands that print CIDs. */
    static final Set<String> GLOBAL_OPTIONS = Set.of("stream-channels", "encoding", "timeout", "cid-base",
            "upgrade-cidv0-in-output");

    /** A registered command: its handler and the options it understands (besides the global ones). */
    private record Command(Set<String> options, RpcHandler handler) {}

    private final Map<String, Command> handlers = new ConcurrentHashMap<>();
    private final Map<String, HttpMount> mounts = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final HttpAccess access;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final RequestLog requests = new RequestLog(java.time.Clock.systemUTC());

    private RpcServer(HttpServer server, HttpAccess access) {
        this.server = server;
        this.access = access;
    }

    /** Binds {@code host:port} (port 0 picks one) for loopback callers only; the host must be a loopback address. */
    public static RpcServer bind(String host, int port) throws IOException {
        return bind(new InetSocketAddress(InetAddress.getByName(host), port), HttpAccess.loopbackOnly());
    }

    /**
     * Binds the API; {@code access} decides who may call. Refuses a non-loopback address when {@code access} has
     * no tokens (an open API there would hand the node to the network).
     */
    public static RpcServer bind(InetSocketAddress bind, HttpAccess access) throws IOException {
        if (bind.isUnresolved()) {
            throw new IOException("cannot resolve RPC API address " + bind.getHostString());
        }
        access.checkBind(bind.getAddress(), "RPC API");
        dev.ferry.api.http.HttpLimits.install();
        HttpServer s = HttpServer.create(bind, 64);
        RpcServer rpc = new RpcServer(s, access);
        s.setExecutor(rpc.executor);
        s.createContext("/", rpc::serve);
        s.start();
        return rpc;
    }

    /** Registers a command that takes only the global options. */
    public void register(String command, RpcHandler handler) {
        register(command, Set.of(), handler);
    }

    /** Registers a command with the options it understands; any other option is answered 400. */
    public void register(String command, Set<String> options, RpcHandler handler) {
        handlers.put(command, new Command(Set.copyOf(options), handler));
    }

    /**
     * Serves {@code prefix} and everything under it with {@code mount}: another HTTP API beside {@code /api/v0} on
     * the same listener, after the same access check (tokens' {@code AllowedPaths} apply to its paths).
     */
    public void mount(String prefix, HttpMount mount) {
        if (!prefix.startsWith("/") || prefix.endsWith("/") || prefix.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a mount prefix starts with '/', does not end with one, and is not "
                    + PREFIX + ": " + prefix);
        }
        mounts.put(prefix, mount);
    }

    private HttpMount mountOf(String path) {
        for (var e : mounts.entrySet()) {
            if (path.equals(e.getKey()) || path.startsWith(e.getKey() + "/")) {
                return e.getValue();
            }
        }
        return null;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The calls running now and finished lately ({@code diag/cmds}); every command call is listed here. */
    public RequestLog requests() {
        return requests;
    }

    private void serve(HttpExchange ex) throws IOException {
        boolean streamFailed = false;
        Runnable after = null;
        try {
            String path = ex.getRequestURI().getRawPath();
            Headers headers = ex.getRequestHeaders();
            HttpMount mount = mountOf(path);
            Optional<String> tooBig = checkHeaders(headers);
            if (tooBig.isPresent()) {
                if (mount != null) {
                    mount.deny(ex, 431, tooBig.get());
                } else {
                    sendError(ex, 431, tooBig.get());
                }
                return;
            }
            String preflightOrigin = headers.getFirst("Origin");
            if (ex.getRequestMethod().equals("OPTIONS") && preflightOrigin != null
                    && (access.allowedOrigins().contains("*") || access.allowedOrigins().contains(preflightOrigin))) {
                // a browser's preflight carries no credentials: answer it for allowed origins, the real call is checked
                ex.getResponseHeaders().set("Access-Control-Allow-Origin", preflightOrigin);
                ex.getResponseHeaders().set("Vary", "Origin");
                ex.getResponseHeaders().set("Access-Control-Allow-Methods", mount != null ? "GET, POST, DELETE" : "POST");
                ex.getResponseHeaders().set("Access-Control-Allow-Headers", "Authorization, Content-Type");
                ex.sendResponseHeaders(204, -1);
                return;
            }
            Optional<HttpAccess.Denial> denial = access.check(path, headers, ex.getRemoteAddress());
            if (denial.isPresent()) {
                if (mount != null) {
                    mount.deny(ex, denial.get().status(), denial.get().message());
                } else {
                    sendError(ex, denial.get().status(), denial.get().message());
                }
                return;
            }
            String origin = headers.getFirst("Origin");
            if (origin != null) {
                // check() has refused origins that are not allowed
                ex.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
                ex.getResponseHeaders().set("Vary", "Origin");
            }
            if (mount != null) {
                mount.serve(ex, access.caller(headers));
                return;
            }
            if (!path.startsWith(PREFIX)) {
                sendError(ex, 404, "404 page not found");
                return;
            }
            String command = path.substring(PREFIX.length());
            while (command.endsWith("/")) {
                command = command.substring(0, command.length() - 1);
            }
            Command cmd = handlers.get(command);
            if (cmd == null) {
                sendError(ex, 404, "404 page not found: unknown command \"" + command + "\"");
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                ex.getResponseHeaders().set("Allow", "POST");
                sendError(ex, 405, "405 - Method Not Allowed: only POST is allowed on the RPC API");
                return;
            }
            RpcRequest request;
            try {
                var remote = ex.getRemoteAddress();
                request = RpcRequest.parse(command, ex.getRequestURI().getRawQuery(),
                        headers.getFirst("Content-Type"), ex.getRequestBody(),
                        remote == null || remote.getAddress() == null ? "" : remote.getAddress().getHostAddress());
                checkOptions(cmd, request);
            } catch (Exception e) {
                LOG.debug("rpc {} failed", command, e);
                sendError(ex, statusOf(e), e.getMessage() == null ? e.toString() : e.getMessage());
                return;
            }
            // listed from the handler's start until its answer is sent in full
            long listed = requests.start(request);
            try {
                after = answer(ex, command, cmd, request);
            } catch (StreamFailure f) {
                streamFailed = true;
                throw f.getCause();
            } finally {
                requests.finish(listed);
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

    /** A streamed answer broke after its status was sent; the connection must be dropped, not closed cleanly. */
    private static final class StreamFailure extends Exception {
        StreamFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** Runs the handler and sends its answer; returns what is to run once the exchange is closed, if anything. */
    private Runnable answer(HttpExchange ex, String command, Command cmd, RpcRequest request)
            throws IOException, StreamFailure {
        Runnable after = null;
        RpcResponse response;
        try {
            response = cmd.handler().handle(request);
        } catch (Exception e) {
            LOG.debug("rpc {} failed", command, e);
            sendError(ex, statusOf(e), e.getMessage() == null ? e.toString() : e.getMessage());
            return null;
        }
        switch (response) {
            case RpcResponse.Json j -> sendJson(ex, j.value());
            case RpcResponse.JsonThen j -> {
                sendJson(ex, j.value());
                after = j.after();
            }
            case RpcResponse.Stream s -> {
                CommittingOutput out = new CommittingOutput(ex, s.contentType());
                s.headers().forEach(ex.getResponseHeaders()::set);
                try {
                    s.body().writeTo(out);
                    out.close();
                } catch (Exception e) {
                    if (!out.committed()) {
                        // nothing sent yet: the failure can still be a proper error answer
                        LOG.debug("rpc {} failed", command, e);
                        sendError(ex, statusOf(e), e.getMessage() == null ? e.toString() : e.getMessage());
                        return null;
                    }
                    // the status is already sent: drop the connection without the final chunk, so the client
                    // sees a broken stream instead of a short but complete-looking answer
                    LOG.info("rpc {} failed while streaming: {}", command, e.getMessage());
                    throw new StreamFailure(
                            new IOException("rpc " + command + " failed while streaming: " + e.getMessage(), e));
                }
            }
        }
        return after;
    }

    /** 400 for what the caller got wrong, the exception's own status for RpcException, else 500. */
    static int statusOf(Throwable e) {
        return switch (e) {
            case RpcException r -> r.status();
            case MultipartException m -> 400;
            case IllegalArgumentException i -> 400;
            default -> 500;
        };
    }

    /**
     * The response body; the 200 and headers go out with the first byte, so a command that fails before writing
     * anything still gets a proper error answer.
     */
    private static final class CommittingOutput extends OutputStream {
        private final HttpExchange ex;
        private final String contentType;
        private OutputStream body;

        CommittingOutput(HttpExchange ex, String contentType) {
            this.ex = ex;
            this.contentType = contentType;
        }

        boolean committed() {
            return body != null;
        }

        private OutputStream body() throws IOException {
            if (body == null) {
                ex.getResponseHeaders().set("Content-Type", contentType);
                ex.getResponseHeaders().set(contentType.equals("application/x-ndjson")
                        ? "X-Chunked-Output" : "X-Stream-Output", "1");
                ex.sendResponseHeaders(200, 0);
                body = ex.getResponseBody();
            }
            return body;
        }

        @Override
        public void write(int b) throws IOException {
            body().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                body().write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            body().flush();
        }

        @Override
        public void close() throws IOException {
            body().close();
        }
    }

    private static Optional<String> checkHeaders(Headers headers) {
        int lines = 0;
        long bytes = 0;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            for (String v : e.getValue()) {
                lines++;
                bytes += e.getKey().length() + (v == null ? 0 : v.length()) + 4;
            }
        }
        if (lines > MAX_HEADERS) {
            return Optional.of("too many request headers (at most " + MAX_HEADERS + ")");
        }
        if (bytes > MAX_HEADER_BYTES) {
            return Optional.of("request headers too large (at most " + MAX_HEADER_BYTES + " bytes)");
        }
        return Optional.empty();
    }

    private static void checkOptions(Command cmd, RpcRequest request) {
        Set<String> unknown = new TreeSet<>();
        for (String name : request.options().keySet()) {
            if (!cmd.options().contains(name) && !GLOBAL_OPTIONS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw RpcException.badRequest("unknown option" + (unknown.size() > 1 ? "s " : " ") + String.join(", ",
                    unknown.stream().map(u -> "\"" + u + "\"").toList()) + " for command \"" + request.command() + "\"");
        }
        String enc = request.options().get("encoding");
        if (enc != null && !enc.equalsIgnoreCase("json")) {
            throw RpcException.badRequest("unsupported encoding \"" + enc + "\" (only json)");
        }
        request.boolOption("stream-channels", true);
        request.option("timeout").ifPresent(RpcServer::timeout);
    }

    /** Kubo's duration syntax ({@code 30s}, {@code 1m30s}, {@code 500ms}); a 400 when malformed. */
    static java.time.Duration timeout(String value) {
        try {
            java.time.Duration d = dev.ferry.node.Durations.parse(value);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (RuntimeException e) {
            throw RpcException.badRequest("invalid timeout \"" + value + "\": " + e.getMessage());
        }
    }

    private static void sendJson(HttpExchange ex, Object value) throws IOException {
        byte[] body = JSON.writeValueAsBytes(value);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    /** Kubo's error value, as a whole error answer or as the last value of a stream that ends in failure. */
    static Map<String, Object> errorValue(String message) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("Message", message);
        err.put("Code", 0);
        err.put("Type", "error");
        return err;
    }

    private static void sendError(HttpExchange ex, int status, String message) throws IOException {
        byte[] body = JSON.writeValueAsString(errorValue(message)).getBytes(StandardCharsets.UTF_8);
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
