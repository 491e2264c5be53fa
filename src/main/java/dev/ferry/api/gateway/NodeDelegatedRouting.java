package dev.ferry.api.gateway;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.Node;
import dev.ferry.routing.dht.Dht;
import dev.ferry.routing.dht.InvalidRecordException;
import dev.ferry.routing.dht.Provider;
import dev.ferry.routing.ipns.InvalidIpnsRecordException;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The routing API's answers from a node: its DHT for providers, peers and records, its name system for names. */
public final class NodeDelegatedRouting implements DelegatedRouting {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> BITSWAP = List.of("transport-bitswap");

    private final Node node;

    public NodeDelegatedRouting(Node node) {
        this.node = node;
    }

    private Optional<Dht> dht() {
        return node.dht();
    }

    @Override
    public List<Peer> providers(Cid cid, int max) {
        List<Peer> out = new ArrayList<>();
        if (dht().isEmpty()) {
            return out;
        }
        for (Provider p : dht().get().findProviders(cid.multihash().bytes(), max, TIMEOUT)) {
            // this node's own record carries no addresses: its announced ones save the client a lookup
            List<Multiaddr> addrs = p.addresses().isEmpty() && p.peer().equals(node.identity().peerId())
                    ? node.host().announceAddresses() : p.addresses();
            out.add(new Peer(p.peer(), strings(addrs), BITSWAP));
        }
        return out;
    }

    @Override
    public Optional<Peer> peer(PeerId peer) {
        List<Multiaddr> addrs;
        if (peer.equals(node.identity().peerId())) {
            addrs = node.host().announceAddresses();
        } else if (dht().isPresent()) {
            addrs = dht().get().findPeer(peer, TIMEOUT);
        } else {
            addrs = node.host().peerStore().addresses(peer);
        }
        if (addrs.isEmpty()) {
            return Optional.empty();
        }
        boolean bitswap = peer.equals(node.identity().peerId()) || node.host().peerStore().protocols(peer).stream()
                .anyMatch(p -> p.startsWith("/ipfs/bitswap"));
        return Optional.of(new Peer(peer, strings(addrs), bitswap ? BITSWAP : List.of()));
    }

    @Override
    public List<Peer> closestPeers(byte[] key, int max) {
        List<Peer> out = new ArrayList<>();
        if (dht().isEmpty()) {
            return out;
        }
        for (PeerId p : dht().get().closestPeers(key, TIMEOUT)) {
            if (out.size() >= max) {
                break;
            }
            // what the lookup learnt of each: the addresses it answered on, Bitswap if identify said so
            boolean bitswap = node.host().peerStore().protocols(p).stream()
                    .anyMatch(s -> s.startsWith("/ipfs/bitswap"));
            out.add(new Peer(p, strings(node.host().peerStore().addresses(p)), bitswap ? BITSWAP : List.of()));
        }
        return out;
    }

    @Override
    public Optional<GatewayNames.NameRecord> ipns(IpnsName name) {
        return node.names().record(name, true).map(r -> new GatewayNames.NameRecord(r.bytes(), r.ttl(),
                r.validity()));
    }

    @Override
    public void putIpns(IpnsName name, byte[] record) {
        try {
            IpnsRecord.verify(name, record, Instant.now());
        } catch (InvalidIpnsRecordException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (dht().isEmpty()) {
            throw new IllegalStateException("this node has no DHT to put the record on");
        }
        try {
            dht().get().putValue(name.routingKey(), record, TIMEOUT);
        } catch (InvalidRecordException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static List<String> strings(List<Multiaddr> addrs) {
        List<String> out = new ArrayList<>();
        for (Multiaddr a : addrs) {
            out.add(a.toString());
        }
        return out;
    }
}
