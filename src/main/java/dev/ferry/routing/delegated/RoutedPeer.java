package dev.ferry.routing.delegated;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.util.List;
import java.util.Objects;

/**
 * A {@code "Schema": "peer"} record of the Delegated Routing V1 API: a peer, the addresses the router gave for it
 * (possibly none) and the transfer protocols it named (possibly none, e.g. {@code transport-bitswap},
 * {@code transport-ipfs-gateway-http}).
 */
public record RoutedPeer(PeerId id, List<Multiaddr> addrs, List<String> protocols) {
    public RoutedPeer {
        Objects.requireNonNull(id, "id");
        addrs = List.copyOf(addrs);
        protocols = List.copyOf(protocols);
    }

    /** This record with another's addresses and protocols added (duplicates dropped), for the same peer. */
    public RoutedPeer merge(RoutedPeer other) {
        java.util.LinkedHashSet<Multiaddr> a = new java.util.LinkedHashSet<>(addrs);
        a.addAll(other.addrs);
        java.util.LinkedHashSet<String> p = new java.util.LinkedHashSet<>(protocols);
        p.addAll(other.protocols);
        return new RoutedPeer(id, List.copyOf(a), List.copyOf(p));
    }
}
