package dev.ferry.api.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.node.Node;
import dev.ferry.node.repo.Repo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A node on a temporary repo with the RPC API on 127.0.0.1, and an HTTP client to call it. */
final class RpcTestNode implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BOUNDARY = "----ferry-test-boundary";

    final Node node;
    final RpcServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RpcTestNode(Node node, RpcServer server) {
        this.node = node;
        this.server = server;
    }

    static RpcTestNode start(Path dir) throws IOException {
        return start(dir, MultipartLimits.defaults());
    }

    static RpcTestNode start(Path dir, MultipartLimits limits) throws IOException {
        return start(dir, limits, c -> { });
    }

    static RpcTestNode start(Path dir, MultipartLimits limits,
            java.util.function.Consumer<dev.ferry.node.repo.RepoConfig> config) throws IOException {
        Repo.init(dir, new SecureRandom());
        ArrayNode swarm = JsonNodeFactory.instance.arrayNode().add("/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> {
            c.set("Addresses.Swarm", swarm);
            config.accept(c);
        });
        return open(dir, limits);
    }

    /** A node on a repository made before (by {@link #start}), as after a restart. */
    static RpcTestNode restart(Path dir) throws IOException {
        return open(dir, MultipartLimits.defaults());
    }

    private static RpcTestNode open(Path dir, MultipartLimits limits) throws IOException {
        Repo repo = Repo.open(dir);
        Node node;
        try {
            node = Node.start(repo);
        } catch (IOException | RuntimeException e) {
            repo.close();
            throw e;
        }
        RpcServer server = RpcServer.bind("127.0.0.1", 0);
        NodeRpc.install(server, node, "0.0.0-test", () -> { }, limits);
        return new RpcTestNode(node, server);
    }

    URI uri(String command, String query) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/v0/" + command
                + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    HttpResponse<byte[]> post(String command, String query) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(command, query)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<byte[]> postMultipart(String command, String query, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(command, query))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    HttpResponse<byte[]> send(HttpRequest req) throws IOException, InterruptedException {
        return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> res) throws IOException {
        return JSON.readTree(res.body());
    }

    static List<JsonNode> ndjson(HttpResponse<byte[]> res) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : new String(res.body(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    static String text(HttpResponse<byte[]> res) {
        return new String(res.body(), StandardCharsets.UTF_8);
    }

    /** Builds a multipart body as kubo-rpc-client does. */
    static final class Multipart {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int index;

        Multipart file(String path, byte[] content) {
            return part("file", path, "application/octet-stream", content);
        }

        Multipart dir(String path) {
            return part("dir", path, "application/x-directory", null);
        }

        Multipart part(String field, String path, String type, byte[] content) {
            if (index > 0) {
                write("\r\n");
            }
            String name = index == 0 ? field : field + "-" + index;
            write("--" + BOUNDARY + "\r\n");
            write("Content-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8).replace("+", "%20") + "\"\r\n");
            write("Content-Type: " + type + "\r\n\r\n");
            if (content != null) {
                out.writeBytes(content);
            }
            index++;
            return this;
        }

        byte[] build() {
            write("\r\n--" + BOUNDARY + "--\r\n");
            return out.toByteArray();
        }

        private void write(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        server.close();
        node.close();
    }
}
