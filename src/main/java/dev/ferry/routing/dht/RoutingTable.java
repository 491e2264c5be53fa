package dev.ferry.routing.dht;

import dev.ferry.identity.PeerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kademlia's routing table: 256 buckets by the length of the prefix a peer's point shares with ours, each holding at
 * most k peers, the longest-known first. A full bucket keeps its peers and refuses a new one (long-lived peers are the
 * likeliest to stay, as Kademlia reasons); a peer that fails a query is removed, which makes room. Only DHT servers
 * belong here. Thread-safe.
 */
public final class RoutingTable {
    private final KadId self;
    private final int k;
    private final List<LinkedHashMap<PeerId, KadId>> buckets = new ArrayList<>();

    public RoutingTable(PeerId self, int k) {
        this.self = KadId.of(self.bytes());
        this.k = k;
        for (int i = 0; i <= 256; i++) {
            buckets.add(new LinkedHashMap<>());
        }
    }

    /** Adds or refreshes a peer; false when its bucket is full (or it is us). */
    public synchronized boolean add(PeerId peer) {
        KadId id = KadId.of(peer.bytes());
        if (id.equals(self)) {
            return false;
        }
        Map<PeerId, KadId> bucket = buckets.get(self.commonPrefixLength(id));
        if (bucket.containsKey(peer)) {
            return true;
        }
        if (bucket.size() >= k) {
            return false;
        }
        bucket.put(peer, id);
        return true;
    }

    public synchronized boolean remove(PeerId peer) {
        return buckets.get(self.commonPrefixLength(KadId.of(peer.bytes()))).remove(peer) != null;
    }

    public synchronized boolean contains(PeerId peer) {
        return buckets.get(self.commonPrefixLength(KadId.of(peer.bytes()))).containsKey(peer);
    }

    /** The {@code count} peers nearest to {@code target}, nearest first. */
    public synchronized List<PeerId> nearest(KadId target, int count) {
        List<Map.Entry<PeerId, KadId>> all = new ArrayList<>();
        buckets.forEach(b -> all.addAll(b.entrySet()));
        Comparator<KadId> order = KadId.byDistanceTo(target);
        all.sort((x, y) -> order.compare(x.getValue(), y.getValue()));
        List<PeerId> out = new ArrayList<>();
        for (int i = 0; i < Math.min(count, all.size()); i++) {
            out.add(all.get(i).getKey());
        }
        return out;
    }

    public synchronized int size() {
        return buckets.stream().mapToInt(Map::size).sum();
    }
}
