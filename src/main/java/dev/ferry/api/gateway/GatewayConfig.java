package dev.ferry.api.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway serves.
 *
 * @param fetchTimeout           how long to wait for any one block from the network (504 after that)
 * @param maxUriLength           longest request URI accepted (414 beyond)
 * @param maxHeaderBytes         largest total of request header names and values accepted (431 beyond)
 * @param maxConcurrentRequests  requests served at once (503 beyond)
 * @param maxDirectoryEntries    entries shown in a generated directory listing
 * @param deserializedResponses  false for a strict trustless gateway: only raw blocks and CARs
 * @param noFetch                true for a non-recursive gateway: serve the local store only, 404 for the rest
 * @param noDnsLink              false (Kubo's default) to serve a request whose Host is a domain with a DNSLink
 *                               record, and whose path is not /ipfs/ or /ipns/, as that domain's website
 * @param subdomainGateways      hosts under which {@code <cid>.ipfs.<host>} and {@code <name>.ipns.<host>} are served
 *                               as subdomain gateway requests (Kubo's default: localhost)
 */
public record GatewayConfig(
        Duration fetchTimeout,
        int maxUriLength,
        int maxHeaderBytes,
        int maxConcurrentRequests,
        int maxDirectoryEntries,
        boolean deserializedResponses,
        boolean noFetch,
        boolean noDnsLink,
        java.util.List<String> subdomainGateways) {

    public GatewayConfig {
        Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        subdomainGateways = java.util.List.copyOf(subdomainGateways);
        if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
            throw new IllegalArgumentException("fetch timeout must be positive: " + fetchTimeout);
        }
        if (maxUriLength < 64 || maxHeaderBytes < 1024 || maxConcurrentRequests < 1 || maxDirectoryEntries < 1) {
            throw new IllegalArgumentException("gateway limits too small");
        }
    }

    /** 60 s per block, 8 KiB URIs, 32 KiB of headers, 256 requests at once, 10000 listed entries. */
    public static GatewayConfig defaults() {
        return new GatewayConfig(Duration.ofSeconds(60), 8192, 32 * 1024, 256, 10_000, true, false, false,
                java.util.List.of("localhost"));
    }

    public GatewayConfig withFetchTimeout(Duration d) {
        return new GatewayConfig(d, maxUriLength, maxHeaderBytes, maxConcurrentRequests, maxDirectoryEntries,
                deserializedResponses, noFetch, noDnsLink, subdomainGateways);
    }

    public GatewayConfig withMaxUriLength(int n) {
        return new GatewayConfig(fetchTimeout, n, maxHeaderBytes, maxConcurrentRequests, maxDirectoryEntries,
                deserializedResponses, noFetch, noDnsLink, subdomainGateways);
    }

    public GatewayConfig withMaxHeaderBytes(int n) {
        return new GatewayConfig(fetchTimeout, maxUriLength, n, maxConcurrentRequests, maxDirectoryEntries,
                deserializedResponses, noFetch, noDnsLink, subdomainGateways);
    }

    public GatewayConfig withMaxConcurrentRequests(int n) {
        return new GatewayConfig(fetchTimeout, maxUriLength, maxHeaderBytes, n, maxDirectoryEntries,
                deserializedResponses, noFetch, noDnsLink, subdomainGateways);
    }

    public GatewayConfig withMaxDirectoryEntries(int n) {
        return new GatewayConfig(fetchTimeout, maxUriLength, maxHeaderBytes, maxConcurrentRequests, n,
                deserializedResponses, noFetch, noDnsLink, subdomainGateways);
    }

    public GatewayConfig withDeserializedResponses(boolean b) {
        return new GatewayConfig(fetchTimeout, maxUriLength, maxHeaderBytes, maxConcurrentRequests,
                maxDirectoryEntries, b, noFetch, noDnsLink, subdomainGateways);
    }

    public GatewayConfig withNoFetch(boolean b) {
        return new GatewayConfig(fetchTimeout, maxUriLength, maxHeaderBytes, maxConcurrentRequests,
                maxDirectoryEntries, deserializedResponses, b, noDnsLink, subdomainGateways);
    }

    public GatewayConfig withNoDnsLink(boolean b) {
        return new GatewayConfig(fetchTimeout, maxUriLength, maxHeaderBytes, maxConcurrentRequests,
                maxDirectoryEntries, deserializedResponses, noFetch, b, subdomainGateways);
    }

    public GatewayConfig withSubdomainGateways(java.util.List<String> hosts) {
        return new GatewayConfig(fetchTimeout, maxUriLength, maxHeaderBytes, maxConcurrentRequests,
                maxDirectoryEntries, deserializedResponses, noFetch, noDnsLink, hosts);
    }
}
