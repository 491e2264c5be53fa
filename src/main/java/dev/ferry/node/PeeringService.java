package dev.ferry.node;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the peers of {@code Peering.Peers} connected, as Kubo's peering service does: each is protected from the
 * connection manager's trimming, dialled at start, and redialled after a disconnect with exponential backoff
 * (1 s doubling to 60 s). One virtual thread per peer; {@link #close()} stops them all. The set changes at run time
 * ({@code swarm peering add|rm}) without touching the config, as Kubo's.
 */
public final class PeeringService implements HostListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeeringService.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final String TAG = "peering";

    /** One configured peer: its id and the addresses to dial it at. */
    public record Peer(PeerId id, List<Multiaddr> addresses) {}

    private final Host host;
    private final Map<PeerId, Keeper> keepers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public PeeringService(Host host) {
        this.host = host;
        host.addListener(this);
    }

    /** Keeps {@code peer} connected; a peer already kept gets the given addresses instead of its former ones. */
    public void add(Peer peer) {
        host.peerStore().addAddresses(peer.id(), peer.addresses());
        host.connectionManager().protect(peer.id(), TAG);
        Keeper k = new Keeper(peer);
        Keeper before = keepers.putIfAbsent(peer.id(), k);
        if (before == null) {
            Thread.ofVirtual().name("peering " + peer.id()).start(k::run);
        } else {
            before.addresses = List.copyOf(peer.addresses());
        }
    }

    /**
     * Stops keeping {@code id} connected (its connections stay open, but the connection manager may now trim them);
     * false when it was not kept.
     */
    public boolean remove(PeerId id) {
        Keeper k = keepers.remove(id);
        if (k == null) {
            return false;
        }
        host.connectionManager().unprotect(id, TAG);
        k.stop();
        return true;
    }

    /** The kept peers, in peer ID order, each with the addresses it was added with. */
    public List<Peer> peers() {
        return keepers.values().stream().map(k -> new Peer(k.peer, k.addresses))
                .sorted(java.util.Comparator.comparing(p -> p.id().toString())).toList();
    }

    @Override
    public void disconnected(Connection connection) {
        Keeper k = keepers.get(connection.remotePeer());
        if (k != null) {
            k.wake();
        }
    }

    @Override
    public void close() {
        closed = true;
        host.removeListener(this);
        keepers.values().forEach(Keeper::wake);
    }

    private final class Keeper {
        private final PeerId peer;
        private volatile List<Multiaddr> addresses;
        private volatile boolean stopped;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private boolean woken;

        Keeper(Peer peer) {
            this.peer = peer.id();
            this.addresses = List.copyOf(peer.addresses());
        }

        void stop() {
            stopped = true;
            wake();
        }

        void wake() {
            lock.lock();
            try {
                woken = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void run() {
            Duration backoff = FIRST_BACKOFF;
            while (!closed && !stopped) {
                if (!host.isConnected(peer)) {
                    try {
                        host.connect(peer);
                        backoff = FIRST_BACKOFF;
                        LOG.info("peering: connected to {}", peer);
                    } catch (Exception e) {
                        LOG.debug("peering: cannot reach {} ({}), retrying in {}", peer, e.getMessage(), backoff);
                        sleep(backoff);
                        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                        continue;
                    }
                }
                // connected: wait for a disconnect (or re-check now and then)
                sleep(MAX_BACKOFF);
            }
        }

        private void sleep(Duration d) {
            lock.lock();
            try {
                long nanos = d.toNanos();
                while (!woken && !closed && !stopped && nanos > 0) {
                    nanos = changed.awaitNanos(nanos);
                }
                woken = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            } finally {
                lock.unlock();
            }
        }
    }
}
