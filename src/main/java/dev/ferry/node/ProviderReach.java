package dev.ferry.node;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.routing.dht.Dht;
import dev.ferry.routing.dht.Provider;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a fetch of a CID that is not local, looks its providers up on the DHT, in the background, and connects to
 * those it is not connected to: Bitswap then asks them like any other connected peer, while the fetch goes on with
 * the peers it has. The lookup starts only when the CID is still not local after {@link #DELAY} (as Bitswap's
 * provider search in Kubo): content the connected peers have costs the DHT nothing. At most {@link #LOOKUPS} lookups
 * at once (more are skipped), one per CID per minute, three providers each.
 *
 * <p>A fetch only adds its CID to a delay queue ({@link #PENDING} at most) that one thread serves: the fetch pays no
 * thread, timer or CID text of its own, which a stream of small fetches would otherwise pay each time.
 */
final class ProviderReach implements Consumer<Cid>, AutoCloseable {
    static final int LOOKUPS = 4;
    static final Duration DELAY = Duration.ofSeconds(1);
    static final int PROVIDERS = 3;
    static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(20);
    /** CIDs waiting for their delay; more are not looked up (a fetch storm does not grow the queue). */
    static final int PENDING = 1000;
    private static final long AGAIN_AFTER_NANOS = Duration.ofMinutes(1).toNanos();
    private static final Logger log = LoggerFactory.getLogger(ProviderReach.class);

    private final Host host;
    private final Dht dht;
    private final java.util.function.Predicate<Cid> local;
    private final Semaphore slots = new Semaphore(LOOKUPS);
    private final Map<Cid, Long> recent = new LinkedHashMap<>(); // guarded by itself
    private final java.util.concurrent.DelayQueue<Pending> pending = new java.util.concurrent.DelayQueue<>();
    private final Thread worker;

    ProviderReach(Host host, Dht dht, java.util.function.Predicate<Cid> local) {
        this.host = host;
        this.dht = dht;
        this.local = local;
        this.worker = Thread.ofVirtual().name("dht-reach").start(this::serve);
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

    @Override
    public void accept(Cid cid) {
        if (dht.table().size() == 0) {
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
                log.debug("checking {} before a DHT lookup failed: {}", cid, e.toString());
                continue;
            }
            Thread.ofVirtual().name("dht-lookup").start(() -> {
                try {
                    for (Provider p : dht.findProviders(cid.multihash().bytes(), PROVIDERS, LOOKUP_TIMEOUT)) {
                        if (!p.peer().equals(host.peerId()) && !host.isConnected(p.peer())) {
                            dial(p.peer(), p.addresses());
                        }
                    }
                } catch (RuntimeException e) {
                    log.debug("DHT lookup of {} failed: {}", cid, e.toString());
                } finally {
                    slots.release();
                }
            });
        }
    }

    @Override
    public void close() {
        worker.interrupt();
        pending.clear();
    }

    private void dial(PeerId peer, List<Multiaddr> addresses) {
        for (Multiaddr a : addresses) {
            try {
                host.connect(a.encapsulate("/p2p/" + peer));
                log.debug("reached provider {} at {}", peer, a);
                return;
            } catch (Exception e) {
                log.debug("provider {} not reached at {}: {}", peer, a, e.toString());
            }
        }
    }
}
