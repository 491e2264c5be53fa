package dev.ferry.routing.gateway;

import dev.ferry.dag.car.CarException;
import dev.ferry.dag.car.CarReader;
import dev.ferry.multiformats.Cid;
import dev.ferry.routing.gateway.GatewayException.Kind;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.InvalidBlockException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One trustless gateway (ipfs/specs http-gateways/trustless-gateway). Asks {@code GET {base}/ipfs/{cid}?format=raw}
 * with {@code Accept: application/vnd.ipld.raw} for a block, and {@code ?format=car&dag-scope=...} with
 * {@code Accept: application/vnd.ipld.car; version=1; order=dfs; dups=n} for a DAG. Nothing it returns or stores is
 * unverified: a block is hashed against its CID, a CAR's blocks too, and a CAR's blocks must belong to the requested
 * DAG (see {@link CarIngest}). Thread-safe; the {@link HttpClient} is shared and owned by the caller.
 */
public final class GatewayClient {
    static final String RAW = "application/vnd.ipld.raw";
    static final String CAR = "application/vnd.ipld.car";
    static final String CAR_ACCEPT = CAR + "; version=1; order=dfs; dups=n";

    /** A result and the time to the response headers. */
    record Timed<T>(T value, Duration latency) {
    }

    private final URI base;
    private final HttpClient http;
    private final GatewayPoolConfig config;

