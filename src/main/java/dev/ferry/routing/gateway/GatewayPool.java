package dev.ferry.routing.gateway;

import dev.ferry.multiformats.Cid;
import dev.ferry.routing.gateway.GatewayException.Kind;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A scored pool of trustless gateways, the last-resort content source. Each request goes to the best-scored gateway
 * first and to the next on failure. The score is a smoothed success ratio (invalid answers weigh ten failures, a 404
 * half of one) divided by {@code 1 + latency in seconds}, latency being an EWMA of the time to the response headers.
 * A gateway that sent invalid data is not asked for {@link GatewayPoolConfig#invalidBackoff()} (doubling per repeat,
 * up to 16x); one that failed {@link GatewayPoolConfig#failuresBeforeBackoff()} times in a row rests for
 * {@link GatewayPoolConfig#failureBackoff()}. The clock is injected. Thread-safe; requests run without the lock.
 *
 * <p>Everything handed out or stored is verified: see {@link GatewayClient}.
 */
public final class GatewayPool implements BlockGateways, AutoCloseable {
    private static final int MAX_INVALID_DOUBLINGS = 4;

    private final List<Entry> entries;
    private final GatewayPoolConfig config;
    private final InstantSource clock;
    private final HttpClient http;
    private final ExecutorService executor;
    private final ReentrantLock lock = new ReentrantLock();

    /** Mutable record of one gateway, guarded by the pool's lock. */
    private static final class Entry {
        final GatewayClient client;
        final int rank;
        long successes;
        long failures;
        long notFound;
        long invalid;
        int failuresInRow;
        int invalidInRow;
        double latencyNanos = Double.NaN;
        Instant avoidUntil;

        Entry(GatewayClient client, int rank) {
            this.client = client;
            this.rank = rank;
        }

        double score() {
            double reliability = (successes + 1.0) / (successes + failures + 0.5 * notFound + 10.0 * invalid + 2.0);
            double latencySeconds = Double.isNaN(latencyNanos) ? 1.0 : latencyNanos / 1e9;
            return reliability / (1.0 + latencySeconds);
        }

        boolean avoided(Instant now) {
            return avoidUntil != null && now.isBefore(avoidUntil);
        }
    }

    private GatewayPool(List<URI> gateways, GatewayPoolConfig config, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        List<URI> unique = new ArrayList<>(new LinkedHashSet<>(gateways.stream().map(GatewayClient::normalize).toList()));
        // an empty pool (no gateway configured) holds no client and no threads
        this.executor = unique.isEmpty() ? null : Executors.newVirtualThreadPerTaskExecutor();
        this.http = unique.isEmpty() ? null : HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(executor)
                .build();
        List<Entry> list = new ArrayList<>();
        for (int i = 0; i < unique.size(); i++) {
            list.add(new Entry(new GatewayClient(unique.get(i), http, config), i));
        }
        this.entries = List.copyOf(list);
    }

    /** A pool over {@code gateways} (http(s) base URLs; duplicates dropped) with the system clock. */
    public static GatewayPool of(List<URI> gateways, GatewayPoolConfig config) {
        return of(gateways, config, InstantSource.system());
    }

    /** @throws IllegalArgumentException when a URL is not an http(s) URL with a host */
    public static GatewayPool of(List<URI> gateways, GatewayPoolConfig config, InstantSource clock) {
        return new GatewayPool(gateways, config, clock);
    }

    /** The gateways, normalised, in configuration order. */
    @Override
    public List<URI> gateways() {
        return entries.stream().map(e -> e.client.base()).toList();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public GatewayPoolConfig config() {
        return config;
    }

    /**
     * One block, verified, from the first gateway (best score first) that delivers it. Stores nothing.
     *
     * @throws GatewayException no gateway delivered (kind NOT_FOUND when every gateway asked answered 404,
     *                          NO_GATEWAY when none could be asked, CANCELLED when interrupted)
     */
    @Override
    public Block fetchBlock(Cid cid) {
        List<GatewayException> failed = new ArrayList<>();
        for (Entry e : ranked()) {
            checkCancelled(cid);
            try {
                GatewayClient.Timed<Block> t = e.client.timedBlock(cid);
                succeeded(e, t.latency());
                return t.value();
            } catch (GatewayException ex) {
                failed(e, ex);
                failed.add(ex);
            }
        }
        throw aggregate("no gateway delivered block " + cid, failed);
    }

    /** {@link #fetchDag(Cid, DagScope, Blockstore)} of the whole DAG. */
    public long fetchDag(Cid root, Blockstore into) {
        return fetchDag(root, DagScope.ALL, into);
    }

    /**
     * Makes the DAG under {@code root} in {@code scope} complete in {@code into}: blocks already there are not asked
     * for when the DAG is complete; otherwise gateways are asked for a CAR in score order until a walk over
     * {@code into} finds nothing missing. Every stored block is verified and belongs to the DAG; blocks from a
     * response that later failed are kept (they are verified DAG members).
     *
     * @return the number of distinct blocks of the scoped DAG (identity blocks not counted)
     * @throws GatewayException when no gateway made the DAG complete (kind INCOMPLETE when one got part of it)
     */
    @Override
    public long fetchDag(Cid root, DagScope scope, Blockstore into) {
        DagWalk walk = DagWalk.of(root, scope, into, 1);
        if (walk.complete()) {
            return walk.blocks();
        }
        List<GatewayException> failed = new ArrayList<>();
        for (Entry e : ranked()) {
            checkCancelled(root);
            GatewayClient.Timed<CarResult> t;
            try {
                t = e.client.timedCar(root, scope, into);
            } catch (GatewayException ex) {
                failed(e, ex);
                failed.add(ex);
                walk = DagWalk.of(root, scope, into, 1);
                if (walk.complete()) {
                    return walk.blocks(); // the faulty answer still carried every (verified, in-DAG) block
                }
                continue;
            }
            walk = DagWalk.of(root, scope, into, 8);
            if (walk.complete()) {
                succeeded(e, t.latency());
                return walk.blocks();
            }
            GatewayException ex = new GatewayException(Kind.INCOMPLETE, e.client.base(), e.client.base()
                    + " sent " + t.value().blocks() + " blocks of the DAG under " + root + " (" + scope.param()
                    + "), still missing e.g. " + walk.missing());
            failed(e, ex);
            failed.add(ex);
        }
        throw aggregate("no gateway completed the DAG under " + root + " (" + scope.param() + ")", failed);
    }

    /** Every gateway's record, in the order they would be tried now (avoided ones last). */
    public List<GatewayScore> scores() {
        Instant now = clock.instant();
        lock.lock();
        try {
            return entries.stream().sorted(order(now)).map(e -> new GatewayScore(e.client.base(), e.successes,
                    e.failures, e.notFound, e.invalid,
                    Double.isNaN(e.latencyNanos) ? Optional.empty()
                            : Optional.of(Duration.ofNanos(Math.round(e.latencyNanos))),
                    e.avoided(now) ? Optional.of(e.avoidUntil) : Optional.empty(), e.score())).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the HTTP client; requests in flight fail. */
    @Override
    public void close() {
        if (http != null) {
            http.shutdownNow();
            executor.shutdownNow();
        }
    }

    private Comparator<Entry> order(Instant now) {
        return Comparator.<Entry, Boolean>comparing(e -> e.avoided(now))
                .thenComparing(Comparator.comparingDouble(Entry::score).reversed())
                .thenComparingInt(e -> e.rank);
    }

    /** The gateways to ask now, best first; avoided ones are skipped. */
    private List<Entry> ranked() {
        Instant now = clock.instant();
        lock.lock();
        try {
            if (entries.isEmpty()) {
                throw new GatewayException(Kind.NO_GATEWAY, null, "no gateway configured");
            }
            List<Entry> out = entries.stream().filter(e -> !e.avoided(now)).sorted(order(now)).toList();
            if (out.isEmpty()) {
                Instant next = entries.stream().map(e -> e.avoidUntil).min(Comparator.naturalOrder()).orElseThrow();
                throw new GatewayException(Kind.NO_GATEWAY, null, "every gateway is being avoided (the first until "
                        + next + ")");
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    private void succeeded(Entry e, Duration latency) {
        lock.lock();
        try {
            e.successes++;
            e.failuresInRow = 0;
            e.invalidInRow = 0;
            e.avoidUntil = null;
            sampleLatency(e, latency);
        } finally {
            lock.unlock();
        }
    }

    private void failed(Entry e, GatewayException ex) {
        Instant now = clock.instant();
        lock.lock();
        try {
            switch (ex.kind()) {
                case NOT_FOUND -> e.notFound++;
                case INVALID -> {
                    e.invalid++;
                    e.invalidInRow++;
                    long factor = 1L << Math.min(e.invalidInRow - 1, MAX_INVALID_DOUBLINGS);
                    e.avoidUntil = now.plus(config.invalidBackoff().multipliedBy(factor));
                }
                case UNAVAILABLE, STALLED, TOO_LARGE, UNSUPPORTED, INCOMPLETE -> {
                    e.failures++;
                    e.failuresInRow++;
                    if (e.failuresInRow >= config.failuresBeforeBackoff()) {
                        e.failuresInRow = 0;
                        Instant until = now.plus(config.failureBackoff());
                        if (e.avoidUntil == null || e.avoidUntil.isBefore(until)) {
                            e.avoidUntil = until;
                        }
                    }
                }
                case CANCELLED, NO_GATEWAY -> {
                    // not the gateway's doing
                }
            }
        } finally {
            lock.unlock();
        }
        if (ex.kind() == Kind.CANCELLED) {
            throw ex;
        }
    }

    private void sampleLatency(Entry e, Duration latency) {
        double sample = latency.toNanos();
        e.latencyNanos = Double.isNaN(e.latencyNanos) ? sample
                : config.latencyWeight() * sample + (1 - config.latencyWeight()) * e.latencyNanos;
    }

    private static void checkCancelled(Cid cid) {
        if (Thread.currentThread().isInterrupted()) {
            throw new GatewayException(Kind.CANCELLED, null, "fetch of " + cid + " cancelled");
        }
    }

    private static GatewayException aggregate(String what, List<GatewayException> failed) {
        Kind kind;
        if (failed.stream().allMatch(f -> f.kind() == Kind.NOT_FOUND)) {
            kind = Kind.NOT_FOUND;
        } else if (failed.stream().anyMatch(f -> f.kind() == Kind.INCOMPLETE)) {
            kind = Kind.INCOMPLETE;
        } else {
            kind = Kind.UNAVAILABLE;
        }
        StringBuilder msg = new StringBuilder(what);
        for (GatewayException f : failed) {
            msg.append("; ").append(f.getMessage());
        }
        GatewayException out = new GatewayException(kind, null, msg.toString());
        failed.forEach(out::addSuppressed);
        return out;
    }
}
