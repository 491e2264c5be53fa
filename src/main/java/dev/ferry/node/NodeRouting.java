package dev.ferry.node;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.routing.delegated.DelegatedRouters;
import dev.ferry.routing.delegated.RoutedPeer;
import dev.ferry.routing.dht.Dht;
import dev.ferry.routing.dht.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The node's answers to "who provides this" and "where is that peer": the DHT's and the HTTP routers', asked side
 * by side and merged (one entry per peer, the DHT's first, addresses joined). Either may be absent.
 */
final class NodeRouting {
    private final Dht dht; // null without one
    private final DelegatedRouters routers;

    NodeRouting(Dht dht, DelegatedRouters routers) {
        this.dht = dht;
        this.routers = routers;
    }

    /** Whether there is anything to ask. */
    boolean isOff() {
        return dht == null && routers.isEmpty();
    }

    /** At most {@code max} providers of {@code cid}. */
    List<Provider> findProviders(Cid cid, int max, Duration timeout) {
        var fromRouters = ask(() -> routers.providers(cid, max).stream()
                .map(p -> new Provider(p.id(), p.addrs())).toList());
        List<Provider> fromDht = dht == null ? List.of() : dht.findProviders(cid.multihash().bytes(), max, timeout);
        Map<PeerId, LinkedHashSet<Multiaddr>> out = new LinkedHashMap<>();
        for (List<Provider> list : List.of(fromDht, fromRouters.join())) {
            for (Provider p : list) {
                if (out.containsKey(p.peer()) || out.size() < max) {
                    out.computeIfAbsent(p.peer(), k -> new LinkedHashSet<>()).addAll(p.addresses());
                }
            }
        }
        List<Provider> merged = new ArrayList<>();
        out.forEach((peer, addrs) -> merged.add(new Provider(peer, List.copyOf(addrs))));
        return merged;
    }

    /** The addresses the DHT and the routers know for {@code peer}; none when neither does. */
    List<Multiaddr> findPeer(PeerId peer, Duration timeout) {
        var fromRouters = ask(() -> routers.peer(peer).map(RoutedPeer::addrs).orElse(List.of()));
        LinkedHashSet<Multiaddr> out = new LinkedHashSet<>();
        if (dht != null) {
            out.addAll(dht.findPeer(peer, timeout));
        }
        out.addAll(fromRouters.join());
        return List.copyOf(out);
    }

    /** The routers asked on a thread of their own (their own timeouts bound it), or nothing without routers. */
    private <T> CompletableFuture<List<T>> ask(Supplier<List<T>> call) {
        if (routers.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return CompletableFuture.supplyAsync(call, r -> Thread.ofVirtual().name("http-routing").start(r));
    }
}
