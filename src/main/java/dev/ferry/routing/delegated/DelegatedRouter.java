package dev.ferry.routing.delegated;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multibase;
import dev.ferry.routing.gateway.BoundedBody;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One HTTP router (ipfs/specs routing/http-routing-v1): {@code GET {base}/routing/v1/providers/{cid}},
 * {@code /peers/{peer-id}}, {@code /dht/closest/peers/{key}} and {@code /ipns/{name}}. Requests for peer records
 * carry the {@link Filters} (IPIP-484), which are applied again to the answer, as a router may ignore them. Answers are read bounded: the response headers within
 * {@link Limits#timeout()}, then a body that must keep arriving (no pause longer than the timeout) and be whole
 * within {@link Limits#bodyTimeout()}, at most {@link Limits#maxBody()} bytes, at most {@link Limits#maxRecords()}
 * records. A 404 is no answer (older routers say "none" so). IPNS records come back as bytes, unverified: the caller
 * verifies them against the name. Thread-safe; the {@link HttpClient} is shared and owned by the caller.
 */
public final class DelegatedRouter {
    static final String NDJSON = "application/x-ndjson";
    static final String JSON = "application/json";
    static final String IPNS_RECORD = "application/vnd.ipfs.ipns-record";

    /** How long a router may take and how much it may send. */
    public record Limits(Duration timeout, Duration bodyTimeout, int maxBody, int maxRecords) {
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30), 1 << 20, 100);
        }
    }

    /**
     * What ferry asks routers to leave out, and leaves out itself when a router sends it anyway: addresses with no
     * TCP in them (ferry dials TCP, and WebSockets, TLS gateways and relays over TCP, but no QUIC, WebTransport or
     * WebRTC), and providers that speak neither Bitswap nor HTTP gateways; peers without addresses or protocols
     * stay ({@code unknown}), to be looked up or tried.
     */
    public record Filters(RoutingFilter providers, RoutingFilter peers) {
        public static final Filters DIALABLE = new Filters(
                RoutingFilter.parse("tcp,unknown", "transport-bitswap,transport-ipfs-gateway-http,unknown"),
                RoutingFilter.parse("tcp,unknown", null));
        public static final Filters NONE = new Filters(RoutingFilter.NONE, RoutingFilter.NONE);

        public Filters {
            Objects.requireNonNull(providers, "providers");
            Objects.requireNonNull(peers, "peers");
        }
    }

    private final URI base;
    private final HttpClient http;
    private final Limits limits;
    private final Filters filters;

    /** A router asked with {@link Filters#DIALABLE}. @param base an http(s) URL with no query, see {@link #parse} */
    public DelegatedRouter(URI base, HttpClient http, Limits limits) {
        this(base, http, limits, Filters.DIALABLE);
    }

    /** @param filters sent with every request for providers or peers, and applied to the answers */
    public DelegatedRouter(URI base, HttpClient http, Limits limits, Filters filters) {
        this.base = Objects.requireNonNull(base, "base");
        this.http = Objects.requireNonNull(http, "http");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.filters = Objects.requireNonNull(filters, "filters");
    }

    /**
     * Checks a router's base URL: http or https, a host, no query, fragment or user info; trailing slashes dropped
     * (Kubo's {@code Routing.DelegatedRouters} entries are such base URLs, e.g. {@code https://cid.contact}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static URI parse(String url) {
        URI u;
        try {
            u = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("router URL '" + url + "' is not a valid URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("router URL '" + url + "' must start with http:// or https://");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("router URL '" + url + "' has no host");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("router URL '" + url + "' must not have a query, fragment or user info");
        }
        String s = u.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    public URI base() {
        return base;
    }

    /**
     * The providers this router knows for {@code cid}.
     *
     * @throws DelegatedRoutingException when the router did not answer usably
     */
    public List<RoutedPeer> providers(Cid cid) {
        return peers("/routing/v1/providers/" + cid.toV1(), "Providers", filters.providers());
    }

    /**
     * The peers nearest to {@code peer} in the DHT's key space that this router knows
     * ({@code GET /routing/v1/dht/closest/peers/{key}}, IPIP-476); none when it knows none (404 too).
     *
     * @throws DelegatedRoutingException when the router did not answer usably (a router without the endpoint
     *                                   answers 501 or 400, which is such a failure)
     */
    public List<RoutedPeer> closestPeers(PeerId peer) {
        return peers("/routing/v1/dht/closest/peers/" + peer.toCidString(Multibase.BASE36), "Peers",
                filters.peers());
    }

    /** As {@link #closestPeers(PeerId)}, for the key of a CID (its multihash, as the DHT places it). */
    public List<RoutedPeer> closestPeers(Cid key) {
        return peers("/routing/v1/dht/closest/peers/" + key.toV1(), "Peers", filters.peers());
    }

    /**
     * What this router knows of {@code peer} (its addresses, mostly): none, or records of that peer (others that a
     * router might add are dropped).
     *
     * @throws DelegatedRoutingException when the router did not answer usably
     */
    public List<RoutedPeer> peer(PeerId peer) {
        List<RoutedPeer> out = new ArrayList<>();
        for (RoutedPeer p : peers("/routing/v1/peers/" + peer.toCidString(Multibase.BASE36), "Peers",
                filters.peers())) {
            if (p.id().equals(peer)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The record this router holds for {@code name}, as sent (not verified); empty when it has none (404, or a 200
     * that is no record, as some routers say "not found").
     *
     * @throws DelegatedRoutingException when the router did not answer usably
     */
    public Optional<byte[]> ipns(IpnsName name) {
        String path = "/routing/v1/ipns/" + name;
        Answer r = send(path, IPNS_RECORD);
        try (InputStream in = r.body()) {
            if (r.status() == 404) {
                return Optional.empty();
            }
            checkStatus(r, path);
            if (!r.type().equals(IPNS_RECORD)) {
                return Optional.empty();
            }
            return Optional.of(read(in, IpnsRecord.MAX_SIZE));
        } catch (IOException e) {
            throw new DelegatedRoutingException("reading the record of " + name + " from " + base + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Puts {@code record} (the signed record of {@code name}, as bytes) at this router:
     * {@code PUT {base}/routing/v1/ipns/{name}}. Any 2xx is acceptance; the answer's body is not read beyond a
     * bounded prefix (for the error message).
     *
     * @throws DelegatedRoutingException naming this router and what it answered, when it did not accept
     */
    public void putIpns(IpnsName name, byte[] record) {
        String path = "/routing/v1/ipns/" + name;
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(record))
                .header("Content-Type", IPNS_RECORD)
                .timeout(limits.timeout())
                .build();
        Answer r = exchange(request, path);
        try (InputStream in = r.body()) {
            if (r.status() / 100 != 2) {
                String said = new String(in.readNBytes(200), java.nio.charset.StandardCharsets.UTF_8).strip();
                throw new DelegatedRoutingException(base + " refused the record of " + name + ": HTTP " + r.status()
                        + (said.isEmpty() ? "" : " (" + said.replaceAll("\\s+", " ") + ")"));
            }
        } catch (IOException e) {
            // the status came: an unread body does not undo an acceptance, but a failed refusal's reason is lost
            if (r.status() / 100 != 2) {
                throw new DelegatedRoutingException(base + " refused the record of " + name + ": HTTP "
                        + r.status(), e);
            }
        }
    }

    /** The records of an answer, with {@code filter} sent along and applied again (a router may ignore it). */
    private List<RoutedPeer> peers(String path, String key, RoutingFilter filter) {
        List<RoutedPeer> out = new ArrayList<>();
        for (RoutedPeer p : unfiltered(path + filter.query(), key)) {
            filter.apply(p).ifPresent(out::add);
        }
        return out;
    }

    private List<RoutedPeer> unfiltered(String path, String key) {
        Answer r = send(path, NDJSON + ", " + JSON + ";q=0.9");
        try (InputStream in = r.body()) {
            if (r.status() == 404) {
                return List.of();
            }
            checkStatus(r, path);
            String type = r.type();
            try {
                return switch (type) {
                    case NDJSON -> ndjson(in);
                    case JSON -> RoutingAnswers.json(read(in, limits.maxBody()), key, limits.maxRecords());
                    default -> throw new DelegatedRoutingException(base + " answered " + (type.isEmpty()
                            ? "without a content type" : type) + " to " + path);
                };
            } catch (DelegatedRoutingException e) {
                throw new DelegatedRoutingException(base + path + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new DelegatedRoutingException("reading " + base + path + " failed: " + e.getMessage(), e);
        }
    }

    /** NDJSON read line by line, each line bounded, until the body ends or enough records came. */
    private List<RoutedPeer> ndjson(InputStream in) throws IOException {
        List<RoutedPeer> out = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while (out.size() < limits.maxRecords() && (n = in.read(buf)) >= 0) {
            for (int i = 0; i < n && out.size() < limits.maxRecords(); i++) {
                if (buf[i] == '\n') {
                    RoutingAnswers.line(line.toString(java.nio.charset.StandardCharsets.UTF_8)).ifPresent(out::add);
                    line.reset();
                } else {
                    line.write(buf[i]);
                }
            }
        }
        if (out.size() < limits.maxRecords()) {
            RoutingAnswers.line(line.toString(java.nio.charset.StandardCharsets.UTF_8)).ifPresent(out::add);
        }
        return out;
    }

    private byte[] read(InputStream in, int cap) throws IOException {
        byte[] data = in.readNBytes(cap + 1);
        if (data.length > cap) {
            throw new DelegatedRoutingException(base + " sent more than " + cap + " bytes");
        }
        return data;
    }

    private Answer send(String path, String accept) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .GET()
                .header("Accept", accept)
                .timeout(limits.timeout())
                .build();
        return exchange(request, path);
    }

    private Answer exchange(HttpRequest request, String path) {
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<InputStream>> f = http.sendAsync(request,
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> r;
        try {
            r = f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new DelegatedRoutingException("request to " + base + " cancelled", e);
        } catch (ExecutionException e) {
            throw new DelegatedRoutingException("request to " + base + path + " failed: " + e.getCause(), e.getCause());
        }
        // the body is read through a watchdog: a router that stops sending, or drips, is abandoned
        return new Answer(r.statusCode(), contentType(r), new BoundedBody(r.body(), Integer.MAX_VALUE,
                limits.timeout(), start + limits.bodyTimeout().toNanos()));
    }

    private void checkStatus(Answer r, String path) {
        if (r.status() != 200) {
            throw new DelegatedRoutingException(base + " answered HTTP " + r.status() + " to " + path);
        }
    }

    private static String contentType(HttpResponse<InputStream> r) {
        String t = r.headers().firstValue("Content-Type").orElse("");
        int semi = t.indexOf(';');
        return (semi < 0 ? t : t.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** An answer's status, media type (no parameters, lower case) and bounded body. */
    private record Answer(int status, String type, InputStream body) {}
}
