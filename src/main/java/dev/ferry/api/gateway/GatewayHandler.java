package dev.ferry.api.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ferry.api.gateway.ResponseFormat.Car;
import dev.ferry.api.gateway.ResponseFormat.Deserialized;
import dev.ferry.api.gateway.ResponseFormat.Raw;
import dev.ferry.api.http.HttpAccess;
import dev.ferry.dag.unixfs.UnixfsEntry;
import dev.ferry.dag.unixfs.UnixfsException;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsPathException;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.dag.walk.LinkDecodeException;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.FetchTimeoutException;
import dev.ferry.routing.prefetch.ContentRequests;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

/** Serves one request: checks, format negotiation, then a raw block, a CAR or a deserialized UnixFS response. */
final class GatewayHandler implements HttpHandler {
    /** Bytes of a file body read before the status is sent, so that an early failure still gets its status. */
    private static final int FIRST_READ = 64 * 1024;
    private static final long RETRY_AFTER_SECONDS = 30;
    private static final String EXPOSED = "Content-Length, Content-Range, Content-Type, Etag, X-Ipfs-Path, "
            + "X-Ipfs-Roots, X-Content-Type-Options";

    private static final String IPNS_RECORD = "application/vnd.ipfs.ipns-record";
    private static final java.util.Set<String> KEPT_ON_ERROR = java.util.Set.of("access-control-allow-origin",
            "access-control-expose-headers", "vary", "allow", "content-range", "connection");

    private final ContentFetcher content;
    private final GatewayConfig config;
    private final HttpAccess access;
    private final Semaphore slots;
    private final GatewayNames names; // null: no /ipns/
    private final RoutingApi routingApi; // null: no /routing/v1/
    private final ContentRequests requests;
    private final MissingPaths missingPaths = new MissingPaths();

    GatewayHandler(ContentFetcher content, GatewayConfig config, HttpAccess access, GatewayNames names,
            DelegatedRouting routing, ContentRequests requests) {
        this.requests = requests;
        this.names = names;
        this.routingApi = routing == null ? null : new RoutingApi(routing);
        this.content = content;
        this.config = config;
        this.access = access;
        this.slots = new Semaphore(config.maxConcurrentRequests());
    }

    /** Set once the status line is sent: from then on a failure can only cut the response short. */
    private static final class Sent {
        boolean headers;
    }

    /** Thrown out of the handler so that the server closes the connection without finishing the body. */
    private static final class Truncated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Truncated(Throwable cause) {
            super("response cut short: " + cause.getMessage(), cause);
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Sent sent = new Sent();
        try {
            route(ex, sent);
        } catch (Throwable t) {
            if (sent.headers) {
                // the status is out: never finish the body cleanly, the client must see a broken response
                throw new Truncated(t);
            }
            fail(ex, t);
        }
        ex.close();
    }

    private void fail(HttpExchange ex, Throwable t) throws IOException {
        // what success paths set so far must not leak into an error (an immutable Cache-Control above all)
        ex.getResponseHeaders().keySet().removeIf(name -> !KEPT_ON_ERROR.contains(name.toLowerCase(Locale.ROOT)));
        switch (t) {
            case GatewayException g -> Responses.error(ex, g.status(), g.getMessage(),
                    g.status() == 503 ? RETRY_AFTER_SECONDS : 0);
            case FetchTimeoutException f -> Responses.error(ex, 504, "timed out fetching " + f.cid(),
                    RETRY_AFTER_SECONDS);
            case BlockNotFoundException b -> Responses.error(ex, 404, b.getMessage(), 0);
            case UnixfsException u -> Responses.error(ex, 502, "the DAG is not valid: " + u.getMessage(), 0);
            case LinkDecodeException u -> Responses.error(ex, 502, "the DAG is not valid: " + u.getMessage(), 0);
            case IOException io -> throw io;
            case Error e -> throw e;
            default -> Responses.error(ex, 500, "internal error: " + t.getClass().getSimpleName(), 0);
        }
    }

