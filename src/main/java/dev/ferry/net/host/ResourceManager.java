package dev.ferry.net.host;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits per scope across connections (Kubo's {@code Swarm.ResourceMgr}, after go-libp2p's resource manager), so that
 * one peer or one protocol cannot take the whole host's streams:
 *
 * <ul>
 *   <li>a connection is counted in the system scope, in the transient one until its handshake names the peer, then in
 *       the peer's; an allowlisted address is counted but never refused there;
 *   <li>a stream is counted in the system scope and its peer's, in the transient one until its protocol is agreed,
 *       then in the protocol's;
 *   <li>each open stream counts its Yamux receive window as memory, each connection one file descriptor.
 * </ul>
 *
 * A connection or stream is admitted only if every scope it enters is within its limits; the first scope that is
 * not is named in the {@link ResourceLimitException}. Reservations are given back exactly once. Thread-safe: a
 * reservation is a compare-and-set per scope; peer scopes, made on demand and dropped once empty, change under their
 * map bin's lock.
 */
public final class ResourceManager {
    private final ResourceLimitConfig config;
    private final long streamMemory;
    private final ResourceScope system;
    private final ResourceScope transientScope;
    private final ConcurrentHashMap<String, ResourceScope> protocols = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<PeerId, ResourceScope> peers = new ConcurrentHashMap<>();

    public ResourceManager(ResourceLimitConfig config) {
        this(config, ResourceLimitConfig.STREAM_MEMORY);
    }

    ResourceManager(ResourceLimitConfig config, long streamMemory) {
        this.config = Objects.requireNonNull(config, "config");
        if (streamMemory <= 0) {
            throw new IllegalArgumentException("streamMemory must be positive: " + streamMemory);
        }
        this.streamMemory = streamMemory;
        this.system = new ResourceScope("system", config.system(), streamMemory);
        this.transientScope = new ResourceScope("transient", config.transientLimits(), streamMemory);
    }

    public ResourceLimitConfig config() {
        return config;
    }

    /** False when the manager counts and refuses nothing ({@code Swarm.ResourceMgr.Enabled: false}). */
    public boolean isEnabled() {
        return config.enabled();
    }

    /**
     * Reserves a new connection (inbound: just accepted; outbound: about to be dialled) in the system and transient
     * scopes.
     *
     * @param remote the peer's address (null when unknown): whether the allowlist covers it
     */
    ConnectionReservation openConnection(Direction direction, Multiaddr remote) throws ResourceLimitException {
        if (!config.enabled()) {
            return ConnectionReservation.UNCOUNTED;
        }
        boolean exempt = config.allowlist().coversAddress(remote);
        transientScope.reserveConnection(direction, exempt);
        try {
            system.reserveConnection(direction, exempt);
        } catch (ResourceLimitException e) {
            transientScope.releaseConnection(direction);
            throw e;
        }
        return new ConnectionReservation(this, direction, remote);
    }

    /** Reserves a new stream of {@code peer} in its peer scope and in the transient and system scopes. */
    StreamReservation openStream(PeerId peer, Direction direction) throws ResourceLimitException {
        if (!config.enabled()) {
            return StreamReservation.UNCOUNTED;
        }
        reservePeer(peer, s -> s.reserveStream(direction));
        try {
            transientScope.reserveStream(direction);
            try {
                system.reserveStream(direction);
            } catch (ResourceLimitException e) {
                transientScope.releaseStream(direction);
                throw e;
            }
        } catch (ResourceLimitException e) {
            releasePeerStream(peer, direction);
            throw e;
        }
        return new StreamReservation(this, peer, direction);
    }

    /** Limits and usage of the system and transient scopes and of every protocol and peer scope holding anything. */
    public ResourceManagerStat stat() {
        Map<String, ResourceScopeStat> byProtocol = new HashMap<>();
        protocols.forEach((p, s) -> {
            ResourceUsage u = s.usage();
            if (!u.isIdle()) {
                byProtocol.put(p, new ResourceScopeStat(s.limits(), u));
            }
        });
        Map<PeerId, ResourceScopeStat> byPeer = new HashMap<>();
        peers.forEach((p, s) -> {
            ResourceUsage u = s.usage();
            if (!u.isIdle()) {
                byPeer.put(p, new ResourceScopeStat(s.limits(), u));
            }
        });
        return new ResourceManagerStat(new ResourceScopeStat(system.limits(), system.usage()),
                new ResourceScopeStat(transientScope.limits(), transientScope.usage()), byProtocol, byPeer);
    }

    ResourceScope systemScope() {
        return system;
    }

    ResourceScope transientScope() {
        return transientScope;
    }

    /** The scope of a protocol; kept once made (the protocols are this host's handlers and what it asks for). */
    ResourceScope protocolScope(String protocol) {
        ResourceScope s = protocols.get(protocol);
        return s != null ? s : protocols.computeIfAbsent(protocol,
                p -> new ResourceScope("protocol " + p, config.protocolLimits(p), streamMemory));
    }

    void reservePeerConnection(PeerId peer, Direction direction, Multiaddr remote) throws ResourceLimitException {
        boolean exempt = config.allowlist().covers(remote, peer);
        reservePeer(peer, s -> s.reserveConnection(direction, exempt));
    }

    void releasePeerConnection(PeerId peer, Direction direction) {
        peers.computeIfPresent(peer, (p, s) -> {
            s.releaseConnection(direction);
            return s.isIdle() ? null : s;
        });
    }

    /** Gives back a stream's place in its peer's and the system scope (the caller gives back the third). */
    void releaseStream(PeerId peer, Direction direction) {
        releasePeerStream(peer, direction);
        system.releaseStream(direction);
    }

    private void releasePeerStream(PeerId peer, Direction direction) {
        peers.computeIfPresent(peer, (p, s) -> {
            s.releaseStream(direction);
            return s.isIdle() ? null : s;
        });
    }

    private interface Reservation {
        void reserve(ResourceScope scope) throws ResourceLimitException;
    }

    /** Reserves in the peer's scope, made if missing; under the bin lock, so that an emptied scope is never reused. */
    private void reservePeer(PeerId peer, Reservation reservation) throws ResourceLimitException {
        ResourceLimitException[] refused = new ResourceLimitException[1];
        peers.compute(peer, (p, s) -> {
            ResourceScope scope = s != null ? s : new ResourceScope("peer " + p, config.peerLimits(p), streamMemory);
            try {
                reservation.reserve(scope);
            } catch (ResourceLimitException e) {
                refused[0] = e;
            }
            return scope.isIdle() ? null : scope;
        });
        if (refused[0] != null) {
            throw refused[0];
        }
    }
}
