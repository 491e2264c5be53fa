package dev.ferry.routing.dht;

import java.time.Duration;
import java.util.Objects;

/**
 * DHT settings.
 *
 * @param protocol       {@code /ipfs/kad/1.0.0} (the public IPFS DHT) or {@code /ipfs/lan/kad/1.0.0}
 * @param k              bucket size and replication: how many closest peers a lookup ends with, and keep a record
 * @param alpha          requests in flight in one lookup
 * @param requestTimeout one request's time (dial, write, answer)
 * @param server         answer other peers' requests (a DHT server) or only ask (a client)
 */
public record DhtConfig(String protocol, int k, int alpha, Duration requestTimeout, boolean server) {
    public static final String PUBLIC = "/ipfs/kad/1.0.0";
    public static final String LAN = "/ipfs/lan/kad/1.0.0";

    public DhtConfig {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (k < 1 || k > 64 || alpha < 1 || alpha > 32 || !requestTimeout.isPositive()) {
            throw new IllegalArgumentException("need 1 <= k <= 64, 1 <= alpha <= 32 and a positive timeout");
        }
    }

    /** The IPFS DHT's values: k = 20, 10 requests in flight (as go-libp2p-kad-dht), 10 s per request, a server. */
    public static DhtConfig defaults() {
        return new DhtConfig(PUBLIC, 20, 10, Duration.ofSeconds(10), true);
    }

    public DhtConfig withProtocol(String p) {
        return new DhtConfig(p, k, alpha, requestTimeout, server);
    }

    public DhtConfig withServer(boolean s) {
        return new DhtConfig(protocol, k, alpha, requestTimeout, s);
    }
}
