package dev.ferry.pubsub;

import dev.ferry.pubsub.wire.MessageId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message IDs seen in the last {@code ttl}, against duplicates: in arrival order, so that expiry and the size cap
 * drop from the head. Not thread-safe (the router's lock guards it).
 */
final class SeenCache {
    private final long ttlNanos;
    private final int max;
    private final LinkedHashMap<MessageId, Long> seenAt = new LinkedHashMap<>();

    SeenCache(long ttlNanos, int max) {
        this.ttlNanos = ttlNanos;
        this.max = max;
    }

    /** Records {@code id}; false when it was already there. */
    boolean add(MessageId id, long nowNanos) {
        if (seenAt.containsKey(id)) {
            return false;
        }
        seenAt.put(id, nowNanos);
        if (seenAt.size() > max) {
            Iterator<MessageId> it = seenAt.keySet().iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    boolean contains(MessageId id) {
        return seenAt.containsKey(id);
    }

    /** Forgets IDs older than the TTL. */
    void expire(long nowNanos) {
        Iterator<Map.Entry<MessageId, Long>> it = seenAt.entrySet().iterator();
        while (it.hasNext() && nowNanos - it.next().getValue() > ttlNanos) {
            it.remove();
        }
    }

    int size() {
        return seenAt.size();
    }
}
