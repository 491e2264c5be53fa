package dev.ferry.api.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.routing.delegated.RoutingFilter;
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
 * /routing/v1/ipns/{name}} ({@code application/vnd.ipfs.ipns-record}), and {@code GET
 * /routing/v1/dht/closest/peers/{key}} (IPIP-476, the DHT's peers nearest to a peer ID or CID; 400 for a key that is
 * neither). Peer answers take IPIP-484's {@code filter-addrs} and {@code filter-protocols} (400 when malformed).
 * Malformed CIDs, peer IDs and names get a 422; a PUT record that does not verify a 400. Every answer carries {@code Access-Control-Allow-Origin: *}.
 */
final class RoutingApi {
    static final String PREFIX = "/routing/v1/";
    private static final String CLOSEST = "dht/closest/peers/";
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
        if (rest.startsWith(CLOSEST)) {
            closest(ex, rest.substring(CLOSEST.length()));
            return;
        }
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
                RoutingFilter filter = filter(ex);
                records(ex, "Providers", routing.providers(cid, MAX_RECORDS), filter);
            }
            case "peers" -> {
                PeerId peer;
                try {
                    peer = PeerId.parse(arg);
                } catch (RuntimeException e) {
                    throw new GatewayException(422, "invalid peer ID: " + e.getMessage());
                }
                RoutingFilter filter = filter(ex);
                records(ex, "Peers", routing.peer(peer).map(List::of).orElse(List.of()), filter);
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

    /**
     * {@code GET /routing/v1/dht/closest/peers/{key}} (IPIP-476): the DHT's peers nearest to a peer ID or a CID (its
     * multihash is the key, as the DHT places content); 400 for a key that is neither.
     */
    private void closest(HttpExchange ex, String rawKey) throws IOException {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            throw new GatewayException(405, "method " + method.replaceAll("[^A-Za-z]", "?") + " is not allowed here");
        }
        if (rawKey.isEmpty() || rawKey.indexOf('/') >= 0) {
            throw GatewayException.badRequest("a key is one peer ID or CID: /routing/v1/dht/closest/peers/{key}");
        }
        byte[] key = closestKey(PercentCoding.decode(rawKey, false));
        RoutingFilter filter = filter(ex);
        records(ex, "Peers", routing.closestPeers(key, MAX_RECORDS), filter);
    }

    /** The multihash a key names: a CID's (a libp2p-key CID's is its peer's), or a base58 peer ID's. */
    static byte[] closestKey(String key) {
        try {
            return Cid.parse(key).multihash().bytes();
        } catch (RuntimeException notCid) {
            try {
                return PeerId.parse(key).bytes();
            } catch (RuntimeException notPeer) {
                throw GatewayException.badRequest("the key is neither a CID nor a peer ID");
            }
        }
    }

    /** The {@code filter-addrs} and {@code filter-protocols} of the request; 400 when one is malformed. */
    static RoutingFilter filter(HttpExchange ex) {
        return filter(ex.getRequestURI().getRawQuery());
    }

    static RoutingFilter filter(String rawQuery) {
        List<String> addrs = new ArrayList<>();
        List<String> protocols = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = PercentCoding.decode(eq < 0 ? pair : pair.substring(0, eq), true);
                String value = eq < 0 ? "" : PercentCoding.decode(pair.substring(eq + 1), true);
                if (name.equals("filter-addrs")) {
                    addrs.add(value);
                } else if (name.equals("filter-protocols")) {
                    protocols.add(value);
                }
            }
        }
        try {
            // a parameter given twice counts once with both lists
            return RoutingFilter.parse(addrs.isEmpty() ? null : String.join(",", addrs),
                    protocols.isEmpty() ? null : String.join(",", protocols));
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest(e.getMessage());
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

    private static void records(HttpExchange ex, String field, List<DelegatedRouting.Peer> peers,
            RoutingFilter filter) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DelegatedRouting.Peer p : peers) {
            if (out.size() >= MAX_RECORDS) {
                break;
            }
            Optional<List<String>> addrs = filter.addressTexts(p.addrs());
            if (addrs.isEmpty() || !filter.keepsProtocols(p.protocols())) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Schema", "peer");
            m.put("ID", p.id().toString());
            m.put("Addrs", addrs.get());
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
