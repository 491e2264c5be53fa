package dev.ferry.net.host;

import dev.ferry.identity.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admission and trimming of connections. Thread-safe; one lock guards the tables (held briefly, never across I/O).
 *
 * <ul>
 *   <li>pending inbound: a permit per accepted TCP connection until its upgrade ends ({@link #tryBeginInbound()});
 *   <li>admission: at most {@code maxConnections} in total and {@code maxConnectionsPerPeer} per peer, relayed
 *       (limited) and direct ones counted apart: while a relayed connection is upgraded (DCUtR), both sides dial at
 *       once, and each side's two direct connections must find room beside it;
 *   <li>trimming: above the high watermark, unprotected peers whose connections are past the grace period are
 *       closed, least recently used first, until the low watermark is reached.
 * </ul>
 */
public final class ConnectionManager {
    private final HostConfig config;
    private final InstantSource clock;
    private final Semaphore pendingInbound;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<PeerId, List<Connection>> byPeer = new HashMap<>();
    private final Map<PeerId, Instant> lastUsed = new HashMap<>();
    private final Map<PeerId, Set<String>> protections = new HashMap<>();
    private int total;

    ConnectionManager(HostConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        this.pendingInbound = new Semaphore(config.maxPendingInbound());
    }

    /** Takes a pending-inbound permit; false when {@link HostConfig#maxPendingInbound()} upgrades are running. */
    boolean tryBeginInbound() {
        return pendingInbound.tryAcquire();
    }

    void endInbound() {
        pendingInbound.release();
    }

    /** Upgrades in progress on accepted connections. */
    public int pendingInbound() {
        return config.maxPendingInbound() - pendingInbound.availablePermits();
    }

    /** True when another connection would exceed the total limit (a dial should not even start). */
    boolean atTotalLimit() {
        lock.lock();
        try {
            return total >= config.maxConnections();
        } finally {
            lock.unlock();
        }
    }

    /** Admits an established connection, or explains why not. */
    void admit(Connection c) throws ConnectionLimitException {
        lock.lock();
        try {
            if (total >= config.maxConnections()) {
                throw new ConnectionLimitException("connection limit " + config.maxConnections() + " reached");
            }
            List<Connection> list = byPeer.computeIfAbsent(c.remotePeer(), k -> new ArrayList<>());
            long alike = list.stream().filter(x -> x.limited() == c.limited()).count();
            if (alike >= config.maxConnectionsPerPeer()) {
                if (list.isEmpty()) {
                    byPeer.remove(c.remotePeer());
                }
                throw new ConnectionLimitException("already " + alike + (c.limited() ? " relayed" : "")
                        + " connections to " + c.remotePeer());
            }
            list.add(c);
            total++;
            lastUsed.put(c.remotePeer(), clock.instant());
        } finally {
            lock.unlock();
        }
    }

    void remove(Connection c) {
        lock.lock();
        try {
            List<Connection> list = byPeer.get(c.remotePeer());
            if (list != null && list.remove(c)) {
                total--;
                if (list.isEmpty()) {
                    byPeer.remove(c.remotePeer());
                    lastUsed.remove(c.remotePeer());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Marks the peer as recently used (a stream was opened or accepted). */
    void touch(PeerId peer) {
        lock.lock();
        try {
            if (byPeer.containsKey(peer)) {
                lastUsed.put(peer, clock.instant());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Keeps the peer's connections out of trimming while any tag is set. */
    public void protect(PeerId peer, String tag) {
        lock.lock();
        try {
            protections.computeIfAbsent(peer, k -> new HashSet<>()).add(tag);
        } finally {
            lock.unlock();
        }
    }

    /** Removes a tag; returns whether the peer is still protected by another. */
    public boolean unprotect(PeerId peer, String tag) {
        lock.lock();
        try {
            Set<String> tags = protections.get(peer);
            if (tags == null) {
                return false;
            }
            tags.remove(tag);
            if (tags.isEmpty()) {
                protections.remove(peer);
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public boolean isProtected(PeerId peer) {
        lock.lock();
        try {
            return protections.containsKey(peer);
        } finally {
            lock.unlock();
        }
    }

    /** Established connections now. */
    public int connectionCount() {
        lock.lock();
        try {
            return total;
        } finally {
            lock.unlock();
        }
    }

    /** Open connections to {@code peer}, newest last. */
    public List<Connection> connections(PeerId peer) {
        lock.lock();
        try {
            return List.copyOf(byPeer.getOrDefault(peer, List.of()));
        } finally {
            lock.unlock();
        }
    }

    public List<Connection> allConnections() {
        lock.lock();
        try {
            List<Connection> all = new ArrayList<>(total);
            byPeer.values().forEach(all::addAll);
            return all;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Chooses the connections to close so that the count drops to the low watermark: nothing when at or below the
     * high watermark. The caller closes them (outside the lock).
     */
    List<Connection> selectForTrim() {
        lock.lock();
        try {
            if (total <= config.highWatermark()) {
                return List.of();
            }
            Instant now = clock.instant();
            Duration grace = config.gracePeriod();
            List<PeerId> candidates = new ArrayList<>();
            for (Map.Entry<PeerId, List<Connection>> e : byPeer.entrySet()) {
                if (protections.containsKey(e.getKey())) {
                    continue;
                }
                boolean young = e.getValue().stream().anyMatch(c -> c.openedAt().plus(grace).isAfter(now));
                if (!young) {
                    candidates.add(e.getKey());
                }
            }
            candidates.sort(Comparator.comparing(p -> lastUsed.getOrDefault(p, Instant.MIN)));
            List<Connection> victims = new ArrayList<>();
            int remaining = total;
            for (PeerId p : candidates) {
                if (remaining <= config.lowWatermark()) {
                    break;
                }
                List<Connection> conns = byPeer.get(p);
                victims.addAll(conns);
                remaining -= conns.size();
            }
            return victims;
        } finally {
            lock.unlock();
        }
    }
}
