package dev.ferry.node;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.routing.dht.Dht;
import dev.ferry.routing.dht.DhtConfig;
import dev.ferry.routing.dht.PublicAddresses;
import dev.ferry.routing.ipns.IpnsRecordValidator;
import java.time.Clock;
import java.util.Map;
import dev.ferry.store.PinStore;
import dev.ferry.store.PinType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's DHT: started from the config ({@code Routing.Type}), joined through {@code Bootstrap}, told of the
 * node's content (roots added and pinned through the daemon at once, every pinned root again every
 * {@code Reprovider.Interval}, and on demand by {@link #reprovideNow()}; private content never), and asked for
 * providers before fetches (by {@link ProviderReach}). Every announcement is counted ({@link #stats()}).
 */
final class NodeDht implements AutoCloseable {
    /** Kubo's default {@code Reprovider.Interval}: provider records hold 48 hours on the DHT, renewed well before. */
    static final Duration REPROVIDE_EVERY = Duration.ofHours(22);
    /** The first reprovide waits this long (at most), after the start's own traffic. */
    static final Duration FIRST_REPROVIDE = Duration.ofMinutes(1);
    static final Duration PROVIDE_TIMEOUT = Duration.ofSeconds(60);
    /** Roots provided side by side by {@link #reprovideNow()}. */
    static final int REPROVIDE_PARALLEL = 8;
    static final int QUEUE = 10_000;
    private static final Logger log = LoggerFactory.getLogger(NodeDht.class);

    private final Dht dht;
    private final Host host;
    private final BlockingQueue<Cid> toProvide = new ArrayBlockingQueue<>(QUEUE);
    private final List<Thread> threads = new ArrayList<>();
    private final PinStore pins;
    private final Predicate<Cid> isPrivate;
    private final Optional<Duration> reprovideEvery;
    private final ProvideCounters counters = new ProvideCounters();

    private NodeDht(Dht dht, Host host, PinStore pins, Predicate<Cid> isPrivate, Optional<Duration> reprovideEvery) {
        this.dht = dht;
        this.host = host;
        this.pins = pins;
        this.isPrivate = isPrivate;
        this.reprovideEvery = reprovideEvery;
    }

    /**
     * Kubo's {@code Reprovider.Interval}: how often every pinned root is announced again (a Go duration, default
     * {@code 22h}); empty when {@code "0"} turns reproviding off.
     *
     * @throws RepoException naming the key for a value that is no positive duration or 0
     */
    static Optional<Duration> reprovideInterval(RepoConfig cfg) {
        var v = cfg.get("Reprovider.Interval").filter(n -> !n.isNull());
        if (v.isEmpty() || v.get().isTextual() && v.get().asText().isEmpty()) {
            return Optional.of(REPROVIDE_EVERY);
        }
        if (!v.get().isTextual()) {
            throw new RepoException("config Reprovider.Interval must be a duration such as \"22h\" (\"0\" turns "
                    + "reproviding off): " + v.get());
        }
        Duration d;
        try {
            d = Durations.parse(v.get().asText());
        } catch (IllegalArgumentException e) {
            throw new RepoException("config Reprovider.Interval: " + e.getMessage());
        }
        if (d.isNegative()) {
            throw new RepoException("config Reprovider.Interval must not be negative: " + v.get().asText());
        }
        return d.isZero() ? Optional.empty() : Optional.of(d);
    }

    /**
     * Starts the DHT the config asks for, or none ({@code Routing.Type} {@code none}, or {@code delegated}: the HTTP
     * routers alone). {@code Routing.Type}: Kubo's {@code auto}, {@code dht} and {@code dhtserver} answer other
     * peers, {@code dhtclient} and {@code autoclient} only ask. {@code Routing.PrivateAddresses} (ferry's; default
     * true in a private network, false otherwise) lets loopback and private addresses into the DHT, for a LAN or a
     * private network; the public DHT has no use for them.
     */
    static Optional<NodeDht> start(RepoConfig cfg, Host host, boolean privateNetwork, PinStore pins,
            Predicate<Cid> isPrivate) {
        HttpRoutingSettings.Values routing = HttpRoutingSettings.of(cfg, privateNetwork);
        if (!routing.dht()) {
            return Optional.empty();
        }
        boolean server = routing.dhtServer();
        List<Multiaddr> bootstrap = bootstrapPeers(cfg);
        Optional<Duration> reprovideEvery = reprovideInterval(cfg);
        boolean privateAddrs = cfg.bool("Routing.PrivateAddresses", privateNetwork);
        Predicate<Multiaddr> shareable = privateAddrs ? a -> true : PublicAddresses::isPublic;
        Dht dht = Dht.start(host, DhtConfig.defaults().withServer(server), shareable,
                Map.of(IpnsRecordValidator.NAMESPACE, new IpnsRecordValidator(Clock.systemUTC())));
        NodeDht n = new NodeDht(dht, host, pins, isPrivate, reprovideEvery);
        n.threads.add(Thread.ofVirtual().name("dht-bootstrap").start(() -> n.bootstrap(bootstrap)));
        n.threads.add(Thread.ofVirtual().name("dht-provide").start(n::provideLoop));
        reprovideEvery.ifPresent(every ->
                n.threads.add(Thread.ofVirtual().name("dht-reprovide").start(() -> n.reprovideLoop(every))));
        return Optional.of(n);
    }

    /** Kubo's {@code Bootstrap}: peers to join the DHT through, each with its /p2p part. */
    static List<Multiaddr> bootstrapPeers(RepoConfig cfg) {
        List<Multiaddr> out = new ArrayList<>();
        for (String s : cfg.strings("Bootstrap")) {
            Multiaddr m;
            try {
                m = Multiaddr.parse(s);
            } catch (IllegalArgumentException e) {
                throw new RepoException("config Bootstrap: invalid multiaddr '" + s + "': " + e.getMessage());
            }
            if (m.valueOf("p2p").isEmpty()) {
                throw new RepoException("config Bootstrap: '" + s + "' lacks its /p2p/ peer ID");
            }
            out.add(m);
        }
        return out;
    }

    Dht dht() {
        return dht;
    }

    /** Queues roots to announce as provided here (dropped when the queue is full: the reprovider gets them later). */
    void provideLater(List<Cid> roots) {
        for (Cid c : roots) {
            if (!toProvide.offer(c)) {
                return;
            }
        }
    }

    private void bootstrap(List<Multiaddr> peers) {
        for (Multiaddr a : peers) {
            try {
                host.connect(a);
            } catch (Exception e) {
                log.info("bootstrap peer {} not reached: {}", a, e.toString());
            }
        }
        try {
            boolean now = !peers.isEmpty(); // at start only through configured peers; later through whoever is known
            while (true) {
                if (now && dht.table().size() > 0) {
                    dht.bootstrap(Duration.ofSeconds(30));
                }
                Thread.sleep(Duration.ofMinutes(10)); // refreshes the table as peers come and go
                now = true;
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void provideLoop() {
        try {
            while (true) {
                Cid c = toProvide.take();
                try {
                    log.debug("provided {} to {} DHT peers", c, provide(c));
                } catch (RuntimeException e) {
                    log.debug("providing {} failed: {}", c, e.toString());
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /**
     * Announces one root to the DHT peers nearest to it now, counting it as provided when one of them took it and
     * as failed otherwise.
     *
     * @return how many peers took the provider record
     */
    int provide(Cid root) {
        long start = System.nanoTime();
        int told;
        try {
            told = dht.provide(root.multihash().bytes(), PROVIDE_TIMEOUT);
        } catch (RuntimeException e) {
            counters.failed();
            throw e;
        }
        if (told > 0) {
            counters.provided(Duration.ofNanos(System.nanoTime() - start));
        } else {
            counters.failed();
        }
        return told;
    }

    /** The provider's figures since the start. */
    ProvideStats stats() {
        return counters.snapshot(toProvide.size(), reprovideEvery);
    }

    /**
     * Kubo's {@code provide clear}: forgets the roots still waiting for their first announcement. The reprovider
     * announces the pinned ones among them on its next run, as Kubo's does.
     *
     * @return how many were removed
     */
    int clearQueue() {
        return toProvide.drainTo(new ArrayList<>());
    }

    /** The configured interval between reprovides; empty when {@code Reprovider.Interval} is 0. */
    Optional<Duration> reprovideEvery() {
        return reprovideEvery;
    }

    /** The roots a reprovide announces: every recursive pin's that is not private. */
    private List<Cid> pinnedRoots() {
        List<Cid> roots = new ArrayList<>();
        pins.list().forEach((cid, type) -> {
            if (type == PinType.RECURSIVE && !isPrivate.test(cid)) {
                roots.add(cid);
            }
        });
        return roots;
    }

    /**
     * Announces every pinned root now (Kubo's {@code routing reprovide}) and returns once each has been offered to
     * the DHT peers nearest to it, a few roots at a time.
     *
     * @return the roots announced and how many of them at least one DHT peer took
     */
    Reprovided reprovideNow() throws InterruptedException {
        Instant started = Instant.now();
        long start = System.nanoTime();
        counters.reprovideStarted();
        List<Cid> roots = List.of();
        try {
            roots = pinnedRoots();
            return new Reprovided(roots.size(), announceAll(roots));
        } finally {
            counters.reprovideFinished(started, roots.size(), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Offers each root to the DHT, a few at a time; returns how many at least one peer took. */
    private int announceAll(List<Cid> roots) throws InterruptedException {
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(REPROVIDE_PARALLEL);
        java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
        try (var workers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (Cid c : roots) {
                slots.acquire();
                workers.submit(() -> {
                    try {
                        if (provide(c) > 0) {
                            taken.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        log.debug("reproviding {} failed: {}", c, e.toString());
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        return taken.get();
    }

    /** What {@link #reprovideNow()} did: roots announced, and of them those at least one DHT peer took. */
    record Reprovided(int roots, int taken) {}

    /** Runs a reprovide every {@code every}, counted as {@link #reprovideNow()} counts one asked for. */
    private void reprovideLoop(Duration every) {
        try {
            Duration first = every.compareTo(FIRST_REPROVIDE) < 0 ? every : FIRST_REPROVIDE;
            counters.nextReprovide(Instant.now().plus(first));
            Thread.sleep(first);
            while (true) {
                try {
                    Reprovided r = reprovideNow();
                    log.debug("reprovided {} pinned roots, {} taken by DHT peers", r.roots(), r.taken());
                } catch (RuntimeException e) {
                    log.warn("reprovide run failed; the next one is due in {}", Durations.format(every), e);
                }
                counters.nextReprovide(Instant.now().plus(every));
                Thread.sleep(every);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
        dht.close();
    }
}
