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
 * router does not hide the others'. At most {@link #MAX_REQUESTS} requests run at once across all callers (more
 * wait, up to the request timeout, then count as that router failing). Thread-safe.
 */
public final class DelegatedRouters implements AutoCloseable {
    public static final int MAX_REQUESTS = 16;
    private static final Logger log = LoggerFactory.getLogger(DelegatedRouters.class);
    private static final DelegatedRouters NONE = new DelegatedRouters(List.of(), DelegatedRouter.Limits.defaults());

    private final List<DelegatedRouter> routers;
    private final DelegatedRouter.Limits limits;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Semaphore slots = new Semaphore(MAX_REQUESTS);

    private DelegatedRouters(List<URI> bases, DelegatedRouter.Limits limits) {
        this.limits = limits;
        List<URI> unique = List.copyOf(new LinkedHashSet<>(bases));
        this.executor = unique.isEmpty() ? null : Executors.newVirtualThreadPerTaskExecutor();
        this.http = unique.isEmpty() ? null : HttpClient.newBuilder()
                .connectTimeout(limits.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(executor)
                .build();
        this.routers = unique.stream().map(b -> new DelegatedRouter(b, http, limits)).toList();
    }

    /** No router: every answer is empty, nothing is asked. */
    public static DelegatedRouters none() {
        return NONE;
    }

    /** @param bases routers' base URLs, checked with {@link DelegatedRouter#parse}; duplicates asked once */
    public static DelegatedRouters of(List<URI> bases, DelegatedRouter.Limits limits) {
        return bases.isEmpty() ? NONE : new DelegatedRouters(bases, limits);
    }

    public boolean isEmpty() {
        return routers.isEmpty();
    }

    public List<URI> bases() {
        return routers.stream().map(DelegatedRouter::base).toList();
    }

    /** The providers the routers know for {@code cid}, one record per peer, at most {@code max}. */
    public List<RoutedPeer> providers(Cid cid, int max) {
        return merged(r -> r.providers(cid), "providers of " + cid, max);
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
            calls.add(executor.submit(() -> {
                if (!slots.tryAcquire(limits.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new DelegatedRoutingException(MAX_REQUESTS + " requests to HTTP routers are running");
                }
                try {
                    return ask.apply(r);
                } finally {
                    slots.release();
                }
            }));
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