    private void route(HttpExchange ex, Sent sent) throws IOException {
        String rawPath = ex.getRequestURI().getRawPath();
        Headers req = ex.getRequestHeaders();
        Optional<HttpAccess.Denial> denial = access.check(rawPath == null ? "/" : rawPath, req,
                ex.getRemoteAddress());
        if (denial.isPresent()) {
            throw new GatewayException(denial.get().status(), denial.get().message());
        }
        String origin = req.getFirst("Origin");
        if (origin != null && (access.allowedOrigins().contains(origin) || access.allowedOrigins().contains("*"))) {
            ex.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
            ex.getResponseHeaders().set("Access-Control-Expose-Headers", EXPOSED);
            ex.getResponseHeaders().set("Vary", "Origin, Accept");
        }
        if (routingApi != null && rawPath != null && rawPath.startsWith(RoutingApi.PREFIX)) {
            routingApi.handle(ex, rawPath);
            return;
        }
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            throw new GatewayException(405, "method " + safe(method) + " is not allowed; use GET or HEAD");
        }
        String rawUri = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? ""
                : "?" + ex.getRequestURI().getRawQuery());
        if (ex.getRequestURI().toString().length() > config.maxUriLength()
                || rawUri.length() > config.maxUriLength()) {
            throw new GatewayException(414, "request URI longer than " + config.maxUriLength() + " bytes");
        }
        long headerBytes = 0;
        for (Map.Entry<String, List<String>> h : req.entrySet()) {
            for (String v : h.getValue()) {
                headerBytes += h.getKey().length() + v.length() + 4;
            }
        }
        if (headerBytes > config.maxHeaderBytes()) {
            throw new GatewayException(431, "request headers larger than " + config.maxHeaderBytes() + " bytes");
        }
        String length = req.getFirst("Content-Length");
        if (req.containsKey("Transfer-Encoding") || (length != null && !length.strip().equals("0"))) {
            ex.getResponseHeaders().set("Connection", "close");
            throw GatewayException.badRequest("request bodies are not accepted");
        }
        Optional<SubdomainHost.Target> sub = rawPath == null ? Optional.empty()
                : SubdomainHost.parse(req.getFirst("Host"), config.subdomainGateways());
        if (sub.isPresent()) {
            if (!slots.tryAcquire()) {
                throw new GatewayException(503, "too many requests in progress");
            }
            try {
                subdomain(ex, sub.get(), rawPath, sent);
            } finally {
                slots.release();
            }
            return;
        }
        boolean ipns = rawPath != null && (rawPath.equals("/ipns") || rawPath.startsWith("/ipns/"));
        String site = ipns || rawPath == null || rawPath.equals("/ipfs") || rawPath.startsWith("/ipfs/")
                ? null : dnsLinkSite(req);
        if (site != null) {
            if (!slots.tryAcquire()) {
                throw new GatewayException(503, "too many requests in progress");
            }
            try {
                website(ex, site, rawPath, sent);
            } finally {
                slots.release();
            }
            return;
        }
        if (ipns && names == null) {
            throw new GatewayException(501, "/ipns/ paths are not served: this gateway has no name system");
        }
        if (!ipns && (rawPath == null || !(rawPath.equals("/ipfs") || rawPath.startsWith("/ipfs/")))) {
            throw GatewayException.notFound("not found: only /ipfs/{cid}[/path] and /ipns/{name}[/path] are served");
        }
        if (!slots.tryAcquire()) {
            throw new GatewayException(503, "too many requests in progress");
        }
        try {
            if (ipns) {
                ipns(ex, rawPath, sent, null, ContentLinks.PATH_GATEWAY);
            } else {
                if (rawPath.equals("/ipfs")) {
                    throw GatewayException.badRequest("no CID in the path");
                }
                ipfs(ex, ContentPath.parse(rawPath), null, sent, null, ContentLinks.PATH_GATEWAY);
            }
        } finally {
            slots.release();
        }
    }

    /**
     * The domain of a DNSLink website this request is for: its Host (without the port) when DNSLink websites are on,
     * the host is a domain name and it has a DNSLink record; else null (the request is served as a path gateway's).
     */
    private String dnsLinkSite(Headers req) {
        if (names == null || config.noDnsLink()) {
            return null;
        }
        String host = req.getFirst("Host");
        if (host == null) {
            return null;
        }
        host = host.strip().toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            host = host.substring(0, colon);
        }
        if (!dev.ferry.routing.dnslink.DnsLink.isDomain(host) || host.chars().allMatch(c -> c == '.'
                || Character.isDigit(c))) {
            return null; // an IP address or a single label such as localhost
        }
        try {
            names.resolve(host);
            return host;
        } catch (GatewayException e) {
            return null; // no DNSLink record: a plain request to this gateway
        }
    }

    /** A subdomain gateway request: {@code /path} on {@code <id>.<ns>.<gateway>} is {@code /<ns>/<id>/path}. */
    private void subdomain(HttpExchange ex, SubdomainHost.Target t, String rawPath, Sent sent) throws IOException {
        String rest = rawPath.startsWith("/") ? rawPath : "/" + rawPath;
        if (t.namespace().equals("ipns")) {
            if (names == null) {
                throw new GatewayException(501, "/ipns/ is not served: this gateway has no name system");
            }
            ipns(ex, "/ipns/" + PercentCoding.encodeSegment(t.id()) + rest, sent, rawPath,
                    ContentLinks.toGateway(t.gateway()));
        } else {
            ipfs(ex, ContentPath.parse("/ipfs/" + t.id() + rest), null, sent, rawPath,
                    ContentLinks.toGateway(t.gateway()));
        }
    }

    /** A DNSLink website: {@code /path} on Host {@code site} is {@code /ipns/site/path}. */
    private void website(HttpExchange ex, String site, String rawPath, Sent sent) throws IOException {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            throw new GatewayException(405, "method " + safe(method) + " is not allowed; use GET or HEAD");
        }
        ipns(ex, "/ipns/" + site + (rawPath.startsWith("/") ? rawPath : "/" + rawPath), sent, rawPath,
                ContentLinks.NONE);
    }

    /**
     * {@code /ipns/NAME[/path]}: the name's record itself when asked for ({@code ?format=ipns-record} or its media
     * type in Accept), else the content its value points to, served as /ipfs/ content is but cacheable only for
     * the record's TTL.
     */
    /**
     * @param websitePath the request's own path when serving a DNSLink website (redirects stay on the site)
     * @param links       where the pages rendered for this request link other content to
     */
    private void ipns(HttpExchange ex, String rawPath, Sent sent, String websitePath, ContentLinks links)
            throws IOException {
        String rest = rawPath.length() > "/ipns/".length() ? rawPath.substring("/ipns/".length()) : "";
        int slash = rest.indexOf('/');
        String nameText = PercentCoding.decode(slash < 0 ? rest : rest.substring(0, slash), false);
        String rawTail = slash < 0 ? "" : rest.substring(slash);
        if (nameText.isEmpty()) {
            throw GatewayException.badRequest("no name in the path");
        }
        QueryParams query = QueryParams.parse(ex.getRequestURI().getRawQuery());
        boolean wantsRecord = query.get("format").map("ipns-record"::equals).orElse(false)
                || (query.get("format").isEmpty() && AcceptHeader.parse(String.join(",",
                header(ex.getRequestHeaders(), "Accept"))).stream().findFirst()
                .map(r -> r.is(IPNS_RECORD)).orElse(false));
        if (wantsRecord) {
            if (!rawTail.isEmpty() && !rawTail.equals("/")) {
                throw GatewayException.badRequest("an IPNS record is asked for a name alone, without a path");
            }
            ipnsRecord(ex, nameText, query, sent);
            return;
        }
        GatewayNames.Resolved resolved = names.resolve(nameText);
        if (!resolved.path().startsWith("/ipfs/")) {
            throw new GatewayException(502, "the name resolved to " + resolved.path() + ", not an /ipfs/ path");
        }
        // the value's own path, encoded again, then the rest of the request's path as it came
        String[] valueParts = resolved.path().substring("/ipfs/".length()).split("/");
        StringBuilder raw = new StringBuilder("/ipfs");
        int hidden = 0;
        for (String part : valueParts) {
            if (!part.isEmpty()) {
                raw.append('/').append(PercentCoding.encodeSegment(part));
                hidden++;
            }
        }
        hidden--; // the first part is the root CID, not a segment
        raw.append(rawTail);
        ContentPath path = ContentPath.parse(raw.toString())
                .shownAs("/ipns/" + PercentCoding.encodeSegment(nameText), Math.max(hidden, 0));
        ipfs(ex, path, resolved.ttl(), sent, websitePath, links);
    }

    /**
     * The signed record of a key name (IPIP-351), as the name system finds it: cacheable for its TTL but not past its
     * validity; its ETag is a digest of the record's bytes (a newer record is another entity).
     */
    private void ipnsRecord(HttpExchange ex, String nameText, QueryParams query, Sent sent) throws IOException {
        GatewayNames.NameRecord rec = names.record(nameText).orElseThrow(() ->
                GatewayException.notFound("no valid IPNS record of " + nameText + " was found"));
        byte[] bytes = rec.bytes();
        Headers out = ex.getResponseHeaders();
        String etag = "\"" + digest(bytes) + "\"";
        out.set("Etag", etag);
        out.set("Cache-Control", "public, max-age=" + rec.maxAge(Instant.now()).toSeconds());
        out.set("X-Ipfs-Path", "/ipns/" + PercentCoding.encodeSegment(nameText));
        if (!out.containsKey("Vary")) {
            out.set("Vary", "Accept");
        }
        sent.headers = true;
        if (EntityTags.matches(String.join(",", header(ex.getRequestHeaders(), "If-None-Match")), etag)) {
            Responses.send(ex, 304, new byte[0]);
            return;
        }
        out.set("Content-Type", IPNS_RECORD);
        out.set("Content-Disposition", disposition("attachment",
                query.get("filename").orElse(nameText + ".ipns-record")));
        out.set("X-Content-Type-Options", "nosniff");
        Responses.send(ex, 200, bytes);
    }

    /** Serves content at {@code path}; {@code ttl} is null for /ipfs/ (immutable), else an IPNS record's TTL. */
    private void ipfs(HttpExchange ex, ContentPath path, java.time.Duration ttl, Sent sent, String websitePath,
            ContentLinks links) throws IOException {
        String rawQuery = ex.getRequestURI().getRawQuery();
        QueryParams query = QueryParams.parse(rawQuery);
        Headers req = ex.getRequestHeaders();
        ResponseFormat format = FormatNegotiation.choose(query, String.join(",", header(req, "Accept")));
        if ((format instanceof Deserialized || format instanceof ResponseFormat.Tar
                || format instanceof ResponseFormat.Plain) && !config.deserializedResponses()) {
            throw GatewayException.badRequest("this gateway serves only application/vnd.ipld.raw and "
                    + "application/vnd.ipld.car: send Accept or ?format=");
        }
        if ((format instanceof Raw || format instanceof ResponseFormat.Codec) && !path.segments().isEmpty()) {
            throw GatewayException.badRequest("raw block requests take no path: ask /ipfs/{cid} for one block, or a"
                    + " CAR for a path");
        }
        if ("script".equalsIgnoreCase(req.getFirst("Service-Worker")) && !path.trailingSlash()) {
            throw GatewayException.badRequest("a service worker may only be registered below a trailing-slash path");
        }
        boolean onlyIfCached = header(req, "Cache-Control").stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("only-if-cached"));
        FetchSession session = null;
        Blockstore store;
        if (onlyIfCached || config.noFetch()) {
            store = content.local();
            if (!store.has(path.root())) {
                throw onlyIfCached ? new GatewayException(412, "not cached")
                        : GatewayException.notFound("block not found: " + path.root());
            }
        } else {
            session = content.open(config.fetchTimeout());
            store = session.blocks();
        }
        try {
            reportRequest(ex, path, store);
            Request r = new Request(ex, path, rawQuery, query, store, sent, ttl, websitePath, links, false);
            switch (format) {
                case Raw raw -> raw(r, raw);
                case ResponseFormat.Codec c -> codec(r, c);
                case Car car -> car(r, car);
                case ResponseFormat.Tar t -> tar(r, t);
                case ResponseFormat.Plain p -> plain(r, p);
                case Deserialized d -> web(r);
            }
        } catch (BlockNotFoundException e) {
            if (onlyIfCached && !sent.headers) {
                throw new GatewayException(412, "not cached");
            }
            throw e;
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    /**
     * Tells {@link #requests} which CID this request is for: the path's terminal, resolved here (every format that
     * takes a path resolves it first, so a failure here is the one the response would report), before the terminal
     * itself is read, so that a prefetched block is told from one this request fetched.
     */
    private void reportRequest(HttpExchange ex, ContentPath path, Blockstore store) {
        if (requests == ContentRequests.NONE) {
            return;
        }
        Cid terminal;
        try {
            terminal = path.segments().isEmpty() ? path.root() : PathResolver.resolve(store, path).terminal();
        } catch (GatewayException e) {
            if (e.status() == 404) {
                return; // a missing path: what is served instead (a redirect, a rewrite, a 404 page) is read later
            }
            throw e;
        }
        var remote = ex.getRemoteAddress();
        String client = remote == null || remote.getAddress() == null ? "gateway"
                : "gateway " + remote.getAddress().getHostAddress();
        requests.requested(client, terminal);
    }

    /**
     * @param rewritten true when {@code path} is a {@code _redirects} rewrite target or page, not the request's own
     *                  path (a directory there is served without redirecting to a trailing slash)
     * @param links     where rendered pages link other content to (the origin's kind decides)
     */
    private record Request(HttpExchange ex, ContentPath path, String rawQuery, QueryParams query, Blockstore store,
            Sent sent, java.time.Duration ttl, String websitePath, ContentLinks links, boolean rewritten) {
        Headers out() {
            return ex.getResponseHeaders();
        }

        Request rewrittenTo(ContentPath target) {
            return new Request(ex, target, rawQuery, query, store, sent, ttl, websitePath, links, true);
        }

        String ifNoneMatch() {
            return String.join(",", header(ex.getRequestHeaders(), "If-None-Match"));
        }

        void sendHeaders(int status, long length) throws IOException {
            sent.headers = true;
            ex.sendResponseHeaders(status, length);
        }

        void send(int status, byte[] body) throws IOException {
            sent.headers = true;
            Responses.send(ex, status, body);
        }

        /**
         * The validators of a negotiated /ipfs response: its ETag, {@code Vary: Accept} (unless set), the immutable
         * headers; answers 304 when If-None-Match matches.
         *
         * @return true when the 304 was sent and the caller is done
         */
        boolean validatedNotModified(String etag, List<Cid> roots) throws IOException {
            out().set("Etag", etag);
            if (!out().containsKey("Vary")) {
                out().set("Vary", "Accept");
            }
            immutable(roots);
            if (EntityTags.matches(ifNoneMatch(), etag)) {
                send(304, new byte[0]);
                return true;
            }
            return false;
        }

        /** Cache-Control, X-Ipfs-Path and X-Ipfs-Roots, shared by the successful /ipfs responses. */
        void immutable(List<Cid> roots) {
            out().set("Cache-Control", ttl == null ? Responses.IMMUTABLE : "public, max-age=" + ttl.toSeconds());
            out().set("X-Ipfs-Path", path.encoded(path.trailingSlash()));
            out().set("X-Ipfs-Roots", roots.stream().map(Cid::toString).collect(Collectors.joining(",")));
        }

        void contentLocation(String format) {
            if (query.get("format").isEmpty()) {
                out().set("Content-Location", path.encoded(path.trailingSlash()) + "?"
                        + (rawQuery == null || rawQuery.isEmpty() ? "" : rawQuery + "&") + "format=" + format);
            }
        }
    }

    private static List<String> header(Headers h, String name) {
        List<String> v = h.get(name);
        return v == null ? List.of() : v;
    }

    // --- application/vnd.ipld.raw ---

    /** The root block, verified, in its data model form written in the asked codec. */
    private void codec(Request r, ResponseFormat.Codec c) throws IOException {
        Block block = DagNode.load(r.store(), r.path().root());
        byte[] body;
        try {
            body = dev.ferry.dag.json.DagCodecs.output(
                    dev.ferry.dag.json.DataModel.of(block.cid(), block.data()), c.codec());
        } catch (dev.ferry.dag.json.DagJsonException | dev.ferry.dag.cbor.DagCborException
                 | dev.ferry.dag.pb.DagPbException e) {
            throw new GatewayException(502, "the block is not valid for its codec: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new GatewayException(406, "this block has no IPLD data model to convert: " + e.getMessage());
        }
        String etag = "\"" + r.path().root() + "." + c.codec() + "\"";
        if (r.validatedNotModified(etag, List.of(r.path().root()))) {
            return;
        }
        boolean json = c.codec().equals("dag-json");
        boolean download = r.query().get("download").map("true"::equals).orElse(false);
        r.out().set("Content-Type", c.contentType());
        r.out().set("Content-Disposition", (json && !download ? "inline" : "attachment") + "; filename=\""
                + r.path().root() + (json ? ".json" : ".cbor") + "\"");
        r.out().set("X-Content-Type-Options", "nosniff");
        if (c.fromAccept()) {
            r.contentLocation(c.codec());
        }
        r.send(200, body);
    }

    private void raw(Request r, Raw raw) throws IOException {
        Block block = DagNode.load(r.store(), r.path().root());
        String etag = "\"" + r.path().root() + ".raw\"";
        if (r.validatedNotModified(etag, List.of(r.path().root()))) {
            return;
        }
        r.out().set("Content-Type", FormatNegotiation.RAW);
        r.out().set("Content-Disposition", "attachment; filename=\"" + r.path().root() + ".bin\"");
        r.out().set("X-Content-Type-Options", "nosniff");
        if (raw.fromAccept()) {
            r.contentLocation("raw");
        }
        r.send(200, block.data());
    }

    // --- application/vnd.ipld.car ---

    private void car(Request r, Car car) throws IOException {
        PathResolver.Resolution res = PathResolver.resolve(r.store(), r.path());
        Block terminal = DagNode.load(r.store(), res.terminal());
        DagNode node = DagNode.of(terminal);
        EntityBytes.Span span = null;
        boolean emptySpan = false;
        if (car.entityBytes() != null && node.isFile()) {
            long size = fileSize(node);
            Optional<EntityBytes.Span> s = car.entityBytes().resolve(size);
            if (s.isEmpty()) {
                if (car.entityBytes().from() >= 0 && car.entityBytes().from() >= size && size > 0) {
                    throw GatewayException.badRequest("entity-bytes starts at or after the end of the "
                            + size + "-byte entity");
                }
                emptySpan = true;
            } else {
                span = s.get();
            }
        }
        String etag = "\"" + r.path().root() + ".car." + digest(r.path().encoded(false) + "|"
                + car.scope().wire() + "|" + (car.entityBytes() == null ? "" : car.entityBytes().wire()) + "|"
                + car.dups()) + "\"";
        if (r.validatedNotModified(etag, res.roots())) {
            return;
        }
        r.out().set("Content-Type", car.contentType());
        r.out().set("Content-Disposition", "attachment; filename=\"" + r.path().root() + ".car\"");
        r.out().set("X-Content-Type-Options", "nosniff");
        r.out().set("Accept-Ranges", "none");
        if (car.fromAccept()) {
            r.contentLocation("car");
        }
        if (Responses.isHead(r.ex())) {
            r.sendHeaders(200, -1);
            return;
        }
        r.sendHeaders(200, 0);
        OutputStream body = r.ex().getResponseBody();
        new CarStreamer(r.store(), car.dups()).write(body, r.path().root(), res.pathBlocks(), terminal,
                car.scope(), span, emptySpan);
        body.close();
    }

    // --- application/x-tar ---

    /**
     * The UnixFS entity at the path as a tar whose top entry is named by its CID. The first {@link #FIRST_READ}
     * bytes are made before the status is sent (a small archive goes out whole, with its length); after that a
     * failure cuts the response short, as a CAR's does.
     */
    private void tar(Request r, ResponseFormat.Tar t) throws IOException {
        PathResolver.Resolution res = PathResolver.resolve(r.store(), r.path());
        Cid cid = res.terminal();
        DagNode node = DagNode.of(DagNode.load(r.store(), cid));
        boolean unixfs = node.isFile() || (node.data() != null && node.pb() != null
                && (node.data().type().isDirectory() || node.data().type() == UnixfsType.SYMLINK));
        if (!unixfs) {
            throw new GatewayException(501, cid + " is not a UnixFS file, directory or symlink: a tar holds only "
                    + "those; ask ?format=car");
        }
        // weak: the same tree may one day be archived byte for byte differently (as boxo's ETag says too)
        String etag = "W/\"" + cid + ".x-tar\"";
        if (r.validatedNotModified(etag, res.roots())) {
            return;
        }
        r.out().set("Content-Type", ResponseFormat.Tar.CONTENT_TYPE);
        r.out().set("Content-Disposition", disposition("attachment",
                r.query().get("filename").orElse(cid + ".tar")));
        r.out().set("X-Content-Type-Options", "nosniff");
        if (t.fromAccept()) {
            r.contentLocation("tar");
        }
        if (Responses.isHead(r.ex())) {
            r.sendHeaders(200, -1);
            return;
        }
        HeldBody body = new HeldBody(FIRST_READ, length -> {
            r.sendHeaders(200, length < 0 ? 0 : length == 0 ? -1 : length);
            return r.ex().getResponseBody();
        });
        new TarStreamer(r.store()).write(body, cid.toString(), cid);
        body.close();
    }

    // --- application/json, application/cbor ---

    /**
     * A json or dag-json document's block as {@code application/json}, a cbor or dag-cbor one's as
     * {@code application/cbor}, without conversion (boxo's rules); the other family is refused (its conversion is
     * {@code ?format=dag-json|dag-cbor}), and anything else is served as without a format (UnixFS deserialized).
     */
    private void plain(Request r, ResponseFormat.Plain p) throws IOException {
        PathResolver.Resolution res = PathResolver.resolve(r.store(), r.path());
        Cid cid = res.terminal();
        long codec = cid.codec();
        boolean json = codec == Multicodec.JSON.code() || codec == Multicodec.DAG_JSON.code();
        boolean cbor = codec == Multicodec.CBOR.code() || codec == Multicodec.DAG_CBOR.code();
        if (!json && !cbor) {
            deserialized(r, res);
            return;
        }
        if (json != p.kind().equals("json")) {
            throw GatewayException.badRequest("converting " + Multicodec.byCode(codec).orElseThrow().codecName() + " to " + p.contentType()
                    + " is not supported; ask ?format=dag-" + p.kind());
        }
        Block block = DagNode.load(r.store(), cid);
        String etag = "\"" + cid + "." + p.kind() + "\"";
        if (r.validatedNotModified(etag, res.roots())) {
            return;
        }
        r.out().set("Content-Type", p.contentType());
        boolean download = json ? r.query().get("download").map("true"::equals).orElse(false) : true;
        r.out().set("Content-Disposition", disposition(download ? "attachment" : "inline",
                r.query().get("filename").orElse(cid + "." + p.kind())));
        r.out().set("X-Content-Type-Options", "nosniff");
        if (p.fromAccept()) {
            r.contentLocation(p.kind());
        }
        r.send(200, block.data());
    }

    /** Bytes of a file node (saturating: blocksizes are not trusted to add up). */
    static long fileSize(DagNode node) {
        if (node.isRawLeaf()) {
            return node.block().data().length;
        }
        if (node.data() == null) {
            return 0;
        }
        long total = node.data().inlineLength();
        for (long b : node.data().blocksizes()) {
            total = total + b < 0 ? Long.MAX_VALUE : total + b;
        }
        return total;
    }

    private static String digest(String s) {
        return digest(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The first 8 bytes of the SHA-256 of {@code bytes}, in hex. */
    private static String digest(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- deserialized ---

    /**
     * Deserialized content at the path. When the path is missing below a UnixFS root: the site's {@code _redirects}
     * rules for origin-isolated requests (subdomain and DNSLink website hosts, never the path gateway, as the spec
     * requires), then the nearest legacy {@code ipfs-404.html} for a client that takes HTML, then the plain 404.
     */
    private void web(Request r) throws IOException {
        PathResolver.Resolution res;
        try {
            res = PathResolver.resolve(r.store(), r.path());
        } catch (GatewayException e) {
            if (e.status() != 404 || r.path().root().codec() != Multicodec.DAG_PB.code()
                    || r.path().segments().isEmpty()) {
                throw e;
            }
            missing(r, e);
            return;
        }
        deserialized(r, res);
    }

    private void missing(Request r, GatewayException notFound) throws IOException {
        if (r.websitePath() != null) {
            Optional<MissingPaths.Outcome> outcome = missingPaths.redirects(r.store(), r.path(), r.rawQuery());
            if (outcome.isPresent()) {
                switch (outcome.get()) {
                    case MissingPaths.Redirect red -> {
                        r.out().set("Location", red.location());
                        r.send(red.status(), new byte[0]);
                    }
                    case MissingPaths.Rewrite rw -> {
                        Request to = r.rewrittenTo(rw.path());
                        deserialized(to, resolveTarget(to, rw.line(), 404));
                    }
                    case MissingPaths.Page page -> {
                        Request to = r.rewrittenTo(page.path());
                        PathResolver.Resolution res = resolveTarget(to, page.line(), 500);
                        if (!DagNode.of(DagNode.load(to.store(), res.terminal())).isFile()) {
                            throw new GatewayException(500, "_redirects line " + page.line() + ": the "
                                    + page.status() + " page " + page.path().encoded(false) + " is not a file");
                        }
                        to.out().set("Content-Type", ContentSniffer.HTML);
                        to.out().set("Etag", "\"" + res.terminal() + "\"");
                        to.immutable(res.roots());
                        stream(to, page.status(), res.terminal());
                    }
                }
                return;
            }
        }
        if (acceptsHtml(r)) {
            Optional<Cid> page = MissingPaths.legacy404(r.store(), r.path());
            if (page.isPresent()) {
                r.out().set("Content-Type", ContentSniffer.HTML);
                stream(r, 404, page.get());
                return;
            }
        }
        throw notFound;
    }

    /** Resolves a rule's target; a missing one answers {@code status} naming the rule. */
    private static PathResolver.Resolution resolveTarget(Request to, int line, int status) {
        try {
            return PathResolver.resolve(to.store(), to.path());
        } catch (GatewayException e) {
            if (e.status() != 404) {
                throw e;
            }
            throw new GatewayException(status, "_redirects line " + line + " leads to " + to.path().encoded(false)
                    + ", which is missing: " + e.getMessage());
        }
    }

    /** Whether the client takes HTML (boxo's condition for ipfs-404.html): text/html, text/* or any type. */
    private static boolean acceptsHtml(Request r) {
        return AcceptHeader.parse(String.join(",", header(r.ex().getRequestHeaders(), "Accept"))).stream()
                .anyMatch(m -> m.is("text/html") || m.is("text/*") || m.is("*/*"));
    }

    /** A UnixFS file's bytes with {@code status}; the headers but the length must be set. */
    private void stream(Request r, int status, Cid cid) throws IOException {
        UnixfsExporter exporter = new UnixfsExporter(r.store());
        sendBytes(r, status, exporter, cid, 0, exporter.stat(cid).size());
    }

    /**
     * {@code length} bytes of a UnixFS file from {@code first} with {@code status} (the other headers set): the
     * length alone for HEAD; else the first read is made before the status goes out, so that a block missing at the
     * start still answers an error status.
     */
    private static void sendBytes(Request r, int status, UnixfsExporter exporter, Cid cid, long first, long length)
            throws IOException {
        if (Responses.isHead(r.ex())) {
            r.out().set("Content-Length", Long.toString(length));
            r.sendHeaders(status, -1);
            return;
        }
        try (InputStream in = exporter.cat(cid, first, length)) {
            byte[] start = in.readNBytes((int) Math.min(length, FIRST_READ));
            r.sendHeaders(status, length == 0 ? -1 : length);
            if (length == 0) {
                return;
            }
            OutputStream body = r.ex().getResponseBody();
            body.write(start);
            in.transferTo(body);
            body.close();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void deserialized(Request r, PathResolver.Resolution res) throws IOException {
        Cid cid = res.terminal();
        long codec = cid.codec();
        if (codec == Multicodec.RAW.code() || codec == Multicodec.DAG_PB.code()) {
            DagNode node = DagNode.of(DagNode.load(r.store(), cid));
            if (node.isFile()) {
                file(r, res.roots(), cid, r.path().lastSegment());
                return;
            }
            if (node.data() != null && node.data().type().isDirectory()) {
                directory(r, res, node);
                return;
            }
            if (node.data() != null && node.data().type() == UnixfsType.SYMLINK) {
                byte[] target = node.data().data() == null ? new byte[0] : node.data().data();
                whole(r, res.roots(), cid, ContentSniffer.TEXT, target);
                return;
            }
            throw new GatewayException(501, cid + " is not UnixFS data this gateway can show; ask ?format=raw");
        }
        String type = codec == Multicodec.DAG_CBOR.code() ? "application/vnd.ipld.dag-cbor"
                : codec == Multicodec.DAG_JSON.code() ? "application/vnd.ipld.dag-json"
                : codec == Multicodec.JSON.code() ? "application/json"
                : codec == Multicodec.CBOR.code() ? "application/cbor" : null;
        if (type == null) {
            throw new GatewayException(501, "codec 0x" + Long.toHexString(codec) + " cannot be deserialized; ask "
                    + "?format=raw or ?format=car");
        }
        Block block = DagNode.load(r.store(), cid);
        if (DagPreview.wanted(cid, String.join(",", header(r.ex().getRequestHeaders(), "Accept")), r.query())) {
            preview(r, res, block);
            return;
        }
        if (codec == Multicodec.DAG_JSON.code() || codec == Multicodec.DAG_CBOR.code()) {
            // a browser gets the preview at this URL: caches must tell the two answers apart
            if (!r.out().containsKey("Vary")) {
                r.out().set("Vary", "Accept");
            }
        }
        if (r.query().get("download").map("true"::equals).orElse(false)) {
            r.out().set("Content-Disposition", disposition("attachment", r.query().get("filename")
                    .orElse(cid + (type.endsWith("json") ? ".json" : ".cbor"))));
        }
        whole(r, res.roots(), cid, type, block.data());
    }

    /**
     * The HTML preview of a dag-json or dag-cbor document, at a trailing-slash URL as boxo's (a 301 there first).
     * No Cache-Control, as in Kubo: the page is this gateway's rendering, which may change, and its ETag (which
     * names the page version) lets a browser revalidate for a 304.
     */
    private void preview(Request r, PathResolver.Resolution res, Block block) throws IOException {
        r.immutable(res.roots());
        r.out().remove("Cache-Control");
        if (!r.out().containsKey("Vary")) {
            r.out().set("Vary", "Accept");
        }
        if (!r.path().trailingSlash() && !r.rewritten()) {
            String q = r.rawQuery();
            String to = r.websitePath() != null ? r.websitePath() + "/" : r.path().encoded(true);
            r.out().set("Location", to + (q == null || q.isEmpty() ? "" : "?" + q));
            r.send(301, new byte[0]);
            return;
        }
        String etag = DagPreview.etag(block.cid());
        r.out().set("Etag", etag);
        if (EntityTags.matches(r.ifNoneMatch(), etag)) {
            r.send(304, new byte[0]);
            return;
        }
        r.out().set("Content-Type", ContentSniffer.HTML);
        r.out().set("X-Content-Type-Options", "nosniff");
        // the block itself at this URL; else its own URL (raw and codec formats take no path), where there is one
        String downloads = r.path().segments().isEmpty() ? "" : r.links().href(block.cid()).orElse(null);
        r.send(200, DagPreview.html(r.path(), block, downloads, r.links()).getBytes(StandardCharsets.UTF_8));
    }

    private void whole(Request r, List<Cid> roots, Cid cid, String type, byte[] body) throws IOException {
        String etag = "\"" + cid + "\"";
        r.out().set("Etag", etag);
        r.immutable(roots);
        if (EntityTags.matches(r.ifNoneMatch(), etag)) {
            r.send(304, new byte[0]);
            return;
        }
        r.out().set("Content-Type", type);
        r.send(200, body);
    }

    private void directory(Request r, PathResolver.Resolution res, DagNode dir) throws IOException {
        if (!r.path().trailingSlash() && !r.rewritten()) {
            String q = r.rawQuery();
            String to = r.websitePath() != null ? r.websitePath() + "/" : r.path().encoded(true);
            r.out().set("Location", to + (q == null || q.isEmpty() ? "" : "?" + q));
            r.immutable(res.roots());
            r.send(301, new byte[0]);
            return;
        }
        UnixfsExporter exporter = new UnixfsExporter(r.store());
        Cid index = null;
        try {
            index = exporter.resolve(dir.cid(), "index.html");
        } catch (UnixfsPathException e) {
            index = null;
        }
        if (index != null && DagNode.of(DagNode.load(r.store(), index)).isFile()) {
            file(r, res.roots(), index, "index.html");
            return;
        }
        String etag = DirectoryListing.etag(dir.cid());
        r.out().set("Etag", etag);
        r.immutable(res.roots());
        if (EntityTags.matches(r.ifNoneMatch(), etag)) {
            r.send(304, new byte[0]);
            return;
        }
        DirectoryListing.Listing listing = DirectoryListing.entries(r.store(), dir, config.maxDirectoryEntries());
        r.out().set("Content-Type", ContentSniffer.HTML);
        r.send(200, DirectoryListing.html(r.path(), dir.cid(), listing, r.links()).getBytes(StandardCharsets.UTF_8));
    }

    private void file(Request r, List<Cid> roots, Cid cid, String name) throws IOException {
        UnixfsExporter exporter = new UnixfsExporter(r.store());
        UnixfsEntry node = exporter.stat(cid);
        long size = node.size();
        String etag = "\"" + cid + "\"";
        r.out().set("Etag", etag);
        r.immutable(roots);
        // UnixFS 1.5: the file's own mtime dates exactly these bytes (as boxo's gateway does, files only)
        Instant now = Instant.now();
        Optional<Instant> modified = LastModified.of(node.mtime(), now);
        modified.ifPresent(t -> r.out().set("Last-Modified", HttpDate.format(t)));
        if (EntityTags.matches(r.ifNoneMatch(), etag)
                || LastModified.notModified(r.ex().getRequestHeaders(), modified, now)) {
            r.send(304, new byte[0]);
            return;
        }
        Headers req = r.ex().getRequestHeaders();
        RangeHeader range = RangeHeader.parse(req.getFirst("Range"));
        String ifRange = req.getFirst("If-Range");
        if (ifRange != null && !ifRange.strip().equals(etag)) {
            range = new RangeHeader.Whole();
        }
        String filename = r.query().get("filename").orElse(null);
        byte[] head;
        try (InputStream in = exporter.cat(cid, 0, Math.min(size, ContentSniffer.HEAD))) {
            head = in.readAllBytes();
        }
        r.out().set("Content-Type", ContentSniffer.contentType(filename != null ? filename : name, head,
                size <= ContentSniffer.HEAD));
        r.out().set("Accept-Ranges", "bytes");
        contentDisposition(r, filename);
        long first = 0;
        long length = size;
        int status = 200;
        if (range instanceof RangeHeader.Single single) {
            RangeHeader.Span span = RangeHeader.resolve(single, size);
            if (span == null) {
                r.out().set("Content-Range", "bytes */" + size);
                throw new GatewayException(416, "range not satisfiable: the file has " + size + " bytes");
            }
            first = span.first();
            length = span.length();
            status = 206;
            r.out().set("Content-Range", "bytes " + span.first() + "-" + span.last() + "/" + size);
        }
        sendBytes(r, status, exporter, cid, first, length);
    }

    private static void contentDisposition(Request r, String filename) {
        boolean download = r.query().get("download").map("true"::equals).orElse(false);
        if (filename == null && !download) {
            return;
        }
        r.out().set("Content-Disposition", disposition(download ? "attachment" : "inline", filename));
    }

    /**
     * A Content-Disposition value: {@code kind} ({@code inline} or {@code attachment}), then the filename if any, as
     * ASCII (other characters, quotes and backslashes replaced by '_') and, when that changed it, as RFC 8187 UTF-8.
     */
    static String disposition(String kind, String filename) {
        StringBuilder v = new StringBuilder(kind);
        if (filename != null) {
            StringBuilder ascii = new StringBuilder();
            for (int i = 0; i < filename.length(); i++) {
                char c = filename.charAt(i);
                ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
            }
            v.append("; filename=\"").append(ascii).append('"');
            if (!ascii.toString().equals(filename)) {
                v.append("; filename*=UTF-8''").append(PercentCoding.encodeSegment(filename));
            }
        }
        return v.toString();
    }

    private static String safe(String s) {
        return s.length() > 32 || !s.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? "(invalid)" : s;
    }
}
