package dev.ferry.routing.dnslink;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * TXT lookups over DNS over HTTPS (RFC 8484), as Kubo's {@code DNS.Resolvers} URLs ask: the query POSTed as
 * {@code application/dns-message}, the answer read (at most 65,535 bytes) and parsed by {@link DnsWire}. Endpoints
 * are {@code https://} URLs; plain {@code http://} is accepted only for a loopback host (a resolver on this machine),
 * since anything else would let the network rewrite the answers. One HTTP client per endpoint, reused.
 */
public final class DohTxtLookup implements TxtLookup {
    private static final String MEDIA_TYPE = "application/dns-message";

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;

    /** @throws IllegalArgumentException for an endpoint that is not https (or http to a loopback host) */
    public DohTxtLookup(URI endpoint, Duration timeout) {
        this.endpoint = checked(endpoint);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static URI checked(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (endpoint.getHost() == null) {
            throw new IllegalArgumentException("DNS over HTTPS endpoint without a host: " + endpoint);
        }
        if (scheme.equals("https")) {
            return endpoint;
        }
        if (scheme.equals("http") && isLoopback(endpoint.getHost())) {
            return endpoint;
        }
        throw new IllegalArgumentException("DNS over HTTPS endpoint must be https:// (http:// only to this machine): "
                + endpoint);
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name: not resolved here, so not trusted to be local
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public List<String> txt(String name) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", MEDIA_TYPE)
                .header("Accept", MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(DnsWire.txtQuery(name)))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("DNS over HTTPS query interrupted");
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("DNS over HTTPS endpoint " + endpoint + " answered HTTP " + response.statusCode());
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.toLowerCase(Locale.ROOT).startsWith(MEDIA_TYPE)) {
                throw new IOException("DNS over HTTPS endpoint " + endpoint + " answered " + type + ", not " + MEDIA_TYPE);
            }
            byte[] message = body.readNBytes(DnsWire.MAX_MESSAGE + 1);
            return DnsWire.txtAnswers(message, name);
        }
    }

    @Override
    public String toString() {
        return endpoint.toString();
    }
}
