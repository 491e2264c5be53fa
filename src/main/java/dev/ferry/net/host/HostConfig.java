package dev.ferry.net.host;

import dev.ferry.net.mux.yamux.YamuxConfig;
import dev.ferry.net.pnet.SwarmKey;
import dev.ferry.net.security.noise.NoiseConfig;
import dev.ferry.net.transport.TcpPortReuse;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timeouts of a {@link Host}. Every field is bounded; {@link #defaults()} suits a desktop node.
 *
 * @param upgradeTimeout          TCP accepted/dialled → secured and multiplexed, all steps together
 * @param dialTimeout             TCP connect plus upgrade when dialling
 * @param negotiationTimeout      multistream-select on one muxed stream
 * @param maxConnections          hard cap on established connections; more are refused
 * @param highWatermark           above this many connections the manager trims …
 * @param lowWatermark            … down to this many, closing unprotected least-recently-used peers
 * @param gracePeriod             connections younger than this are never trimmed
 * @param maxConnectionsPerPeer   established connections to one peer (2 allows a simultaneous open)
 * @param maxPendingInbound       accepted TCP connections still upgrading; more are closed at once
 * @param maxStreamsPerConnection open muxed streams per connection (both directions); more are reset
 * @param maxPeers                peer store entries; the least recently updated is dropped beyond it
 * @param maxAddressesPerPeer     addresses kept per peer in the peer store
 * @param noise                   the Noise handshake limits
 * @param yamux                   the Yamux session limits (windows, streams, keep-alive)
 * @param privateNetwork          the swarm key of the private network every connection must belong to, or null for
 *                                the public network
 * @param resources               the limits per scope of the {@link ResourceManager} (system, transient, protocol,
 *                                peer), on top of the caps above
 * @param streamIdleTimeout       the longest a request/response protocol served here (ping, identify push, fetch,
 *                                the DHT) waits on a silent peer before resetting its stream
 * @param transports              the transports listened and dialled on (TCP, WebSockets)
 * @param tcpPortReuse            whether TCP dials leave from a TCP listener's port (go-libp2p's reuseport)
 */
