package dev.ferry.pubsub;

import dev.ferry.identity.PeerId;
import dev.ferry.pubsub.wire.MessageId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * IWANT promises (gossipsub v1.1): when we ask a peer for messages it announced, one of them, chosen at random, must
 * arrive (from anyone) before the follow-up time, or the peer broke its promise and is penalized (P7). A peer that
 * announces IDs it does not have, to make us ask, soon drops below the gossip threshold. Not thread-safe: the router
 * calls it under its lock.
 */
final class GossipPromises {
    /** Promises a peer may have open at once; more are not tracked (its IHAVEs are capped per heartbeat anyway). */
    static final int MAX_PER_PEER = 1_000;

    private final Map<MessageId, Map<PeerId, Long>> promises = new HashMap<>(); // id -> peer -> deadline (nanos)
    private final Map<PeerId, Integer> open = new HashMap<>();

    /** We asked {@code peer} for {@code ids}: tracks one of them until {@code deadline}. */
    void asked(PeerId peer, List<MessageId> ids, long deadline, Random random) {
        if (ids.isEmpty() || open.getOrDefault(peer, 0) >= MAX_PER_PEER) {
            return;
        }
        MessageId id = ids.get(random.nextInt(ids.size()));
        if (promises.computeIfAbsent(id, k -> new HashMap<>()).putIfAbsent(peer, deadline) == null) {
            open.merge(peer, 1, Integer::sum);
        }
    }

    /** The message arrived, valid or not: every promise for it is kept. */
    void delivered(MessageId id) {
        Map<PeerId, Long> kept = promises.remove(id);
        if (kept != null) {
            kept.keySet().forEach(this::closed);
        }
    }

    /** Removes the promises past their deadline and returns how many each peer broke. */
    Map<PeerId, Integer> broken(long now) {
        Map<PeerId, Integer> out = new HashMap<>();
        promises.values().removeIf(byPeer -> {
            byPeer.entrySet().removeIf(e -> {
                if (e.getValue() - now < 0) {
                    out.merge(e.getKey(), 1, Integer::sum);
                    closed(e.getKey());
                    return true;
                }
                return false;
            });
            return byPeer.isEmpty();
        });
        return out;
    }

    private void closed(PeerId peer) {
        open.computeIfPresent(peer, (p, n) -> n > 1 ? n - 1 : null);
    }

    /** Open promises in all (for tests of the bound). */
    int size() {
        return open.values().stream().mapToInt(Integer::intValue).sum();
    }
}
