package dev.ferry.node;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import dev.ferry.net.host.Host;
import dev.ferry.routing.delegated.DelegatedRouters;
import dev.ferry.routing.delegated.RoutedPeer;
import dev.ferry.routing.dht.Dht;
import dev.ferry.routing.dht.Provider;
import dev.ferry.routing.gateway.ProviderGateways;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a fetch of a CID that is not local, looks its providers up, in the background, on the DHT and at the HTTP
 * routers ({@code Routing.DelegatedRouters}) side by side, and connects to those it is not connected to: Bitswap
 * then asks them like any other connected peer, while the fetch goes on with the peers it has. Providers that
 * announce an HTTP gateway are handed to HTTP retrieval ({@link ProviderGateways}), whose gateways the fetch asks
 * too. A provider a router gave without addresses is looked up at the routers. The lookup starts only when the CID
 * is still not local after {@link #DELAY} (as Bitswap's provider search in Kubo): content the connected peers have
 * costs the routing nothing. At most {@link #LOOKUPS} lookups at once (more are skipped), one per CID per minute,
 * {@link #PROVIDERS} providers dialled from each source.
 *
 * <p>A fetch only adds its CID to a delay queue ({@link #PENDING} at most) that one thread serves: the fetch pays no
 * thread, timer or CID text of its own, which a stream of small fetches would otherwise pay each time.
 */
final class ProviderReach implements Consumer<Cid>, AutoCloseable {
    static final int LOOKUPS = 4;
    static final Duration DELAY = Duration.ofSeconds(1);
    static final int PROVIDERS = 3;
    /** Providers taken from the HTTP routers' answer (their gateways learnt; the first {@link #PROVIDERS} dialled). */
    static final int ROUTED = 10;
    static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(20);
    /** CIDs waiting for their delay; more are not looked up (a fetch storm does not grow the queue). */
    static final int PENDING = 1000;
    private static final long AGAIN_AFTER_NANOS = Duration.ofMinutes(1).toNanos();
    private static final Logger log = LoggerFactory.getLogger(ProviderReach.class);

    private final Host host;
    private final Dht dht; // null without a DHT
    private final DelegatedRouters routers;
    private final ProviderGateways gateways; // null without HTTP retrieval
    private final Predicate<Cid> local;
    private final Semaphore slots = new Semaphore(LOOKUPS);
    private final Map<Cid, Long> recent = new LinkedHashMap<>(); // guarded by itself
    private final java.util.concurrent.DelayQueue<Pending> pending = new java.util.concurrent.DelayQueue<>();
    private final Thread worker;

    /**
     * @param dht      the DHT, or null when the node runs none
     * @param routers  the HTTP routers (possibly none)
     * @param gateways where providers' gateways go for HTTP retrieval, or null when it is off
     */
    ProviderReach(Host host, Dht dht, DelegatedRouters routers, ProviderGateways gateways, Predicate<Cid> local) {
        this.host = host;
        this.dht = dht;
        this.routers = routers;
        this.gateways = gateways;
        this.local = local;
        this.worker = Thread.ofVirtual().name("provider-reach").start(this::serve);
    }

    /** A CID whose lookup is due at {@code dueNanos} (System.nanoTime) unless it is local by then. */
    private record Pending(Cid cid, long dueNanos) implements java.util.concurrent.Delayed {
        @Override
        public long getDelay(java.util.concurrent.TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), java.util.concurrent.TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed o) {
            return Long.compare(dueNanos, ((Pending) o).dueNanos);
        }
    }

    /** Whether the DHT has peers to ask. */
    private boolean dhtReady() {
        return dht != null && dht.table().size() > 0;
    }

    @Override
    public void accept(Cid cid) {
        if (!dhtReady() && routers.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        synchronized (recent) {
            Long last = recent.get(cid);
            if (last != null && now - last < AGAIN_AFTER_NANOS) {
                return;
            }
            recent.put(cid, now);
            if (recent.size() > 1000) {
                recent.remove(recent.keySet().iterator().next());
            }
        }
        if (pending.size() < PENDING) {
            pending.add(new Pending(cid, now + DELAY.toNanos()));
        }
    }

    private void serve() {
        while (true) {
            Cid cid;
            try {
                cid = pending.take().cid();
            } catch (InterruptedException e) {
                return; // closed
            }
            try {
                if (local.test(cid) || !slots.tryAcquire()) {
                    continue; // the connected peers had it, or enough lookups run
                }
            } catch (RuntimeException e) {
                log.debug("checking {} before a provider lookup failed: {}", cid, e.toString());
                continue;
            }
            Thread.ofVirtual().name("provider-lookup").start(() -> {
                try {
                    Thread routed = routers.isEmpty() ? null
                            : Thread.ofVirtual().name("provider-lookup-http").start(() -> fromRouters(cid));
                    if (dhtReady()) {
                        fromDht(cid);
                    }
                    if (routed != null) {
                        routed.join();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    slots.release();
                }
            });
        }
    }

    private void fromDht(Cid cid) {
        try {
            for (Provider p : dht.findProviders(cid.multihash().bytes(), PROVIDERS, LOOKUP_TIMEOUT)) {
                reach(cid, p.peer(), p.addresses(), true);
            }
        } catch (RuntimeException e) {
            log.debug("DHT lookup of {} failed: {}", cid, e.toString());
        }
    }

    private void fromRouters(Cid cid) {
        try {
            int dialled = 0;
            for (RoutedPeer p : routers.providers(cid, ROUTED)) {
                if (reach(cid, p.id(), p.addrs(), dialled < PROVIDERS)) {
                    dialled++;
                }
            }
        } catch (RuntimeException e) {
            log.debug("HTTP routers' lookup of {} failed: {}", cid, e.toString());
        }
    }

    /**
     * One provider found: its gateway (if any) to HTTP retrieval; its libp2p addresses dialled when {@code dial}
     * and it is not connected; without addresses, its addresses asked of the routers.
     *
     * @return whether it was dialled
     */
    private boolean reach(Cid cid, PeerId peer, List<Multiaddr> addresses, boolean dial) {
        if (peer.equals(host.peerId())) {
            return false;
        }
        List<Multiaddr> addrs = addresses;
        if (addrs.isEmpty() && !routers.isEmpty()) {
            addrs = routers.peer(peer).map(RoutedPeer::addrs).orElse(List.of());
        }
        boolean http = gateways != null && !gateways.learn(cid, addrs).isEmpty();
        List<Multiaddr> libp2p = addrs.stream().filter(a -> !a.has(MultiaddrProtocol.HTTP)
                && !a.has(MultiaddrProtocol.HTTPS)).toList();
        if (http) {
            log.debug("provider {} of {} serves it over HTTP", peer, cid);
        }
        if (!dial || libp2p.isEmpty() || host.isConnected(peer)) {
            return false;
        }
        dial(peer, libp2p);
        return true;
    }

    @Override
    public void close() {
        worker.interrupt();
        pending.clear();
    }

    private void dial(PeerId peer, List<Multiaddr> addresses) {
        for (Multiaddr a : addresses) {
            try {
                host.connect(a.withoutPeerId().encapsulate("/p2p/" + peer));
                log.debug("reached provider {} at {}", peer, a);
                return;
            } catch (Exception e) {
                log.debug("provider {} not reached at {}: {}", peer, a, e.toString());
            }
        }
    }
}
