package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.multiformats.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A client of a remote IPFS Pinning Service API (a pinning service, or another ferry node's {@code /psa}): what
 * Kubo's {@code ipfs pin remote} commands need. Answers are read up to 4 MiB; the service's {@code error.details}
 * (or its reason) becomes the exception's message. Thread-safe.
 */
public final class PinningServiceClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ANSWER = 4 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI endpoint;
    private final String key;
    private final HttpClient http;

    /** {@code endpoint} is the service's base URL (requests go to {@code endpoint + "/pins"}). */
    public PinningServiceClient(URI endpoint, String key, HttpClient http) {
        String e = endpoint.toString();
        this.endpoint = URI.create(e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
        this.key = Objects.requireNonNull(key, "key");
        this.http = Objects.requireNonNull(http, "http");
        if (!Set.of("http", "https").contains(String.valueOf(this.endpoint.getScheme()))) {
            throw new IllegalArgumentException("a pinning service endpoint is an http or https URL: " + endpoint);
        }
    }

    /** A pin object as the service reports it. */
    public record RemoteStatus(String requestId, String status, Instant created, Cid cid, String name,
            List<String> delegates, String details) {}

    /** A service's refusal or an unreadable answer. */
    public static final class ServiceException extends IOException {
        private final int status;

        ServiceException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, 0 when the answer could not be read. */
        public int status() {
            return status;
        }
    }

    /** {@code POST /pins}. */
    public RemoteStatus add(Cid cid, String name, List<String> origins) throws IOException, InterruptedException {
        ObjectNode pin = JSON.createObjectNode();
        pin.put("cid", cid.toString());
        if (name != null && !name.isEmpty()) {
            pin.put("name", name);
        }
        if (!origins.isEmpty()) {
            origins.forEach(pin.putArray("origins")::add);
        }
        return status(send("POST", "/pins", pin.toString(), 202));
    }

    /** {@code GET /pins/{requestid}}. */
    public RemoteStatus get(String requestId) throws IOException, InterruptedException {
        return status(send("GET", "/pins/" + URLEncoder.encode(requestId, StandardCharsets.UTF_8), null, 200));
    }

    /** {@code DELETE /pins/{requestid}}. */
    public void delete(String requestId) throws IOException, InterruptedException {
        send("DELETE", "/pins/" + URLEncoder.encode(requestId, StandardCharsets.UTF_8), null, 202);
    }

    /**
     * Every pin object matching the filters, newest first, paging by creation time ({@code limit} per request) until
     * the service has no more, or {@code max} were read.
     */
    public List<RemoteStatus> list(List<Cid> cids, String name, Set<String> statuses, int max)
            throws IOException, InterruptedException {
        List<RemoteStatus> out = new ArrayList<>();
        Instant before = null;
        while (out.size() < max) {
            StringBuilder q = new StringBuilder("?limit=").append(Math.min(1000, max - out.size()));
            if (!cids.isEmpty()) {
                q.append("&cid=").append(String.join(",", cids.stream().map(Cid::toString).toList()));
            }
            if (name != null && !name.isEmpty()) {
                q.append("&name=").append(URLEncoder.encode(name, StandardCharsets.UTF_8));
            }
            if (!statuses.isEmpty()) {
                q.append("&status=").append(String.join(",", statuses));
            }
            if (before != null) {
                q.append("&before=").append(before);
            }
            JsonNode page = send("GET", "/pins" + q, null, 200);
            JsonNode results = page.path("results");
            if (!results.isArray() || results.isEmpty()) {
                break;
            }
            for (JsonNode s : results) {
                out.add(status(s));
            }
            Instant oldest = out.getLast().created();
            if (results.size() >= page.path("count").asInt() || (before != null && !oldest.isBefore(before))) {
                break;
            }
            before = oldest;
        }
        return out;
    }

    /** How many pin objects the service holds in {@code status} ({@code PinResults.count}). */
    public int count(String status) throws IOException, InterruptedException {
        return send("GET", "/pins?limit=1&status=" + status, null, 200).path("count").asInt();
    }

    private JsonNode send(String method, String path, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + key).header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] bytes;
        try (InputStream in = r.body()) {
            bytes = in.readNBytes(MAX_ANSWER + 1);
        }
        if (bytes.length > MAX_ANSWER) {
            throw new ServiceException(0, "the pinning service's answer is larger than " + MAX_ANSWER + " bytes");
        }
        JsonNode json = null;
        if (bytes.length > 0) {
            try {
                json = JSON.readTree(bytes);
            } catch (IOException e) {
                if (r.statusCode() == expected) {
                    throw new ServiceException(0, "the pinning service's answer is not JSON");
                }
            }
        }
        if (r.statusCode() != expected && !(expected == 202 && r.statusCode() == 200)) {
            String why = json == null ? "" : json.path("error").path("details").asText(
                    json.path("error").path("reason").asText(""));
            throw new ServiceException(r.statusCode(), "pinning service answered " + r.statusCode()
                    + (why.isEmpty() ? "" : ": " + why));
        }
        return json == null ? JSON.createObjectNode() : json;
    }

    private static RemoteStatus status(JsonNode s) throws ServiceException {
        try {
            List<String> delegates = new ArrayList<>();
            s.path("delegates").forEach(d -> delegates.add(d.asText()));
            return new RemoteStatus(s.path("requestid").asText(), s.path("status").asText(),
                    java.time.OffsetDateTime.parse(s.path("created").asText()).toInstant(),
                    Cid.parse(s.path("pin").path("cid").asText()), s.path("pin").path("name").asText(""), delegates,
                    s.path("info").path("status_details").asText(""));
        } catch (RuntimeException e) {
            throw new ServiceException(0, "the pinning service sent a malformed pin status: " + e.getMessage());
        }
    }
}
