package dev.ferry.routing.gateway;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.Multihash;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * Kubo's HTTP retrieval: the trustless gateways of providers found for content (their addresses name one, see
 * {@link GatewayAddress}), asked for blocks ({@code ?format=raw}) and DAGs ({@code ?format=car}) like configured
 * gateways, and verified the same way ({@link GatewayClient}). As Bitswap asks the peers a session found for any
 * block of the DAG, a provider found for a root is asked for the blocks under it too: the gateways found for the
 * CID asked come first, then the most recently found, {@link #ASK} at most per request.
 *
 * <p>At most {@link #MAX_GATEWAYS} are kept; one not found again for {@link #FORGET_AFTER} is forgotten. One that
 * sent bytes that are not what was asked (or a malformed answer) is not asked again for {@link #INVALID_BACKOFF}.
 * Redirects are not followed: a provider's gateway answers for itself. Only hosts {@code hostAllowed} accepts
 * ({@code HTTPRetrieval.Allowlist}) are taken. Thread-safe.
 */
public final class ProviderGateways implements BlockGateways, AutoCloseable {
    public static final int MAX_GATEWAYS = 32;
    public static final int ASK = 3;
    public static final Duration FORGET_AFTER = Duration.ofMinutes(10);
    public static final Duration INVALID_BACKOFF = Duration.ofMinutes(10);
    /** CIDs remembered per gateway, to ask it first for them. */
    private static final int CIDS_PER_GATEWAY = 64;

    private final Predicate<String> hostAllowed;
    private final GatewayPoolConfig config;
    private final InstantSource clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final Map<URI, Entry> entries = new LinkedHashMap<>(); // guarded by itself; oldest found first

    /** One provider's gateway; guarded by the map's lock. */
    private static final class Entry {
        final GatewayClient client;
        final Set<Multihash> foundFor = new LinkedHashSet<>();
        Instant seen;
        Instant avoidUntil;

        Entry(GatewayClient client) {
            this.client = client;
        }
    }

    /**
     * @param hostAllowed which gateway hosts may be asked (lower-case host names or IP literals)
     * @param config      timeouts and size caps ({@code HTTPRetrieval.MaxBlockSize} is its block cap)
     */
    public ProviderGateways(Predicate<String> hostAllowed, GatewayPoolConfig config, InstantSource clock) {
        this.hostAllowed = Objects.requireNonNull(hostAllowed, "hostAllowed");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /**
     * Takes the gateways among a provider's addresses, found providing {@code cid}.
     *
     * @return the gateway URLs taken (none when the addresses name no allowed gateway)
     */
    public List<URI> learn(Cid cid, List<Multiaddr> addresses) {
        List<URI> taken = new ArrayList<>();
        for (Multiaddr a : addresses) {
            GatewayAddress.of(a).filter(u -> hostAllowed.test(host(u)))
                    .ifPresent(u -> {
                        if (!taken.contains(u)) {
                            taken.add(u);
                        }
                    });
        }
        Instant now = clock.instant();
        synchronized (entries) {
            for (URI u : taken) {
                Entry e = entries.remove(u);
                if (e == null) {
                    e = new Entry(new GatewayClient(u, http, config));
                }
                e.seen = now;
                e.foundFor.remove(cid.multihash());
                e.foundFor.add(cid.multihash());
                if (e.foundFor.size() > CIDS_PER_GATEWAY) {
                    e.foundFor.remove(e.foundFor.iterator().next());
                }
                entries.put(u, e); // now the most recently found
            }
            while (entries.size() > MAX_GATEWAYS) {
                entries.remove(entries.keySet().iterator().next());
            }
        }
        return taken;
    }

    /** A URL's host as the allowlist names it: lower case, an IPv6 literal without its brackets. */
    private static String host(URI u) {
        String h = u.getHost().toLowerCase(java.util.Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    @Override
    public boolean isEmpty() {
        return usable(null).isEmpty();
    }

    @Override
    public boolean mayGainGateways() {
        return true;
    }

    @Override
    public List<URI> gateways() {
        return usable(null).stream().map(e -> e.client.base()).toList();
    }

    @Override
    public Block fetchBlock(Cid cid) {
        List<GatewayException> failed = new ArrayList<>();
        for (Entry e : ask(cid)) {
            checkCancelled(cid);
            try {
                return e.client.fetchBlock(cid);
            } catch (GatewayException ex) {
                failed(e, ex);
                failed.add(ex);
            }
        }
        throw aggregate("no provider's gateway delivered block " + cid, failed);
    }

    @Override
    public long fetchDag(Cid root, DagScope scope, Blockstore into) {
        DagWalk walk = DagWalk.of(root, scope, into, 1);
        if (walk.complete()) {
            return walk.blocks();
        }
        List<GatewayException> failed = new ArrayList<>();
        for (Entry e : ask(root)) {
            checkCancelled(root);
            boolean answered = true;
            try {
                e.client.fetchCar(root, scope, into);
            } catch (GatewayException ex) {
                failed(e, ex);
                failed.add(ex);
                answered = false;
            }
            walk = DagWalk.of(root, scope, into, 8);
            if (walk.complete()) {
                return walk.blocks(); // even a faulty answer may have carried every (verified, in-DAG) block
            }
            if (answered) {
                failed.add(new GatewayException(Kind.INCOMPLETE, e.client.base(), e.client.base()
                    + " left the DAG under " + root + " (" + scope.param() + ") incomplete, missing e.g. "
                        + walk.missing()));
            }
        }
        throw aggregate("no provider's gateway completed the DAG under " + root, failed);
    }

    /** Stops the HTTP client; requests in flight fail. */
    @Override
    public void close() {
        http.shutdownNow();
        executor.shutdownNow();
    }

    /** The gateways to ask for {@code cid}: found for it first, then the most recently found; at most {@link #ASK}. */
    private List<Entry> ask(Cid cid) {
        List<Entry> out = usable(cid);
        if (out.isEmpty()) {
            throw new GatewayException(Kind.NO_GATEWAY, null, "no provider with an HTTP gateway is known");
        }
        return out.subList(0, Math.min(ASK, out.size()));
    }

    private List<Entry> usable(Cid cid) {
        Instant now = clock.instant();
        Instant stale = now.minus(FORGET_AFTER);
        List<Entry> out = new ArrayList<>();
        synchronized (entries) {
            entries.values().removeIf(e -> e.seen.isBefore(stale));
            for (Entry e : entries.values()) {
                if (e.avoidUntil == null || !now.isBefore(e.avoidUntil)) {
                    out.add(e);
                }
            }
            List<Entry> recentFirst = new ArrayList<>(out.reversed());
            if (cid != null) {
                recentFirst.sort(Comparator.comparing(e -> !e.foundFor.contains(cid.multihash())));
            }
            return recentFirst;
        }
    }

    private void failed(Entry e, GatewayException ex) {
        if (ex.kind() == Kind.CANCELLED) {
            throw ex;
        }
        if (ex.kind() == Kind.INVALID) {
            synchronized (entries) {
                e.avoidUntil = clock.instant().plus(INVALID_BACKOFF);
            }
        }
    }

    private static void checkCancelled(Cid cid) {
        if (Thread.currentThread().isInterrupted()) {
            throw new GatewayException(Kind.CANCELLED, null, "fetch of " + cid + " cancelled");
        }
    }

    private static GatewayException aggregate(String what, List<GatewayException> failed) {
        Kind kind = failed.stream().allMatch(f -> f.kind() == Kind.NOT_FOUND) ? Kind.NOT_FOUND
                : failed.stream().anyMatch(f -> f.kind() == Kind.INCOMPLETE) ? Kind.INCOMPLETE : Kind.UNAVAILABLE;
        StringBuilder msg = new StringBuilder(what);
        for (GatewayException f : failed) {
            msg.append("; ").append(f.getMessage());
        }
        GatewayException out = new GatewayException(kind, null, msg.toString());
        failed.forEach(out::addSuppressed);
        return out;
    }
}
