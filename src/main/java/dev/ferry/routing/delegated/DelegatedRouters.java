package dev.ferry.routing.delegated;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.routing.ipns.IpnsName;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP routers of Kubo's {@code Routing.DelegatedRouters}, asked side by side; their answers merged (one record
 * per peer, addresses and protocols joined). A router that fails is logged and left out of the answer: one bad
 * router does not hide the others'. Also the delegated publishers of Kubo's {@code Ipns.DelegatedPublishers}, that
 * IPNS records are put to, all of them side by side, each one's outcome reported. At most {@link #MAX_REQUESTS}
 * requests run at once across all callers, routers and publishers together (more wait, up to the request timeout,
 * then count as that router failing). Thread-safe.
 */
public final class DelegatedRouters implements AutoCloseable {
    public static final int MAX_REQUESTS = 16;
    private static final Logger log = LoggerFactory.getLogger(DelegatedRouters.class);
    private static final DelegatedRouters NONE = new DelegatedRouters(List.of(), List.of(),
            DelegatedRouter.Limits.defaults());

    private final List<DelegatedRouter> routers;
    private final List<DelegatedRouter> publishers;
    private final DelegatedRouter.Limits limits;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Semaphore slots = new Semaphore(MAX_REQUESTS);

    private DelegatedRouters(List<URI> bases, List<URI> publishing, DelegatedRouter.Limits limits) {
        this.limits = limits;
        List<URI> unique = List.copyOf(new LinkedHashSet<>(bases));
        List<URI> uniquePublishers = List.copyOf(new LinkedHashSet<>(publishing));
        boolean none = unique.isEmpty() && uniquePublishers.isEmpty();
        this.executor = none ? null : Executors.newVirtualThreadPerTaskExecutor();
        this.http = none ? null : HttpClient.newBuilder()
                .connectTimeout(limits.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(executor)
                .build();
        this.routers = unique.stream().map(b -> new DelegatedRouter(b, http, limits)).toList();
        this.publishers = uniquePublishers.stream().map(b -> new DelegatedRouter(b, http, limits)).toList();
    }

    /** No router: every answer is empty, nothing is asked. */
    public static DelegatedRouters none() {
        return NONE;
    }

    /** @param bases routers' base URLs, checked with {@link DelegatedRouter#parse}; duplicates asked once */
    public static DelegatedRouters of(List<URI> bases, DelegatedRouter.Limits limits) {
        return of(bases, List.of(), limits);
    }

    /**
     * @param bases      routers to ask, checked with {@link DelegatedRouter#parse}; duplicates asked once
     * @param publishers delegated publishers to put IPNS records to, checked likewise
     */
    public static DelegatedRouters of(List<URI> bases, List<URI> publishers, DelegatedRouter.Limits limits) {
        return bases.isEmpty() && publishers.isEmpty() ? NONE : new DelegatedRouters(bases, publishers, limits);
    }

    /** Whether there is no router to ask (publishers aside). */
    public boolean isEmpty() {
        return routers.isEmpty();
    }

    public List<URI> bases() {
        return routers.stream().map(DelegatedRouter::base).toList();
    }

    /** The delegated publishers IPNS records are put to. */
    public List<URI> publishers() {
        return publishers.stream().map(DelegatedRouter::base).toList();
    }

    /**
     * Puts the record of {@code name} to every delegated publisher side by side, and says what each did, in
     * configuration order. A publisher that refuses, fails or does not answer within the limits is logged (at
     * warning level: a record that did not go out is news to its owner) and reported; none stops the others.
     */
    public List<PublisherAnswer> putIpns(IpnsName name, byte[] record) {
        List<PublisherAnswer> out = new ArrayList<>();
        if (publishers.isEmpty()) {
            return out;
        }
        List<Future<Void>> calls = new ArrayList<>();
        for (DelegatedRouter p : publishers) {
            calls.add(executor.submit(() -> limited(() -> {
                p.putIpns(name, record);
                return null;
            })));
        }
        long deadline = System.nanoTime() + limits.timeout().plus(limits.bodyTimeout()).toNanos();
        for (int i = 0; i < calls.size(); i++) {
            URI base = publishers.get(i).base();
            try {
                calls.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                out.add(PublisherAnswer.accepted(base));
            } catch (InterruptedException e) {
                calls.forEach(c -> c.cancel(true));
                Thread.currentThread().interrupt();
                out.add(new PublisherAnswer(base, "interrupted"));
                break;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                calls.get(i).cancel(true);
                Throwable cause = e.getCause() == null ? e : e.getCause();
                String why = cause instanceof java.util.concurrent.TimeoutException ? "no answer in time"
                        : cause.getMessage() == null ? cause.toString() : cause.getMessage();
                log.warn("delegated publisher {} did not take the record of {}: {}", base, name, why);
                out.add(new PublisherAnswer(base, why));
            }
        }
        return out;
    }

    /** Runs {@code call} within the shared cap on requests in flight. */
    private <T> T limited(java.util.concurrent.Callable<T> call) throws Exception {
        if (!slots.tryAcquire(limits.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
            throw new DelegatedRoutingException(MAX_REQUESTS + " requests to HTTP routers are running");
        }
        try {
            return call.call();
        } finally {
            slots.release();
        }
    }

    /** The providers the routers know for {@code cid}, one record per peer, at most {@code max}. */
    public List<RoutedPeer> providers(Cid cid, int max) {
        return merged(r -> r.providers(cid), "providers of " + cid, max);
    }

    /**
     * The peers the routers know nearest to {@code peer} in the DHT's key space ({@code /dht/closest}), one record
     * per peer, at most {@code max}; a router without the endpoint counts as failing.
     */
    public List<RoutedPeer> closestPeers(PeerId peer, int max) {
        return merged(r -> r.closestPeers(peer), "peers closest to " + peer, max);
    }

    /** As {@link #closestPeers(PeerId, int)}, for the DHT key of {@code cid}. */
    public List<RoutedPeer> closestPeers(Cid cid, int max) {
        return merged(r -> r.closestPeers(cid), "peers closest to " + cid, max);
    }

    /** The routers' records of {@code peer}, merged into one; empty when none knows it. */
    public java.util.Optional<RoutedPeer> peer(PeerId peer) {
        return merged(r -> r.peer(peer), "peer " + peer, 1).stream().findFirst();
    }

    /** Every record a router holds for {@code name}, unverified (the caller keeps those that verify). */
    public List<byte[]> ipns(IpnsName name) {
        List<byte[]> out = new ArrayList<>();
        for (java.util.Optional<byte[]> r : askAll(r -> r.ipns(name), "the record of " + name)) {
            r.ifPresent(out::add);
        }
        return out;
    }

    private List<RoutedPeer> merged(Function<DelegatedRouter, List<RoutedPeer>> ask, String what, int max) {
        Map<PeerId, RoutedPeer> out = new LinkedHashMap<>();
        for (List<RoutedPeer> answer : askAll(ask, what)) {
            for (RoutedPeer p : answer) {
                if (out.containsKey(p.id())) {
                    out.put(p.id(), out.get(p.id()).merge(p));
                } else if (out.size() < max) {
                    out.put(p.id(), p);
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** Each router's answer, in configuration order; failed routers' left out. */
    private <T> List<T> askAll(Function<DelegatedRouter, T> ask, String what) {
        if (routers.isEmpty()) {
            return List.of();
        }
        List<Future<T>> calls = new ArrayList<>();
        for (DelegatedRouter r : routers) {
            calls.add(executor.submit(() -> limited(() -> ask.apply(r))));
        }
        List<T> out = new ArrayList<>();
        long deadline = System.nanoTime() + limits.timeout().plus(limits.bodyTimeout()).toNanos();
        for (int i = 0; i < calls.size(); i++) {
            try {
                out.add(calls.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                calls.forEach(c -> c.cancel(true));
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                calls.get(i).cancel(true);
                Throwable cause = e.getCause() == null ? e : e.getCause();
                log.debug("HTTP router {} gave no {}: {}", routers.get(i).base(), what, cause.toString());
            }
        }
        return out;
    }

    /** Stops the HTTP client; requests in flight fail. */
    @Override
    public void close() {
        if (http != null) {
            http.shutdownNow();
            executor.shutdownNow();
        }
    }
}
