package dev.ferry.net.relay;

import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds relays by itself, as go-libp2p's autorelay: while active, it keeps reservations on up to {@code desired} of
 * the connected peers that serve the hop protocol (identify told so), refreshes each when three quarters of its time
 * have passed, and replaces one that goes away (or refuses) with another candidate. A peer that refused is left alone
 * for {@link #BACKOFF}. Connections to the relays in use are protected from trimming. When it becomes inactive it
 * gives its reservations up (their circuit addresses are no longer announced).
 */
public final class AutoRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AutoRelay.class);
    /** go-libp2p's default number of relays to hold a reservation on. */
    public static final int DEFAULT_DESIRED = 2;
    /** How long a relay that refused (or could not be reached) is not asked again. */
    public static final Duration BACKOFF = Duration.ofMinutes(1);
    private static final String PROTECT_TAG = "autorelay";
    private static final Duration TICK = Duration.ofSeconds(5);

    private final Host host;
    private final RelayClient client;
    private final int desired;
    private final InstantSource clock;
    private final Map<PeerId, Instant> inUse = new ConcurrentHashMap<>(); // relay -> when to refresh
    private final Map<PeerId, Instant> refused = new ConcurrentHashMap<>(); // relay -> until when it is left alone
    private final Semaphore wake = new Semaphore(0);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean active;
    private final HostListener events;
    private final Thread loop;

    private AutoRelay(Host host, RelayClient client, int desired, InstantSource clock) {
        this.host = host;
        this.client = client;
        this.desired = desired;
        this.clock = clock;
        this.events = new HostListener() {
            @Override
            public void disconnected(Connection c) {
                wake.release();
            }

            @Override
            public void peerProtocolsChanged(PeerId peer) {
                wake.release();
            }
        };
        host.addListener(events);
        this.loop = Thread.ofVirtual().name("autorelay").start(this::run);
    }

    /** Starts an inactive autorelay on {@code host}, reserving through {@code client}. */
    public static AutoRelay start(Host host, RelayClient client, int desired) {
        return start(host, client, desired, InstantSource.system());
    }

    public static AutoRelay start(Host host, RelayClient client, int desired, InstantSource clock) {
        if (desired < 1 || desired > 16) {
            throw new IllegalArgumentException("desired relays outside [1, 16]: " + desired);
        }
        return new AutoRelay(host, client, desired, clock);
    }

    /** Turns it on (go-libp2p: when AutoNAT finds the node private) or off (its reservations are given up). */
    public void setActive(boolean on) {
        active = on;
        wake.release();
    }

    public boolean isActive() {
        return active;
    }

    /** The relays it holds a reservation on now. */
    public Set<PeerId> relays() {
        return Set.copyOf(inUse.keySet());
    }

    private void run() {
        while (!closed.get() && !host.isClosed()) {
            try {
                if (active) {
                    tick();
                } else {
                    releaseAll();
                }
            } catch (RuntimeException e) {
                log.debug("autorelay round failed", e);
            }
            try {
                wake.tryAcquire(TICK.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round: forget lost reservations, refresh due ones, fill up to {@code desired}. */
    private void tick() {
        Instant now = clock.instant();
        Set<PeerId> held = new LinkedHashSet<>();
        client.reservations().forEach(r -> held.add(r.relay()));
        for (Map.Entry<PeerId, Instant> e : inUse.entrySet()) {
            PeerId relay = e.getKey();
            if (!held.contains(relay)) {
                forget(relay); // the relay went away: the client dropped it
            } else if (!now.isBefore(e.getValue())) {
                if (!reserve(relay)) {
                    forget(relay);
                    client.release(relay);
                }
            }
        }
        refused.values().removeIf(until -> !until.isAfter(now));
        for (PeerId candidate : candidates()) {
            if (inUse.size() >= desired || !active) {
                break;
            }
            reserve(candidate);
        }
    }

    /** Connected peers (directly) that serve the hop protocol, not in use, not refused lately. */
    private List<PeerId> candidates() {
        Set<PeerId> out = new LinkedHashSet<>();
        for (Connection c : host.connectionManager().allConnections()) {
            PeerId p = c.remotePeer();
            if (c.isOpen() && !c.limited() && !inUse.containsKey(p) && !refused.containsKey(p)
                    && host.peerStore().protocols(p).contains(RelayService.HOP_PROTOCOL_ID)) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    private boolean reserve(PeerId relay) {
        try {
            RelayReservation r = client.reserve(relay);
            Instant now = clock.instant();
            Duration left = Duration.between(now, r.expiry());
            inUse.put(relay, now.plus(left.multipliedBy(3).dividedBy(4)));
            host.connectionManager().protect(relay, PROTECT_TAG);
            log.debug("autorelay reserved on {} until {}", relay, r.expiry());
            return true;
        } catch (IOException | RuntimeException e) {
            log.debug("autorelay: {} refused or failed: {}", relay, e.toString());
            refused.put(relay, clock.instant().plus(BACKOFF));
            return false;
        }
    }

    private void forget(PeerId relay) {
        if (inUse.remove(relay) != null) {
            host.connectionManager().unprotect(relay, PROTECT_TAG);
        }
    }

    private void releaseAll() {
        for (PeerId relay : Set.copyOf(inUse.keySet())) {
            forget(relay);
            client.release(relay);
        }
    }

    /** Stops; the reservations it made are given up. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            host.removeListener(events);
            loop.interrupt();
            for (PeerId relay : Set.copyOf(inUse.keySet())) {
                forget(relay);
                client.release(relay);
            }
        }
    }
}
