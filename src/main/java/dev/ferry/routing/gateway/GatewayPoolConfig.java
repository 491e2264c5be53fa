package dev.ferry.routing.gateway;

import dev.ferry.dag.car.CarReader;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and scoring of a {@link GatewayPool}.
 *
 * @param connectTimeout       TCP (and TLS) connect
 * @param idleTimeout          longest wait for the response headers, and for each further byte of the body: a
 *                             stalling gateway is abandoned after this
 * @param requestTimeout       longest whole request, body included (a slow drip cannot hold a fetch forever)
 * @param maxBlockSize         largest block accepted (raw response or CAR section), at most
 *                             {@link CarReader#MAX_BLOCK_SIZE}
 * @param maxCarBytes          largest CAR response read
 * @param maxOrphanBytes       for CARs not in {@code dfs} order: most bytes of blocks held until a parent arrives
 * @param invalidBackoff       how long a gateway that sent invalid data is avoided (doubles per repeat, up to 16x)
 * @param failureBackoff       how long a gateway is avoided after {@code failuresBeforeBackoff} failures in a row
 * @param failuresBeforeBackoff consecutive failures that trigger {@code failureBackoff}
 * @param latencyWeight        weight of the newest sample in the latency EWMA, in (0, 1]
 */
public record GatewayPoolConfig(
        Duration connectTimeout,
        Duration idleTimeout,
        Duration requestTimeout,
        int maxBlockSize,
        long maxCarBytes,
        long maxOrphanBytes,
        Duration invalidBackoff,
        Duration failureBackoff,
        int failuresBeforeBackoff,
        double latencyWeight) {

    public GatewayPoolConfig {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(invalidBackoff, "invalidBackoff");
        requirePositive(failureBackoff, "failureBackoff");
        if (maxBlockSize <= 0 || maxBlockSize > CarReader.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("maxBlockSize must be in 1.." + CarReader.MAX_BLOCK_SIZE);
        }
        if (maxCarBytes <= 0 || maxOrphanBytes < 0) {
            throw new IllegalArgumentException("maxCarBytes must be positive, maxOrphanBytes not negative");
        }
        if (failuresBeforeBackoff <= 0) {
            throw new IllegalArgumentException("failuresBeforeBackoff must be positive");
        }
        if (!(latencyWeight > 0 && latencyWeight <= 1)) {
            throw new IllegalArgumentException("latencyWeight must be in (0, 1]");
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** 5 s connect, 15 s idle, 10 min per request, 2 MiB blocks, 1 GiB CARs, 16 MiB orphans, 10 min / 30 s backoff. */
    public static GatewayPoolConfig defaults() {
        return new GatewayPoolConfig(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofMinutes(10),
                CarReader.MAX_BLOCK_SIZE, 1L << 30, 16L << 20, Duration.ofMinutes(10), Duration.ofSeconds(30), 3,
                0.3);
    }

    public GatewayPoolConfig withConnectTimeout(Duration d) {
        return new GatewayPoolConfig(d, idleTimeout, requestTimeout, maxBlockSize, maxCarBytes, maxOrphanBytes,
                invalidBackoff, failureBackoff, failuresBeforeBackoff, latencyWeight);
    }

    public GatewayPoolConfig withIdleTimeout(Duration d) {
        return new GatewayPoolConfig(connectTimeout, d, requestTimeout, maxBlockSize, maxCarBytes, maxOrphanBytes,
                invalidBackoff, failureBackoff, failuresBeforeBackoff, latencyWeight);
    }

    public GatewayPoolConfig withRequestTimeout(Duration d) {
        return new GatewayPoolConfig(connectTimeout, idleTimeout, d, maxBlockSize, maxCarBytes, maxOrphanBytes,
                invalidBackoff, failureBackoff, failuresBeforeBackoff, latencyWeight);
    }

    public GatewayPoolConfig withMaxBlockSize(int n) {
        return new GatewayPoolConfig(connectTimeout, idleTimeout, requestTimeout, n, maxCarBytes, maxOrphanBytes,
                invalidBackoff, failureBackoff, failuresBeforeBackoff, latencyWeight);
    }

    public GatewayPoolConfig withMaxCarBytes(long n) {
        return new GatewayPoolConfig(connectTimeout, idleTimeout, requestTimeout, maxBlockSize, n, maxOrphanBytes,
                invalidBackoff, failureBackoff, failuresBeforeBackoff, latencyWeight);
    }

    public GatewayPoolConfig withMaxOrphanBytes(long n) {
        return new GatewayPoolConfig(connectTimeout, idleTimeout, requestTimeout, maxBlockSize, maxCarBytes, n,
                invalidBackoff, failureBackoff, failuresBeforeBackoff, latencyWeight);
    }

    public GatewayPoolConfig withInvalidBackoff(Duration d) {
        return new GatewayPoolConfig(connectTimeout, idleTimeout, requestTimeout, maxBlockSize, maxCarBytes,
                maxOrphanBytes, d, failureBackoff, failuresBeforeBackoff, latencyWeight);
    }

    public GatewayPoolConfig withFailureBackoff(Duration d, int afterFailures) {
        return new GatewayPoolConfig(connectTimeout, idleTimeout, requestTimeout, maxBlockSize, maxCarBytes,
                maxOrphanBytes, invalidBackoff, d, afterFailures, latencyWeight);
    }
}
