package dev.ferry.routing.dht;

import dev.ferry.identity.PeerId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kademlia's routing table: 256 buckets by the length of the prefix a peer's point shares with ours, each holding at
 * most k peers, the longest-known first. A full bucket keeps its peers and refuses a new one (long-lived peers are the
 * likeliest to stay, as Kademlia reasons); a peer that fails a query is removed, which makes room. Only DHT servers
 * belong here. Each peer carries when it last answered a query of ours and when an answer was last useful, for
 * {@code stats dht}. Thread-safe.
 */
public final class RoutingTable {
    private final KadId self;
    private final int k;
    private final Clock clock;
    private final List<LinkedHashMap<PeerId, Slot>> buckets = new ArrayList<>();

    /** A peer's point and its times (null: never). */
    private static final class Slot {
        final KadId id;
        Instant lastUseful;
        Instant lastQueried;

        Slot(KadId id) {
            this.id = id;
        }
    }

    public RoutingTable(PeerId self, int k) {
        this(self, k, Clock.systemUTC());
    }

    public RoutingTable(PeerId self, int k, Clock clock) {
        this.self = KadId.of(self.bytes());
        this.k = k;
        this.clock = clock;
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
        Map<PeerId, Slot> bucket = buckets.get(self.commonPrefixLength(id));
        if (bucket.containsKey(peer)) {
            return true;
        }
        if (bucket.size() >= k) {
            return false;
        }
        bucket.put(peer, new Slot(id));
        return true;
    }

    /**
     * A peer answered a query of ours on the DHT protocol: added as {@link #add} does, and stamped as queried now,
     * and as useful now when the answer brought something.
     */
    public synchronized boolean answered(PeerId peer, boolean useful) {
        if (!add(peer)) {
            return false;
        }
        Slot slot = buckets.get(self.commonPrefixLength(KadId.of(peer.bytes()))).get(peer);
        Instant now = clock.instant();
        slot.lastQueried = now;
        if (useful) {
            slot.lastUseful = now;
        }
        return true;
    }

    /**
     * The table bucket by bucket (index: the common prefix length with our point), up to the last bucket holding a
     * peer; each bucket's peers in the order they joined.
     */
    public synchronized List<List<RoutingTablePeer>> buckets() {
        int last = -1;
        for (int i = 0; i < buckets.size(); i++) {
            if (!buckets.get(i).isEmpty()) {
                last = i;
            }
        }
        List<List<RoutingTablePeer>> out = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            List<RoutingTablePeer> peers = new ArrayList<>();
            buckets.get(i).forEach((p, s) -> peers.add(new RoutingTablePeer(p,
                    Optional.ofNullable(s.lastUseful), Optional.ofNullable(s.lastQueried))));
            out.add(List.copyOf(peers));
        }
        return List.copyOf(out);
    }

    public synchronized boolean remove(PeerId peer) {
        return buckets.get(self.commonPrefixLength(KadId.of(peer.bytes()))).remove(peer) != null;
    }

    public synchronized boolean contains(PeerId peer) {
        return buckets.get(self.commonPrefixLength(KadId.of(peer.bytes()))).containsKey(peer);
    }

    /** The {@code count} peers nearest to {@code target}, nearest first. */
    public synchronized List<PeerId> nearest(KadId target, int count) {
        List<Map.Entry<PeerId, Slot>> all = new ArrayList<>();
        buckets.forEach(b -> all.addAll(b.entrySet()));
        Comparator<KadId> order = KadId.byDistanceTo(target);
        all.sort((x, y) -> order.compare(x.getValue().id, y.getValue().id));
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