public record HostConfig(
        Duration upgradeTimeout,
        Duration dialTimeout,
        Duration negotiationTimeout,
        int maxConnections,
        int highWatermark,
        int lowWatermark,
        Duration gracePeriod,
        int maxConnectionsPerPeer,
        int maxPendingInbound,
        int maxStreamsPerConnection,
        int maxPeers,
        int maxAddressesPerPeer,
        NoiseConfig noise,
        YamuxConfig yamux,
        SwarmKey privateNetwork,
        ResourceLimitConfig resources,
        Duration streamIdleTimeout,
        EnabledTransports transports,
        TcpPortReuse tcpPortReuse) {

    public HostConfig {
        Objects.requireNonNull(transports, "transports");
        Objects.requireNonNull(tcpPortReuse, "tcpPortReuse");
        positive(streamIdleTimeout, "streamIdleTimeout");
        positive(upgradeTimeout, "upgradeTimeout");
        positive(dialTimeout, "dialTimeout");
        positive(negotiationTimeout, "negotiationTimeout");
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        Objects.requireNonNull(noise, "noise");
        Objects.requireNonNull(yamux, "yamux");
        Objects.requireNonNull(resources, "resources");
        range(maxConnections, 1, 1 << 16, "maxConnections");
        range(highWatermark, 1, maxConnections, "highWatermark");
        range(lowWatermark, 0, highWatermark, "lowWatermark");
        range(maxConnectionsPerPeer, 1, 16, "maxConnectionsPerPeer");
        range(maxPendingInbound, 1, 4096, "maxPendingInbound");
        range(maxStreamsPerConnection, 1, 1 << 16, "maxStreamsPerConnection");
        range(maxPeers, 1, 1 << 20, "maxPeers");
        range(maxAddressesPerPeer, 1, 1024, "maxAddressesPerPeer");
    }

    public static HostConfig defaults() {
        return new HostConfig(Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(10),
                512, 384, 256, Duration.ofSeconds(30), 2, 64, 1024, 10_000, 32, NoiseConfig.defaults(),
                YamuxConfig.defaults(), null, ResourceLimitConfig.defaults(), Duration.ofSeconds(60),
                EnabledTransports.all(), TcpPortReuse.fromEnvironment());
    }

    public HostConfig withUpgradeTimeout(Duration d) {
        return new HostConfig(d, dialTimeout, negotiationTimeout, maxConnections, highWatermark, lowWatermark,
                gracePeriod, maxConnectionsPerPeer, maxPendingInbound, maxStreamsPerConnection, maxPeers,
                maxAddressesPerPeer, noise.withHandshakeTimeout(d), yamux, privateNetwork, resources,
                streamIdleTimeout, transports, tcpPortReuse);
    }

    public HostConfig withConnectionLimits(int max, int high, int low, Duration grace) {
        return new HostConfig(upgradeTimeout, dialTimeout, negotiationTimeout, max, high, low, grace,
                maxConnectionsPerPeer, maxPendingInbound, maxStreamsPerConnection, maxPeers, maxAddressesPerPeer,
                noise, yamux, privateNetwork, resources, streamIdleTimeout, transports, tcpPortReuse);
    }

    public HostConfig withMaxPendingInbound(int n) {
        return new HostConfig(upgradeTimeout, dialTimeout, negotiationTimeout, maxConnections, highWatermark,
                lowWatermark, gracePeriod, maxConnectionsPerPeer, n, maxStreamsPerConnection, maxPeers,
                maxAddressesPerPeer, noise, yamux, privateNetwork, resources, streamIdleTimeout, transports,
                tcpPortReuse);
    }

    public HostConfig withMaxStreamsPerConnection(int n) {
        return new HostConfig(upgradeTimeout, dialTimeout, negotiationTimeout, maxConnections, highWatermark,
                lowWatermark, gracePeriod, maxConnectionsPerPeer, maxPendingInbound, n, maxPeers,
                maxAddressesPerPeer, noise, yamux, privateNetwork, resources, streamIdleTimeout, transports,
                tcpPortReuse);
    }

    public HostConfig withMaxConnectionsPerPeer(int n) {
        return new HostConfig(upgradeTimeout, dialTimeout, negotiationTimeout, maxConnections, highWatermark,
                lowWatermark, gracePeriod, n, maxPendingInbound, maxStreamsPerConnection, maxPeers,
                maxAddressesPerPeer, noise, yamux, privateNetwork, resources, streamIdleTimeout, transports,
                tcpPortReuse);
    }

    /** The same limits inside the private network of {@code key} (null: the public network). */
    public HostConfig withPrivateNetwork(SwarmKey key) {
        return new HostConfig(upgradeTimeout, dialTimeout, negotiationTimeout, maxConnections, highWatermark,
                lowWatermark, gracePeriod, maxConnectionsPerPeer, maxPendingInbound, maxStreamsPerConnection, maxPeers,
                maxAddressesPerPeer, noise, yamux, key, resources, streamIdleTimeout, transports, tcpPortReuse);
    }

    /** The same caps with these limits per resource scope. */
    public HostConfig withResources(ResourceLimitConfig r) {
        return new HostConfig(upgradeTimeout, dialTimeout, negotiationTimeout, maxConnections, highWatermark,
                lowWatermark, gracePeriod, maxConnectionsPerPeer, maxPendingInbound, maxStreamsPerConnection, maxPeers,
                maxAddressesPerPeer, noise, yamux, privateNetwork, r, streamIdleTimeout, transports, tcpPortReuse);
    }

    /** The same limits with this wait for a silent peer on the request/response protocols served. */
    public HostConfig withStreamIdleTimeout(Duration d) {
        return new HostConfig(upgradeTimeout, dialTimeout, negotiationTimeout, maxConnections, highWatermark,
                lowWatermark, gracePeriod, maxConnectionsPerPeer, maxPendingInbound, maxStreamsPerConnection, maxPeers,
                maxAddressesPerPeer, noise, yamux, privateNetwork, resources, d, transports, tcpPortReuse);
    }

    /** The same limits with these transports. */
    public HostConfig withTransports(EnabledTransports t) {
        return new HostConfig(upgradeTimeout, dialTimeout, negotiationTimeout, maxConnections, highWatermark,
                lowWatermark, gracePeriod, maxConnectionsPerPeer, maxPendingInbound, maxStreamsPerConnection, maxPeers,
                maxAddressesPerPeer, noise, yamux, privateNetwork, resources, streamIdleTimeout, t, tcpPortReuse);
    }

    /** The same limits with TCP dials reusing listen ports as {@code r} says. */
    public HostConfig withTcpPortReuse(TcpPortReuse r) {
        return new HostConfig(upgradeTimeout, dialTimeout, negotiationTimeout, maxConnections, highWatermark,
                lowWatermark, gracePeriod, maxConnectionsPerPeer, maxPendingInbound, maxStreamsPerConnection, maxPeers,
                maxAddressesPerPeer, noise, yamux, privateNetwork, resources, streamIdleTimeout, transports, r);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void range(int v, int min, int max, String name) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " " + v + " outside [" + min + ", " + max + "]");
        }
    }
}
