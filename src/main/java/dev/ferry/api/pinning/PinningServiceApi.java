package dev.ferry.api.pinning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ferry.api.http.HttpMount;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.policy.pinning.HeldReplica;
import dev.ferry.policy.pinning.ReplicaKeeper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPFS Pinning Service API (the one Kubo's {@code ipfs pin remote} speaks) on the RPC API's listener under
 * {@value #PREFIX}: {@code GET|POST /pins}, {@code GET|POST|DELETE /pins/{requestid}}.
 *
 * <p>Each access token of {@code API.Authorizations} is its own client: it sees and changes only the pins it made
 * (without tokens, loopback callers are one client). A pin's DAG is kept as a held replica under
 * {@code psa:<requestid>} (see {@link ReplicaKeeper}): fetched through the node's router, every block verified, kept
 * by garbage collection until the pin object is deleted, within {@code Pinning.StorageMax}. A new pin is answered
 * {@code queued} at once; its {@code origins} (multiaddrs with {@code /p2p/}) are dialled first, then the fetch runs
 * ({@code pinning}) until the DAG is here ({@code pinned}) or given up ({@code failed}, with
 * {@code info.status_details}). {@code delegates} are this node's announced addresses. Replacing a pin keeps the
 * blocks both versions share: the old one is released only once the new one is recorded.
 *
 * <p>Bounds: request bodies 64 KiB, names 255 characters, 20 origins, 1,000 metadata entries of 1 KiB, 10 CIDs per
 * listing filter, 1,000 results per page. Errors are the spec's {@code {"error": {"reason", "details"}}}.
 */
public final class PinningServiceApi implements HttpMount {
    private static final Logger LOG = LoggerFactory.getLogger(PinningServiceApi.class);
    /** Where the service is mounted on the RPC API's listener; clients append {@code /pins}. */
    public static final String PREFIX = "/psa";
    static final int MAX_BODY = 64 * 1024;
    static final int MAX_NAME = 255;
    static final int MAX_ORIGINS = 20;
    static final int MAX_META = 1000;
    static final int MAX_META_VALUE = 1024;
    static final int MAX_FILTER_CIDS = 10;
    static final int MAX_LIMIT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RemotePins pins;
    private final ReplicaKeeper keeper;
    private final Host host;
    private final InstantSource clock;

    PinningServiceApi(RemotePins pins, ReplicaKeeper keeper, Host host, InstantSource clock) {
        this.pins = Objects.requireNonNull(pins, "pins");
        this.keeper = Objects.requireNonNull(keeper, "keeper");
        this.host = Objects.requireNonNull(host, "host");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The service over the table in {@code repoDir}; pins that a stop left before their fetch started are started
     * again.
     */
    public static PinningServiceApi open(java.nio.file.Path repoDir, ReplicaKeeper keeper, Host host) {
        PinningServiceApi api = new PinningServiceApi(RemotePins.open(repoDir.resolve(RemotePins.FILE)), keeper, host,
                InstantSource.system());
        for (RemotePin p : api.pins.list()) {
            if (p.failure().isEmpty() && keeper.status(p.cid(), p.keeperKey()).isEmpty()) {
                api.startKeeping(p);
            }
        }
        return api;
    }

    /** A refusal of the request, as the spec's Failure object. */
    static final class ApiError extends Exception {
        final int status;
        final String reason;

        ApiError(int status, String reason, String details) {
            super(details);
            this.status = status;
            this.reason = reason;
        }
    }

    @Override
    public void deny(HttpExchange ex, int status, String message) throws IOException {
        try (ex) {
            sendError(ex, new ApiError(status, status == 401 || status == 403 ? "UNAUTHORIZED" : "BAD_REQUEST",
                    message));
        }
    }

    @Override
    public void serve(HttpExchange ex, String caller) throws IOException {
        try (ex) {
            String rest = ex.getRequestURI().getRawPath().substring(PREFIX.length());
            String method = ex.getRequestMethod();
            try {
                if (rest.equals("/pins") || rest.equals("/pins/")) {
                    switch (method) {
                        case "GET" -> sendJson(ex, 200, list(caller, query(ex)));
                        case "POST" -> sendJson(ex, 202, status(add(caller, readPin(ex))));
                        default -> throw notAllowed(ex, "GET, POST");
                    }
                } else if (rest.startsWith("/pins/") && rest.indexOf('/', 6) < 0) {
                    String id = URLDecoder.decode(rest.substring(6), StandardCharsets.UTF_8);
                    switch (method) {
                        case "GET" -> sendJson(ex, 200, status(owned(caller, id)));
                        case "POST" -> sendJson(ex, 202, status(replace(caller, id, readPin(ex))));
                        case "DELETE" -> {
                            delete(caller, id);
                            ex.sendResponseHeaders(202, -1);
                        }
                        default -> throw notAllowed(ex, "GET, POST, DELETE");
                    }
                } else {
                    throw new ApiError(404, "NOT_FOUND", "no such endpoint: " + PREFIX + rest);
                }
            } catch (ApiError e) {
                sendError(ex, e);
            } catch (IllegalArgumentException e) {
                sendError(ex, new ApiError(400, "BAD_REQUEST", e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("pinning service {} {} failed", method, rest, e);
                sendError(ex, new ApiError(500, "INTERNAL_SERVER_ERROR", String.valueOf(e.getMessage())));
            }
        }
    }

    private static ApiError notAllowed(HttpExchange ex, String allow) {
        ex.getResponseHeaders().set("Allow", allow);
        return new ApiError(405, "METHOD_NOT_ALLOWED", ex.getRequestMethod() + " is not allowed here; " + allow);
    }

    /** The request's Pin object, checked. */
    record PinObject(Cid cid, String name, List<String> origins, Map<String, String> meta) {}

    private static PinObject readPin(HttpExchange ex) throws IOException, ApiError {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new ApiError(413, "BAD_REQUEST", "the pin object is larger than " + MAX_BODY + " bytes");
        }
        return parsePin(body);
    }

    /** A Pin object from a request body, checked: {@link ApiError} (400) for anything else. */
    static PinObject parsePin(byte[] body) throws ApiError {
        JsonNode o;
        try {
            o = JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiError(400, "BAD_REQUEST", "the body is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (o == null || !o.isObject()) {
            throw new ApiError(400, "BAD_REQUEST", "the body must be a Pin object");
        }
        JsonNode cidNode = o.get("cid");
        if (cidNode == null || !cidNode.isTextual()) {
            throw new ApiError(400, "BAD_REQUEST", "Pin.cid is required (a CID string)");
        }
        Cid cid;
        try {
            cid = Cid.parse(cidNode.asText());
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "BAD_REQUEST", "Pin.cid is not a CID: " + e.getMessage());
        }
        String name = "";
        JsonNode n = o.get("name");
        if (n != null && !n.isNull()) {
            if (!n.isTextual() || n.asText().length() > MAX_NAME) {
                throw new ApiError(400, "BAD_REQUEST", "Pin.name must be a string of at most " + MAX_NAME
                        + " characters");
            }
            name = n.asText();
        }
        List<String> origins = new ArrayList<>();
        JsonNode or = o.get("origins");
        if (or != null && !or.isNull()) {
            if (!or.isArray() || or.size() > MAX_ORIGINS) {
                throw new ApiError(400, "BAD_REQUEST", "Pin.origins must be a list of at most " + MAX_ORIGINS
                        + " multiaddrs");
            }
            for (JsonNode a : or) {
                try {
                    origins.add(Multiaddr.parse(a.asText()).toString());
                } catch (IllegalArgumentException e) {
                    throw new ApiError(400, "BAD_REQUEST", "Pin.origins: not a multiaddr: " + a.asText());
                }
            }
        }
        Map<String, String> meta = metaOf(o.get("meta"), "Pin.meta");
        return new PinObject(cid, name, List.copyOf(new LinkedHashSet<>(origins)), meta);
    }

    private static Map<String, String> metaOf(JsonNode m, String what) throws ApiError {
        Map<String, String> meta = new LinkedHashMap<>();
        if (m == null || m.isNull()) {
            return meta;
        }
        if (!m.isObject() || m.size() > MAX_META) {
            throw new ApiError(400, "BAD_REQUEST", what + " must be an object of at most " + MAX_META
                    + " string values");
        }
        for (var it = m.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual() || e.getValue().asText().length() > MAX_META_VALUE
                    || e.getKey().length() > MAX_META_VALUE) {
                throw new ApiError(400, "BAD_REQUEST", what + "." + e.getKey() + " must be a string of at most "
                        + MAX_META_VALUE + " characters");
            }
            meta.put(e.getKey(), e.getValue().asText());
        }
        return meta;
    }

    private RemotePin add(String owner, PinObject p) {
        RemotePin pin = new RemotePin(UUID.randomUUID().toString(), owner, pins.nextCreated(clock.instant()),
                p.cid(), p.name(), p.origins(), p.meta(), "");
        pins.put(pin);
        startKeeping(pin);
        return pin;
    }

    /** Dials the origins (at most 5 s each, together), then hands the DAG to the keeper; in the background. */
    private void startKeeping(RemotePin pin) {
        Thread.ofVirtual().name("psa-" + pin.requestId()).start(() -> {
            List<Thread> dials = new ArrayList<>();
            for (String o : pin.origins()) {
                Multiaddr a = Multiaddr.parse(o);
                if (a.valueOf("p2p").isPresent()) {
                    dials.add(Thread.ofVirtual().start(() -> {
                        try {
                            host.connect(a);
                        } catch (IOException | RuntimeException e) {
                            LOG.debug("origin {} of pin {}: {}", a, pin.requestId(), e.toString());
                        }
                    }));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            for (Thread t : dials) {
                try {
                    t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (pins.get(pin.requestId()).isEmpty()) {
                return; // deleted meanwhile
            }
            try {
                keeper.keep(pin.cid(), pin.keeperKey());
            } catch (IllegalStateException | IllegalArgumentException e) {
                if (!keeper.isClosed()) { // a stopping node starts it again next time
                    pins.get(pin.requestId()).ifPresent(p -> pins.put(p.failed(e.getMessage())));
                }
            }
        });
    }

    private RemotePin owned(String owner, String id) throws ApiError {
        Optional<RemotePin> p = pins.get(id).filter(x -> x.owner().equals(owner));
        if (p.isEmpty()) {
            throw new ApiError(404, "NOT_FOUND", "no pin object with requestid " + id);
        }
        return p.get();
    }

    private RemotePin replace(String owner, String id, PinObject p) throws ApiError {
        RemotePin old = owned(owner, id);
        RemotePin fresh = add(owner, p);
        delete(owner, old.requestId()); // after the new one holds the root: shared blocks are never unprotected
        return fresh;
    }

    private void delete(String owner, String id) throws ApiError {
        RemotePin p = owned(owner, id);
        pins.remove(id);
        keeper.release(p.cid(), p.keeperKey());
    }

    private String statusOf(RemotePin p) {
        if (!p.failure().isEmpty()) {
            return "failed";
        }
        return keeper.status(p.cid(), p.keeperKey()).map(e -> switch (e.state()) {
            case FETCHING -> "pinning";
            case KEPT -> "pinned";
            case FAILED -> "failed";
        }).orElse("queued");
    }

    private ObjectNode status(RemotePin p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("requestid", p.requestId());
        String state = statusOf(p);
        o.put("status", state);
        o.put("created", p.created().toString());
        ObjectNode pin = o.putObject("pin");
        pin.put("cid", p.cid().toString());
        if (!p.name().isEmpty()) {
            pin.put("name", p.name());
        }
        if (!p.origins().isEmpty()) {
            ArrayNode origins = pin.putArray("origins");
            p.origins().forEach(origins::add);
        }
        if (!p.meta().isEmpty()) {
            ObjectNode meta = pin.putObject("meta");
            p.meta().forEach(meta::put);
        }
        ArrayNode delegates = o.putArray("delegates");
        String self = "/p2p/" + host.peerId();
        host.announceAddresses().stream().limit(MAX_ORIGINS).forEach(a -> delegates.add(a + self));
        if (delegates.isEmpty()) {
            delegates.add(self);
        }
        ObjectNode info = o.putObject("info");
        Optional<HeldReplica> held = keeper.status(p.cid(), p.keeperKey());
        String why = !p.failure().isEmpty() ? p.failure() : held.map(HeldReplica::message).orElse("");
        if (!why.isEmpty()) {
            info.put("status_details", why);
        }
        held.filter(h -> h.state() == HeldReplica.State.KEPT).ifPresent(h -> info.put("dag_size",
                Long.toString(h.bytes())));
        return o;
    }

    private ObjectNode list(String owner, Map<String, List<String>> q) throws ApiError {
        Map<String, String> bracketMeta = new LinkedHashMap<>();
        for (String k : q.keySet()) {
            if (k.startsWith("meta[") && k.endsWith("]") && k.length() > 6) {
                // meta[key]=value: how generated OpenAPI clients spell the object (Kubo sends meta={...})
                bracketMeta.put(k.substring(5, k.length() - 1), one(q, k).orElse(""));
                continue;
            }
            if (!Set.of("cid", "name", "match", "status", "before", "after", "limit", "meta").contains(k)) {
                throw new ApiError(400, "BAD_REQUEST", "unknown query parameter '" + k + "'");
            }
        }
        Set<Cid> cids = new LinkedHashSet<>();
        for (String c : values(q, "cid")) {
            try {
                cids.add(Cid.parse(c));
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "BAD_REQUEST", "cid: not a CID: " + c);
            }
        }
        if (cids.size() > MAX_FILTER_CIDS) {
            throw new ApiError(400, "BAD_REQUEST", "at most " + MAX_FILTER_CIDS + " CIDs per listing");
        }
        Set<String> statuses = new LinkedHashSet<>(values(q, "status"));
        for (String s : statuses) {
            if (!Set.of("queued", "pinning", "pinned", "failed").contains(s)) {
                throw new ApiError(400, "BAD_REQUEST", "status must be queued, pinning, pinned or failed: " + s);
            }
        }
        if (statuses.isEmpty()) {
            statuses.add("pinned"); // the spec: without a status filter, only successful pins
        }
        Predicate<String> nameMatch = nameFilter(one(q, "name"), one(q, "match").orElse("exact"));
        Optional<Instant> before = one(q, "before").map(PinningServiceApi::time);
        Optional<Instant> after = one(q, "after").map(PinningServiceApi::time);
        int limit = 10;
        if (one(q, "limit").isPresent()) {
            try {
                limit = Integer.parseInt(one(q, "limit").get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new ApiError(400, "BAD_REQUEST", "limit must be 1-" + MAX_LIMIT);
            }
        }
        Map<String, String> meta;
        try {
            meta = one(q, "meta").isEmpty() ? Map.of() : metaOf(JSON.readTree(one(q, "meta").get()), "meta");
        } catch (IOException e) {
            throw new ApiError(400, "BAD_REQUEST", "meta must be a JSON object of strings");
        }
        if (!bracketMeta.isEmpty()) {
            meta = new LinkedHashMap<>(meta);
            meta.putAll(bracketMeta);
        }
        List<RemotePin> found = new ArrayList<>();
        for (RemotePin p : pins.list()) {
            if (!p.owner().equals(owner) || (!cids.isEmpty() && !cids.contains(p.cid()))
                    || !nameMatch.test(p.name()) || !statuses.contains(statusOf(p))
                    || (before.isPresent() && !p.created().isBefore(before.get()))
                    || (after.isPresent() && !p.created().isAfter(after.get()))
                    || !p.meta().entrySet().containsAll(meta.entrySet())) {
                continue;
            }
            found.add(p);
        }
        found.sort(Comparator.comparing(RemotePin::created).reversed()); // newest first
        ObjectNode out = JSON.createObjectNode();
        out.put("count", found.size());
        ArrayNode results = out.putArray("results");
        found.stream().limit(limit).forEach(p -> results.add(status(p)));
        return out;
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 time: " + text);
        }
    }

    private static Predicate<String> nameFilter(Optional<String> name, String match) throws ApiError {
        if (name.isEmpty()) {
            return n -> true;
        }
        String want = name.get();
        if (want.length() > MAX_NAME) {
            throw new ApiError(400, "BAD_REQUEST", "name filter longer than " + MAX_NAME + " characters");
        }
        return switch (match) {
            case "exact" -> n -> n.equals(want);
            case "iexact" -> n -> n.equalsIgnoreCase(want);
            case "partial" -> n -> n.contains(want);
            case "ipartial" -> n -> n.toLowerCase(Locale.ROOT).contains(want.toLowerCase(Locale.ROOT));
            default -> throw new ApiError(400, "BAD_REQUEST", "match must be exact, iexact, partial or ipartial");
        };
    }

    /** The query's parameters; repeated ones and comma-separated lists both give several values. */
    private static Map<String, List<String>> query(HttpExchange ex) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static List<String> values(Map<String, List<String>> q, String key) {
        List<String> out = new ArrayList<>();
        for (String v : q.getOrDefault(key, List.of())) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    private static Optional<String> one(Map<String, List<String>> q, String key) throws ApiError {
        List<String> v = q.getOrDefault(key, List.of());
        if (v.size() > 1) {
            throw new ApiError(400, "BAD_REQUEST", key + " given more than once");
        }
        return v.stream().findFirst();
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static void sendError(HttpExchange ex, ApiError e) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode err = o.putObject("error");
        err.put("reason", e.reason);
        if (e.getMessage() != null) {
            err.put("details", e.getMessage());
        }
        sendJson(ex, e.status, o);
    }
}
