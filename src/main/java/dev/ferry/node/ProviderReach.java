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
 */
final class ProviderReach implements Consumer<Cid> {
    static final int LOOKUPS = 4;
    static final Duration DELAY = Duration.ofSeconds(1);
    static final int PROVIDERS = 3;
    static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(20);
    private static final long AGAIN_AFTER_NANOS = Duration.ofMinutes(1).toNanos();
    private static final Logger log = LoggerFactory.getLogger(ProviderReach.class);

    private final Host host;
    private final Dht dht;
    private final java.util.function.Predicate<Cid> local;
    private final Semaphore slots = new Semaphore(LOOKUPS);
    private final Map<Cid, Long> recent = new LinkedHashMap<>(); // guarded by itself

    ProviderReach(Host host, Dht dht, java.util.function.Predicate<Cid> local) {
        this.host = host;
        this.dht = dht;
        this.local = local;
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
        Thread.ofVirtual().name("dht-reach " + cid).start(() -> {
            try {
                Thread.sleep(DELAY);
            } catch (InterruptedException e) {
                return;
            }
            if (local.test(cid) || !slots.tryAcquire()) {
                return; // the connected peers had it, or enough lookups run
            }
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