    /** @param base an http(s) URL, see {@link #normalize} */
    public GatewayClient(URI base, HttpClient http, GatewayPoolConfig config) {
        this.base = normalize(base);
        this.http = Objects.requireNonNull(http, "http");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Checks and normalises a gateway base URL: http or https, a host, no query, fragment or user info; a trailing
     * slash is dropped.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static URI normalize(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("gateway URL '" + url + "' must start with http:// or https://");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("gateway URL '" + url + "' has no host");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("gateway URL '" + url + "' must not have a query, fragment or user info");
        }
        String s = url.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    /** {@link #normalize} of a string. @throws IllegalArgumentException when it is not a usable URL */
    public static URI parse(String url) {
        try {
            return normalize(new URI(url.strip()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("gateway URL '" + url + "' is not a valid URL: " + e.getReason());
        }
    }

    public URI base() {
        return base;
    }

    /**
     * One block, verified against {@code cid}. Stores nothing.
     *
     * @throws GatewayException with the kind of failure
     */
    public Block fetchBlock(Cid cid) {
        return timedBlock(cid).value();
    }

    /**
     * A CAR of the DAG under {@code root} in {@code scope}; every block that is verified and belongs to the DAG is
     * stored in {@code into} as it arrives (kept even when the response later turns out bad). Does not check that
     * the DAG is complete: the caller walks it.
     *
     * @throws GatewayException with the kind of failure
     */
    public CarResult fetchCar(Cid root, DagScope scope, Blockstore into) {
        return timedCar(root, scope, into).value();
    }

    Timed<Block> timedBlock(Cid cid) {
        if (cid.isIdentity()) {
            return new Timed<>(Block.of(cid, cid.multihash().digest()), Duration.ZERO);
        }
        long start = System.nanoTime();
        HttpResponse<InputStream> response = send(uri(cid, "format=raw"), RAW);
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        try (BoundedBody body = body(response, config.maxBlockSize(), start)) {
            checkStatus(response, cid);
            MediaType type = contentType(response);
            if (!type.is(RAW)) {
                throw new GatewayException(Kind.INVALID, base, base + " answered " + type.essence() + " for a raw block");
            }
            byte[] data = body.readAllBytes();
            try {
                return new Timed<>(Block.of(cid, data), latency);
            } catch (InvalidBlockException e) {
                throw new GatewayException(Kind.INVALID, base, base + " sent " + data.length
                        + " bytes that do not hash to " + cid, e);
            }
        } catch (IOException e) {
            throw bodyFailure(e, cid);
        }
    }

    Timed<CarResult> timedCar(Cid root, DagScope scope, Blockstore into) {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = send(uri(root, "format=car&dag-scope=" + scope.param()), CAR_ACCEPT);
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        try (BoundedBody body = body(response, config.maxCarBytes(), start)) {
            checkStatus(response, root);
            MediaType type = contentType(response);
            if (!type.is(CAR)) {
                throw new GatewayException(Kind.INVALID, base, base + " answered " + type.essence() + " for a CAR");
            }
            String version = type.parameter("version").orElse("1");
            if (!version.equals("1")) {
                throw new GatewayException(Kind.UNSUPPORTED, base, base + " answered CAR version " + version);
            }
            boolean dfs = type.parameter("order").map(o -> o.equalsIgnoreCase("dfs")).orElse(false);
            CarIngest ingest = new CarIngest(base, root, dfs, into, config.maxBlockSize(), config.maxOrphanBytes());
            CarReader car;
            try {
                car = CarReader.open(body);
            } catch (CarException e) {
                throw new GatewayException(Kind.INVALID, base, "malformed CAR header from " + base + ": "
                        + e.getMessage(), e);
            }
            if (car.version() != 1) {
                throw new GatewayException(Kind.INVALID, base, base + " sent a CARv" + car.version()
                        + " under a version=1 content type");
            }
            ingest.read(car);
            return new Timed<>(new CarResult(ingest.accepted(), ingest.duplicates(), body.count()), latency);
        } catch (IOException e) {
            throw bodyFailure(e, root);
        }
    }

    private URI uri(Cid cid, String query) {
        return URI.create(base + "/ipfs/" + cid + "?" + query);
    }

    private HttpResponse<InputStream> send(URI uri, String accept) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .header("Accept", accept)
                .timeout(config.idleTimeout()) // until the response headers
                .version(base.getScheme().equalsIgnoreCase("https") ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .build();
        CompletableFuture<HttpResponse<InputStream>> f = http.sendAsync(request,
                HttpResponse.BodyHandlers.ofInputStream());
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new GatewayException(Kind.CANCELLED, base, "request to " + base + " cancelled", e);
        } catch (CancellationException e) {
            throw new GatewayException(Kind.CANCELLED, base, "request to " + base + " cancelled", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof HttpTimeoutException) {
                throw new GatewayException(Kind.STALLED, base, base + " sent no response within "
                        + config.idleTimeout().toMillis() + " ms", c);
            }
            if (c instanceof ConnectException) {
                throw new GatewayException(Kind.UNAVAILABLE, base, "cannot connect to " + base + ": " + c, c);
            }
            throw new GatewayException(Kind.UNAVAILABLE, base, "request to " + base + " failed: " + c, c);
        }
    }

    private BoundedBody body(HttpResponse<InputStream> response, long cap, long start) {
        return new BoundedBody(response.body(), cap, config.idleTimeout(), start + config.requestTimeout().toNanos());
    }

    private void checkStatus(HttpResponse<InputStream> response, Cid cid) {
        int status = response.statusCode();
        if (status == 200) {
            return;
        }
        String what = base + " answered HTTP " + status + " for " + cid;
        Kind kind = switch (status) {
            case 404, 410 -> Kind.NOT_FOUND;
            case 400, 405, 406, 415, 501 -> Kind.UNSUPPORTED;
            default -> Kind.UNAVAILABLE;
        };
        throw new GatewayException(kind, base, what);
    }

    private MediaType contentType(HttpResponse<InputStream> response) {
        String header = response.headers().firstValue("Content-Type").orElse(null);
        if (header == null) {
            throw new GatewayException(Kind.INVALID, base, base + " sent no Content-Type");
        }
        try {
            return MediaType.parse(header);
        } catch (MediaTypeException e) {
            throw new GatewayException(Kind.INVALID, base, base + " sent a malformed Content-Type: " + e.getMessage(), e);
        }
    }

    private GatewayException bodyFailure(IOException e, Cid cid) {
        if (e instanceof BoundedBody.Stalled) {
            return new GatewayException(Kind.STALLED, base, base + " stalled sending " + cid + ": " + e.getMessage(), e);
        }
        if (e instanceof BoundedBody.TooLarge) {
            return new GatewayException(Kind.TOO_LARGE, base, base + " for " + cid + ": " + e.getMessage(), e);
        }
        if (Thread.currentThread().isInterrupted()) {
            return new GatewayException(Kind.CANCELLED, base, "request to " + base + " cancelled", e);
        }
        return new GatewayException(Kind.UNAVAILABLE, base, "reading the response of " + base + " for " + cid
                + " failed: " + e.getMessage(), e);
    }
}
