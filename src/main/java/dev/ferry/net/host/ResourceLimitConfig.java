package dev.ferry.net.host;

import dev.ferry.identity.PeerId;
import dev.ferry.net.mux.yamux.YamuxConfig;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The limits of the {@link ResourceManager}'s scopes (Kubo's {@code Swarm.ResourceMgr}): the system scope (the whole
 * host), the transient scope (connections before their peer is known, streams before their protocol is agreed), one
 * scope per protocol and one per peer. Specific protocols and peers may have limits of their own; the others get the
 * defaults.
 *
 * @param enabled         false: nothing is counted nor refused here (only the {@link HostConfig} caps apply)
 * @param system          the whole host
 * @param transientLimits connections being upgraded or dialled, and streams being negotiated
 * @param protocolDefault each protocol without limits of its own
 * @param peerDefault     each peer without limits of its own
 * @param protocols       protocols with limits of their own
 * @param peers           peers with limits of their own
 * @param allowlist       addresses the system, transient and peer connection limits never refuse
 */
public record ResourceLimitConfig(boolean enabled, ResourceLimits system, ResourceLimits transientLimits,
        ResourceLimits protocolDefault, ResourceLimits peerDefault, Map<String, ResourceLimits> protocols,
        Map<PeerId, ResourceLimits> peers, ResourceAllowlist allowlist) {

    /** The memory a stream is counted for: its receive window, as Yamux first grants it. */
    public static final long STREAM_MEMORY = YamuxConfig.INITIAL_WINDOW;

    private static final long U = ResourceLimits.UNLIMITED;
    private static final long MIB = 1 << 20;
    private static final long GIB = 1 << 30;

    public ResourceLimitConfig {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(transientLimits, "transientLimits");
        Objects.requireNonNull(protocolDefault, "protocolDefault");
        Objects.requireNonNull(peerDefault, "peerDefault");
        Objects.requireNonNull(allowlist, "allowlist");
        protocols = Map.copyOf(protocols);
        peers = Map.copyOf(peers);
    }

    /** The defaults of a host with {@link HostConfig#defaults()}' connection caps, on this machine. */
    public static ResourceLimitConfig defaults() {
        return Defaults.VALUE;
    }

    /** Computed once: the machine does not change under a running JVM. */
    private static final class Defaults {
        static final ResourceLimitConfig VALUE = scaled(defaultMaxMemory(), defaultMaxFileDescriptors(), 512, 64);
    }

    /** Nothing counted, nothing refused. */
    public static ResourceLimitConfig disabled() {
        ResourceLimits none = ResourceLimits.unlimited();
        return new ResourceLimitConfig(false, none, none, none, none, Map.of(), Map.of(), ResourceAllowlist.EMPTY);
    }

    /**
     * Limits in the spirit of go-libp2p's scaling defaults as Kubo applies them: only what peers open is limited
     * (inbound connections and streams, and memory and file descriptors for the whole host), growing with
     * {@code maxMemory} as go-libp2p's do per GiB, but never below what a busy ferry node uses: the host's own
     * connection caps, and thousands of streams.
     *
     * <ul>
     *   <li>system: {@code Memory} = maxMemory, {@code FD} = maxFileDescriptors, {@code ConnsInbound} = 64 + 64/GiB
     *       (at least {@code maxConnections}), {@code StreamsInbound} = 1024 + 1024/GiB (at least 4096);
     *   <li>transient: {@code ConnsInbound} = 32 + 16/GiB (at least {@code maxPendingInbound}),
     *       {@code StreamsInbound} = 128 + 128/GiB (at least 512);
     *   <li>each protocol: {@code StreamsInbound} = half the system's, so that no one protocol takes every stream;
     *   <li>each peer: {@code ConnsInbound} = 8, {@code StreamsInbound} = 256 + 128/GiB.
     * </ul>
     * Every other limit is unlimited. Below 128 MiB the base values apply, as go-libp2p's.
     */
    public static ResourceLimitConfig scaled(long maxMemory, long maxFileDescriptors, int maxConnections,
            int maxPendingInbound) {
        if (maxMemory < 0 || maxFileDescriptors < 0) {
            throw new IllegalArgumentException("maxMemory and maxFileDescriptors must not be negative");
        }
        long mib = maxMemory > 128 * MIB ? maxMemory / MIB : 0;
        long systemStreams = Math.max(grow(1024, 1024, mib), 4096);
        ResourceLimits system = new ResourceLimits(maxMemory, maxFileDescriptors, U,
                Math.max(grow(64, 64, mib), maxConnections), U, U, systemStreams, U);
        ResourceLimits transientLimits = new ResourceLimits(U, U, U, Math.max(grow(32, 16, mib), maxPendingInbound),
                U, U, Math.max(grow(128, 128, mib), 512), U);
        ResourceLimits protocol = new ResourceLimits(U, U, U, U, U, U, systemStreams / 2, U);
        ResourceLimits peer = new ResourceLimits(U, U, U, 8, U, U, grow(256, 128, mib), U);
        return new ResourceLimitConfig(true, system, transientLimits, protocol, peer, Map.of(), Map.of(),
                ResourceAllowlist.EMPTY);
    }

    /** {@code base} plus {@code perGib} for every GiB of {@code mib}. */
    private static long grow(long base, long perGib, long mib) {
        return base + perGib * mib / 1024;
    }

    /**
     * Kubo's default {@code Swarm.ResourceMgr.MaxMemory} is half the machine's memory; a JVM can buffer no more than
     * its heap, so at most that; and at least 1 GiB, since the estimate counts every stream's window as full, which
     * readers that keep up make rare.
     */
    public static long defaultMaxMemory() {
        long machine = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine = os.getTotalMemorySize();
        }
        long half = machine > 0 ? machine / 2 : Long.MAX_VALUE;
        return Math.max(Math.min(half, Runtime.getRuntime().maxMemory()), GIB);
    }

    /** Kubo's default {@code Swarm.ResourceMgr.MaxFileDescriptors}: half the process's limit (4096 when unknown). */
    public static long defaultMaxFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os
                && os.getMaxFileDescriptorCount() > 0) {
            return Math.max(os.getMaxFileDescriptorCount() / 2, 1024);
        }
        return 4096;
    }

    /** The limits of {@code protocol}'s scope. */
    public ResourceLimits protocolLimits(String protocol) {
        return protocols.getOrDefault(protocol, protocolDefault);
    }

    /** The limits of {@code peer}'s scope. */
    public ResourceLimits peerLimits(PeerId peer) {
        return peers.getOrDefault(peer, peerDefault);
    }

    public ResourceLimitConfig withEnabled(boolean on) {
        return new ResourceLimitConfig(on, system, transientLimits, protocolDefault, peerDefault, protocols, peers,
                allowlist);
    }

    public ResourceLimitConfig withSystem(ResourceLimits l) {
        return new ResourceLimitConfig(enabled, l, transientLimits, protocolDefault, peerDefault, protocols, peers,
                allowlist);
    }

    public ResourceLimitConfig withTransient(ResourceLimits l) {
        return new ResourceLimitConfig(enabled, system, l, protocolDefault, peerDefault, protocols, peers, allowlist);
    }

    public ResourceLimitConfig withProtocolDefault(ResourceLimits l) {
        return new ResourceLimitConfig(enabled, system, transientLimits, l, peerDefault, protocols, peers, allowlist);
    }

    public ResourceLimitConfig withPeerDefault(ResourceLimits l) {
        return new ResourceLimitConfig(enabled, system, transientLimits, protocolDefault, l, protocols, peers,
                allowlist);
    }

    public ResourceLimitConfig withProtocol(String protocol, ResourceLimits l) {
        Map<String, ResourceLimits> m = new HashMap<>(protocols);
        m.put(protocol, l);
        return new ResourceLimitConfig(enabled, system, transientLimits, protocolDefault, peerDefault, m, peers,
                allowlist);
    }

    public ResourceLimitConfig withPeer(PeerId peer, ResourceLimits l) {
        Map<PeerId, ResourceLimits> m = new HashMap<>(peers);
        m.put(peer, l);
        return new ResourceLimitConfig(enabled, system, transientLimits, protocolDefault, peerDefault, protocols, m,
                allowlist);
    }

    public ResourceLimitConfig withAllowlist(ResourceAllowlist a) {
        return new ResourceLimitConfig(enabled, system, transientLimits, protocolDefault, peerDefault, protocols,
                peers, a);
    }
}
