package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.repo.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Talks to a running daemon's RPC API. A daemon announces itself with the file {@code <repo>/api} (its API
 * multiaddr); a file left behind by a daemon that died is recognised because nothing answers there.
 */
final class DaemonClient {
    static final String API_FILE = "api";

    private final String base;
    private volatile long lastLength = -1;

    private final String authorization;

    private DaemonClient(String base, String authorization) {
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
        DaemonClient c = new DaemonClient(base, authorization(env.env().get(AUTH_ENV)));
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
            return JsonTree.read(in);
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
                JsonNode n = JsonTree.read(l);
                if (n.path("Type").asText().equals("error") && n.has("Message")) {
                    throw new IOException(n.path("Message").asText());
                }
                line.accept(n);
            }
        }
    }

    /** Calls a command and returns its streamed body. */
    InputStream stream(String command, List<String> args, Map<String, String> options) throws IOException {
        return send(command, args, options, null);
    }

    /** Calls a command with file input, sent as a streamed multipart body. */
    InputStream upload(String command, List<String> args, Map<String, String> options, MultipartBody body)
            throws IOException {
        return send(command, args, options, body);
    }

    private InputStream send(String command, List<String> args, Map<String, String> options, MultipartBody body)
            throws IOException {
        DaemonHttp.Answer a = DaemonHttp.post(URI.create(base + command + query(args, options)), authorization, body);
        if (a.status() != 200) {
            String msg;
            try (InputStream in = a.body()) {
                msg = JsonTree.read(in).path("Message").asText("daemon answered HTTP " + a.status());
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

    /** The {@code X-Content-Length} of the last answer (Kubo's size hint for progress), or -1. */
    long lastLength() {
        return lastLength;
    }
}
