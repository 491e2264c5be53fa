package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Multiaddr;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Talks to a running daemon's RPC API. A daemon announces itself with the file {@code <repo>/api} (its API
 * multiaddr); a file left behind by a daemon that died is recognised because nothing answers there.
 */
final class DaemonClient {
    static final String API_FILE = "api";

    private final HttpClient http;
    private final String base;
    private volatile long lastLength = -1;

    private final String authorization;

    private DaemonClient(HttpClient http, String base, String authorization) {
        this.http = http;
        this.base = base;
        this.authorization = authorization;
    }

    /** The environment variable holding the access token for a daemon that requires one (Kubo's --api-auth). */
    static final String AUTH_ENV = "FERRY_API_AUTH";

    /**
     * The daemon serving this repository, if one is running. A daemon that requires an access token and was not
     * given a valid one in {@code $FERRY_API_AUTH} ({@code bearer:TOKEN} or {@code basic:USER:PASSWORD}) is an
     * error, not "no daemon": the repository is in its hands either way.
     */
    static Optional<DaemonClient> find(Path repoDir, FerryCli.CliEnv env) throws IOException {
        Path file = repoDir.resolve(API_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String base;
        try {
            Multiaddr addr = Multiaddr.parse(Files.readString(file).strip());
            String host = addr.valueOf("ip4").or(() -> addr.valueOf("ip6").map(h -> "[" + h + "]"))
                    .orElseThrow(() -> new IllegalArgumentException("no ip address in " + addr));
            base = "http://" + host + ":" + addr.valueOf("tcp").orElseThrow() + "/api/v0/";
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        DaemonClient c = new DaemonClient(http, base, authorization(env.env().get(AUTH_ENV)));
        try {
            c.json("version", List.of(), Map.of());
            return Optional.of(c);
        } catch (Unauthorized e) {
            throw new IOException("the daemon requires an access token: " + e.getMessage()
                    + " (set " + AUTH_ENV + "=bearer:TOKEN)");
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The Authorization header for a secret in API.Authorizations' form, or null. */
    static String authorization(String secret) {
        if (secret == null || secret.isBlank()) {
            return null;
        }
        if (secret.startsWith("bearer:")) {
            return "Bearer " + secret.substring("bearer:".length());
        }
        if (secret.startsWith("basic:")) {
            return "Basic " + java.util.Base64.getEncoder().encodeToString(
                    secret.substring("basic:".length()).getBytes(StandardCharsets.UTF_8));
        }
        throw new IllegalArgumentException(AUTH_ENV + " must be 'bearer:TOKEN' or 'basic:USER:PASSWORD'");
    }

    /** The daemon refused the call for want of a valid token. */
    static final class Unauthorized extends IOException {
        Unauthorized(String message) {
            super(message);
        }
    }

    /** Calls a command that answers JSON; a daemon-side error becomes an IOException with its message. */
    JsonNode json(String command, List<String> args, Map<String, String> options) throws IOException {
        try (InputStream in = stream(command, args, options)) {
            return Json.MAPPER.readTree(in);
        }
    }

    /** Calls a command that streams NDJSON, handing each line to {@code line} as it arrives. */
    void ndjson(String command, List<String> args, Map<String, String> options, java.util.function.Consumer<JsonNode> line)
            throws IOException {
        ndjson(stream(command, args, options), line);
    }

    static void ndjson(InputStream body, java.util.function.Consumer<JsonNode> line) throws IOException {
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(body, StandardCharsets.UTF_8))) {
            String l;
            while ((l = in.readLine()) != null) {
                if (l.isBlank()) {
                    continue;
                }
                JsonNode n = Json.MAPPER.readTree(l);
                if (n.path("Type").asText().equals("error") && n.has("Message")) {
                    throw new IOException(n.path("Message").asText());
                }
                line.accept(n);
            }
        }
    }

    /** Calls a command and returns its streamed body. */
    InputStream stream(String command, List<String> args, Map<String, String> options) throws IOException {
        return send(command, args, options, HttpRequest.BodyPublishers.noBody(), null);
    }

    /** Calls a command with file input, sent as a streamed multipart body. */
    InputStream upload(String command, List<String> args, Map<String, String> options, MultipartBody body)
            throws IOException {
        if (body.length() >= 0) {
            return socketUpload(command, args, options, body);
        }
        return send(command, args, options, largeChunks(body), body.contentType()); // stdin: no length known
    }

    /** A body of known length goes over a plain socket, files with {@code transferTo} ({@link SocketUpload}). */
    private InputStream socketUpload(String command, List<String> args, Map<String, String> options,
            MultipartBody body) throws IOException {
        SocketUpload.Answer a = SocketUpload.post(URI.create(base + command + query(args, options)),
                body.contentType(), authorization, body);
        if (a.status() != 200) {
            String msg;
            try (InputStream in = a.body()) {
                msg = Json.MAPPER.readTree(in).path("Message").asText("daemon answered HTTP " + a.status());
            } catch (IOException e) {
                msg = "daemon answered HTTP " + a.status();
            }
            throw a.status() == 401 || a.status() == 403 ? new Unauthorized(msg) : new IOException(msg);
        }
        String len = a.headers().get("x-content-length");
        lastLength = len == null ? -1 : parseOr(len, -1);
        return a.body();
    }

    private static long parseOr(String s, long dflt) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static String query(List<String> args, Map<String, String> options) {
        StringBuilder q = new StringBuilder();
        for (String a : args) {
            q.append(q.isEmpty() ? "?" : "&").append("arg=").append(URLEncoder.encode(a, StandardCharsets.UTF_8));
        }
        options.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return q.toString();
    }

    /** Upload chunk size: the client's own publisher hands the connection 16 KiB at a time, which halves the rate. */
    private static final int UPLOAD_CHUNK = 256 * 1024;

    /**
     * The multipart body as a publisher of large buffers, read on a virtual thread as the connection asks for them
     * (at most a few buffers ahead); with the length declared when every part's size is known.
     */
    private static HttpRequest.BodyPublisher largeChunks(MultipartBody body) {
        java.util.concurrent.Flow.Publisher<java.nio.ByteBuffer> publisher = subscriber -> {
            var pub = new java.util.concurrent.SubmissionPublisher<java.nio.ByteBuffer>(
                    java.util.concurrent.ForkJoinPool.commonPool(), 4);
            pub.subscribe(subscriber);
            Thread.ofVirtual().name("upload").start(() -> {
                try (InputStream in = body.open()) {
                    while (true) {
                        byte[] b = new byte[UPLOAD_CHUNK];
                        int n = in.readNBytes(b, 0, b.length);
                        if (n <= 0) {
                            break;
                        }
                        pub.submit(java.nio.ByteBuffer.wrap(b, 0, n));
                    }
                    pub.close();
                } catch (IOException | RuntimeException e) {
                    pub.closeExceptionally(e);
                }
            });
        };
        long length = body.length();
        return length >= 0 ? HttpRequest.BodyPublishers.fromPublisher(publisher, length)
                : HttpRequest.BodyPublishers.fromPublisher(publisher);
    }

    private InputStream send(String command, List<String> args, Map<String, String> options,
            HttpRequest.BodyPublisher publisher, String contentType) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + command + query(args, options)))
                .POST(publisher);
        if (contentType != null) {
            req.header("Content-Type", contentType);
        }
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (resp.statusCode() != 200) {
            String msg;
            try (InputStream in = resp.body()) {
                JsonNode err = Json.MAPPER.readTree(in);
                msg = err.path("Message").asText("daemon answered HTTP " + resp.statusCode());
            } catch (IOException e) {
                msg = "daemon answered HTTP " + resp.statusCode();
            }
            throw resp.statusCode() == 401 || resp.statusCode() == 403 ? new Unauthorized(msg) : new IOException(msg);
        }
        lastLength = resp.headers().firstValueAsLong("X-Content-Length").orElse(-1);
        return resp.body();
    }

    /** The {@code X-Content-Length} of the last answer (Kubo's size hint for progress), or -1. */
    long lastLength() {
        return lastLength;
    }
}
