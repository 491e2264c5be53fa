package dev.ferry.routing.dht;

import dev.ferry.identity.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Provider records this node keeps as a DHT server: for each content key (a multihash), the peers that said they
 * provide it, each for {@link #TTL} from its last announcement. Bounded: {@link #MAX_KEYS} keys (the least recently
 * announced go first) and {@link #MAX_PER_KEY} providers per key (the oldest go first). Thread-safe.
 */
public final class ProviderStore {
    /** How long an announcement holds (the IPFS DHT's 48 hours). */
    public static final Duration TTL = Duration.ofHours(48);
    public static final int MAX_KEYS = 100_000;
    public static final int MAX_PER_KEY = 20;

    private final LongSupplier nanoClock;
    private final LinkedHashMap<Key, LinkedHashMap<PeerId, Long>> byKey = new LinkedHashMap<>(16, 0.75f, true);

    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }

    public ProviderStore(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Records that {@code provider} provides {@code key} from now on. */
    public synchronized void add(byte[] key, PeerId provider) {
        LinkedHashMap<PeerId, Long> peers = byKey.computeIfAbsent(new Key(key.clone()), k -> new LinkedHashMap<>());
        peers.remove(provider); // re-announcing moves it to the end: the freshest
        peers.put(provider, nanoClock.getAsLong() + TTL.toNanos());
        while (peers.size() > MAX_PER_KEY) {
            Iterator<PeerId> oldest = peers.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        while (byKey.size() > MAX_KEYS) {
            Iterator<Key> oldest = byKey.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The providers of {@code key} whose announcement still holds, freshest last. */
    public synchronized List<PeerId> get(byte[] key) {
        Map<PeerId, Long> peers = byKey.get(new Key(key));
        if (peers == null) {
            return List.of();
        }
        long now = nanoClock.getAsLong();
        peers.values().removeIf(until -> until - now < 0);
        if (peers.isEmpty()) {
            byKey.remove(new Key(key));
            return List.of();
        }
        return new ArrayList<>(peers.keySet());
    }

    public synchronized int keys() {
        return byKey.size();
    }
}
