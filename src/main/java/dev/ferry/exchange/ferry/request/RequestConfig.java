package dev.ferry.exchange.ferry.request;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link FerryRequestService}, with bounded defaults.
 *
 * @param maxTtl           requests with a larger ttl are refused (BAD_REQUEST); default 3
 * @param proxyTrust       trust level a requester needs for a proxy fetch (IPFS or gateway on its behalf); default 5
 * @param maxPerPeer       requests served at once for one peer; more get BUSY; default 4
 * @param maxConcurrent    requests served at once in total; more get BUSY; default 64
 * @param requestBurst     requests a peer may start at once before the rate limit applies; default 256
 * @param requestInterval  one more request allowed per interval after the burst (per peer); default 2 ms, so 500 a
 *                         second: a request is one DAG, and a reader of many small files (a web page through the
 *                         gateway, a loop of {@code cat}) asks one per file; the concurrency caps bound the work
 * @param idleTimeout      server side: the longest wait for the request frame or for the requester to take the next
 *                         block, and the per-block timeout of a proxy fetch; default 30 s
 * @param maxAnswerBlocks  blocks sent in one answer (and accepted by our client); default 1 Mi
 * @param maxAnswerBytes   block bytes sent in one answer (and accepted by our client); default 16 GiB
 */
public record RequestConfig(int maxTtl, int proxyTrust, int maxPerPeer, int maxConcurrent, int requestBurst,
        Duration requestInterval, Duration idleTimeout, long maxAnswerBlocks, long maxAnswerBytes) {
    public RequestConfig {
        Objects.requireNonNull(requestInterval, "requestInterval");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxTtl < 0 || maxPerPeer < 1 || maxConcurrent < 1 || requestBurst < 1) {
            throw new IllegalArgumentException("maxTtl >= 0, maxPerPeer, maxConcurrent and requestBurst >= 1");
        }
        if (requestInterval.isNegative() || !idleTimeout.isPositive()) {
            throw new IllegalArgumentException("requestInterval >= 0 and idleTimeout > 0");
        }
        if (maxAnswerBlocks < 1 || maxAnswerBytes < 1) {
            throw new IllegalArgumentException("answer caps must be >= 1");
        }
    }

    public static RequestConfig defaults() {
        return new RequestConfig(3, 5, 4, 64, 256, Duration.ofMillis(2), Duration.ofSeconds(30), 1L << 20,
                16L << 30);
    }

    public RequestConfig withMaxTtl(int v) {
        return new RequestConfig(v, proxyTrust, maxPerPeer, maxConcurrent, requestBurst, requestInterval,
                idleTimeout, maxAnswerBlocks, maxAnswerBytes);
    }

    public RequestConfig withProxyTrust(int v) {
        return new RequestConfig(maxTtl, v, maxPerPeer, maxConcurrent, requestBurst, requestInterval, idleTimeout,
                maxAnswerBlocks, maxAnswerBytes);
    }

    public RequestConfig withMaxPerPeer(int v) {
        return new RequestConfig(maxTtl, proxyTrust, v, maxConcurrent, requestBurst, requestInterval, idleTimeout,
                maxAnswerBlocks, maxAnswerBytes);
    }

    public RequestConfig withMaxConcurrent(int v) {
        return new RequestConfig(maxTtl, proxyTrust, maxPerPeer, v, requestBurst, requestInterval, idleTimeout,
                maxAnswerBlocks, maxAnswerBytes);
    }

    public RequestConfig withRequestRate(int burst, Duration interval) {
        return new RequestConfig(maxTtl, proxyTrust, maxPerPeer, maxConcurrent, burst, interval, idleTimeout,
                maxAnswerBlocks, maxAnswerBytes);
    }

    public RequestConfig withIdleTimeout(Duration v) {
        return new RequestConfig(maxTtl, proxyTrust, maxPerPeer, maxConcurrent, requestBurst, requestInterval, v,
                maxAnswerBlocks, maxAnswerBytes);
    }

    public RequestConfig withAnswerCaps(long blocks, long bytes) {
        return new RequestConfig(maxTtl, proxyTrust, maxPerPeer, maxConcurrent, requestBurst, requestInterval,
                idleTimeout, blocks, bytes);
    }
}
