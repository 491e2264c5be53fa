package dev.ferry.net.host;

import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.record.SignedPeerRecord;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Addresses, protocols, keys, agent and latency per peer. Thread-safe (entries are immutable {@link PeerInfo}
 * records replaced atomically). Bounded: at most {@code maxPeers} entries (the least recently updated is dropped)
 * and {@code maxAddresses} addresses per peer (the oldest are dropped); protocol lists are capped at 256 entries.
 */
public final class PeerStore {
    static final int MAX_PROTOCOLS = 256;

    private final int maxPeers;
    private final int maxAddresses;
    private final InstantSource clock;
    private final Map<PeerId, PeerInfo> peers = new ConcurrentHashMap<>();
    private final Map<PeerId, SignedPeerRecord> records = new ConcurrentHashMap<>(); // only for peers in peers
    private volatile Consumer<PeerId> protocolsChanged = p -> {};

    public PeerStore(int maxPeers, int maxAddresses, InstantSource clock) {
        this.maxPeers = maxPeers;
        this.maxAddresses = maxAddresses;
        this.clock = clock;
    }

    public Optional<PeerInfo> get(PeerId peer) {
        return Optional.ofNullable(peers.get(peer));
    }

    public Set<PeerId> peers() {
        return Set.copyOf(peers.keySet());
    }

    public List<Multiaddr> addresses(PeerId peer) {
        return get(peer).map(PeerInfo::addresses).orElse(List.of());
    }

    public Set<String> protocols(PeerId peer) {
        return get(peer).map(PeerInfo::protocols).orElse(Set.of());
    }

    /** Adds addresses (any /p2p suffix is dropped); re-adding one moves it to the end. */
    public void addAddresses(PeerId peer, Collection<Multiaddr> addrs) {
        update(peer, p -> {
            LinkedHashSet<Multiaddr> all = new LinkedHashSet<>(p.addresses());
            for (Multiaddr a : addrs) {
                Multiaddr bare = a.withoutPeerId();
                if (bare.isEmpty()) {
                    continue;
                }
                all.remove(bare);
                all.add(bare);
            }
            List<Multiaddr> list = new ArrayList<>(all);
            if (list.size() > maxAddresses) {
                list = list.subList(list.size() - maxAddresses, list.size());
            }
            return new PeerInfo(peer, list, p.protocols(), p.publicKey(), p.agentVersion(), p.protocolVersion(),
                    p.latency(), clock.instant());
        });
    }

    /** Replaces the peer's protocol set (identify is authoritative). */
    public void setProtocols(PeerId peer, Collection<String> protocols) {
        Set<String> capped = new LinkedHashSet<>();
        for (String s : protocols) {
            if (capped.size() == MAX_PROTOCOLS) {
                break;
            }
            capped.add(s);
        }
        update(peer, p -> new PeerInfo(peer, p.addresses(), capped, p.publicKey(), p.agentVersion(),
                p.protocolVersion(), p.latency(), clock.instant()));
        protocolsChanged.accept(peer);
    }

    /** The host re-chooses a peer's bandwidth limiter when identify replaces its protocols. */
    void onProtocolsChanged(Consumer<PeerId> listener) {
        this.protocolsChanged = listener;
    }

    /** Records the key; ignored unless it matches the PeerId (a peer cannot claim another's key). */
    public void setPublicKey(PeerId peer, PublicKey key) {
        if (!PeerId.fromPublicKey(key).equals(peer)) {
            return;
        }
        update(peer, p -> new PeerInfo(peer, p.addresses(), p.protocols(), key, p.agentVersion(),
                p.protocolVersion(), p.latency(), clock.instant()));
    }

    public void setAgent(PeerId peer, String agentVersion, String protocolVersion) {
        update(peer, p -> new PeerInfo(peer, p.addresses(), p.protocols(), p.publicKey(),
                agentVersion != null ? agentVersion : p.agentVersion(),
                protocolVersion != null ? protocolVersion : p.protocolVersion(), p.latency(), clock.instant()));
    }

    /** Smooths round trips with an exponentially weighted moving average (weight 0.2 for the newest sample). */
    public void recordLatency(PeerId peer, Duration rtt) {
        update(peer, p -> {
            Duration smoothed = p.latency() == null ? rtt
                    : Duration.ofNanos((long) (p.latency().toNanos() * 0.8 + rtt.toNanos() * 0.2));
            return new PeerInfo(peer, p.addresses(), p.protocols(), p.publicKey(), p.agentVersion(),
                    p.protocolVersion(), smoothed, clock.instant());
        });
    }

    public boolean remove(PeerId peer) {
        records.remove(peer);
        return peers.remove(peer) != null;
    }

    /**
     * Keeps a checked signed peer record (identify's), when it is newer than the one kept; its addresses are added
     * too. The newest record of a peer is what this node passes on to others (gossipsub's peer exchange).
     */
    public void setSignedRecord(SignedPeerRecord r) {
        PeerId peer = r.peerId();
        SignedPeerRecord kept = records.get(peer);
        if (kept != null && kept.record().seq() >= r.record().seq()) {
            return;
        }
        addAddresses(peer, r.record().addresses()); // makes the entry, so that eviction covers the record
        records.put(peer, r);
        if (!peers.containsKey(peer)) {
            records.remove(peer);
        }
    }

    /** The newest signed peer record of {@code peer} this node has checked. */
    public Optional<SignedPeerRecord> signedRecord(PeerId peer) {
        return Optional.ofNullable(records.get(peer));
    }

    public int size() {
        return peers.size();
    }

    private void update(PeerId peer, UnaryOperator<PeerInfo> change) {
        boolean added = !peers.containsKey(peer);
        peers.compute(peer, (k, v) -> change.apply(v == null ? PeerInfo.empty(peer, clock.instant()) : v));
        if (added && peers.size() > maxPeers) {
            evict(peer);
        }
    }

    private void evict(PeerId keep) {
        while (peers.size() > maxPeers) {
            Optional<PeerId> oldest = peers.values().stream()
                    .filter(p -> !p.peerId().equals(keep))
                    .min(Comparator.comparing(PeerInfo::updatedAt))
                    .map(PeerInfo::peerId);
            if (oldest.isEmpty()) {
                return;
            }
            peers.remove(oldest.get());
            records.remove(oldest.get());
        }
    }
}
