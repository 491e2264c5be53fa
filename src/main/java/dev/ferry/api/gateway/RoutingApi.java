package dev.ferry.api.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Delegated Routing V1 HTTP API on the gateway's listener, as Kubo serves it there: {@code GET
 * /routing/v1/providers/{cid}}, {@code GET /routing/v1/peers/{peer-id}} (JSON, or NDJSON when Accept asks for
 * {@code application/x-ndjson}; an empty list when nothing is found, as IPIP-0513 answers), and {@code GET|PUT
 * /routing/v1/ipns/{name}} ({@code application/vnd.ipfs.ipns-record}). Malformed CIDs, peer IDs and names get a 422;
 * a PUT record that does not verify a 400. Every answer carries {@code Access-Control-Allow-Origin: *}.
 */
final class RoutingApi {
    static final String PREFIX = "/routing/v1/";
    /** Records in one answer, the spec's bound for JSON. */
    static final int MAX_RECORDS = 100;
    private static final String IPNS_RECORD = "application/vnd.ipfs.ipns-record";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DelegatedRouting routing;

    RoutingApi(DelegatedRouting routing) {
        this.routing = routing;
    }

    void handle(HttpExchange ex, String rawPath) throws IOException {
        ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        String rest = rawPath.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
            throw GatewayException.notFound("not found: /routing/v1/providers|peers|ipns/{id}");
        }
        String kind = rest.substring(0, slash);
        String arg = PercentCoding.decode(rest.substring(slash + 1), false);
        String method = ex.getRequestMethod();
        boolean put = kind.equals("ipns") && method.equals("PUT");
        if (!put && !method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", kind.equals("ipns") ? "GET, HEAD, PUT" : "GET, HEAD");
            throw new GatewayException(405, "method " + method.replaceAll("[^A-Za-z]", "?") + " is not allowed here");
        }
        switch (kind) {
            case "providers" -> {
                Cid cid;
                try {
                    cid = Cid.parse(arg);
                } catch (RuntimeException e) {
                    throw new GatewayException(422, "invalid CID: " + e.getMessage());
                }
                records(ex, "Providers", routing.providers(cid, MAX_RECORDS));
            }
            case "peers" -> {
                PeerId peer;
                try {
                    peer = PeerId.parse(arg);
                } catch (RuntimeException e) {
                    throw new GatewayException(422, "invalid peer ID: " + e.getMessage());
                }
                records(ex, "Peers", routing.peer(peer).map(List::of).orElse(List.of()));
            }
            case "ipns" -> {
                IpnsName name;
                try {
                    name = IpnsName.parse(arg);
                } catch (IllegalArgumentException e) {
                    throw new GatewayException(422, "invalid IPNS name: " + e.getMessage());
                }
                if (put) {
                    putIpns(ex, name);
                } else {
                    GatewayNames.NameRecord rec = routing.ipns(name).orElseThrow(() ->
                            GatewayException.notFound("no valid record of " + name + " was found"));
                    ex.getResponseHeaders().set("Content-Type", IPNS_RECORD);
                    // the TTL, but never past the record's validity
                    ex.getResponseHeaders().set("Cache-Control", "public, max-age="
                            + rec.maxAge(Instant.now()).toSeconds());
                    Responses.send(ex, 200, rec.bytes());
                }
            }
            default -> throw GatewayException.notFound("not found: /routing/v1/providers|peers|ipns/{id}");
        }
    }

    private void putIpns(HttpExchange ex, IpnsName name) throws IOException {
        String type = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (!type.startsWith(IPNS_RECORD)) {
            throw new GatewayException(415, "a record is sent as " + IPNS_RECORD);
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(IpnsRecord.MAX_SIZE + 1);
        }
        if (body.length > IpnsRecord.MAX_SIZE) {
            ex.getResponseHeaders().set("Connection", "close");
            throw new GatewayException(413, "a record is at most " + IpnsRecord.MAX_SIZE + " bytes");
        }
        try {
            routing.putIpns(name, body);
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest("invalid record: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new GatewayException(503, e.getMessage());
        }
        Responses.send(ex, 200, new byte[0]);
    }

    private static void records(HttpExchange ex, String field, List<DelegatedRouting.Peer> peers) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DelegatedRouting.Peer p : peers.subList(0, Math.min(peers.size(), MAX_RECORDS))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Schema", "peer");
            m.put("ID", p.id().toString());
            m.put("Addrs", p.addrs());
            m.put("Protocols", p.protocols());
            out.add(m);
        }
        String accept = Optional.ofNullable(ex.getRequestHeaders().getFirst("Accept")).orElse("");
        byte[] body;
        if (AcceptHeader.parse(accept).stream().anyMatch(r -> r.is("application/x-ndjson"))) {
            StringBuilder sb = new StringBuilder();
            for (Map<String, Object> m : out) {
                sb.append(JSON.writeValueAsString(m)).append('\n');
            }
            body = sb.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        } else {
            body = JSON.writeValueAsBytes(Map.of(field, out));
            ex.getResponseHeaders().set("Content-Type", "application/json");
        }
        ex.getResponseHeaders().set("Cache-Control", "public, max-age=" + (out.isEmpty() ? 15 : 300));
        Responses.send(ex, 200, body);
    }
}
