package dev.ferry.pubsub;

import dev.ferry.identity.PeerId;
import dev.ferry.pubsub.wire.MessageId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Gossipsub v1.1 peer scores: the counters behind P1 to P7 for every connected peer, and for disconnected peers whose
 * score was not positive, for {@link PeerScoreParams#retainScore()} (so that reconnecting does not wash a score).
 * Times are the router's nanosecond clock. Not thread-safe: the router calls it under its lock.
 */
final class PeerScore {
    /** Messages whose first delivery is remembered for P3's near-first copies, at most. */
    static final int MAX_TRACKED_DELIVERIES = 50_000;

    private final PeerScoreParams params;
    private final TopicScoreParams topicParams;
    private final Map<PeerId, PeerStats> stats = new HashMap<>();
    private final Map<String, Set<PeerId>> peersByIp = new HashMap<>();
    private final LinkedHashMap<PeerId, Long> retained = new LinkedHashMap<>(); // disconnected: kept until (nanos)
    private final Map<MessageId, Delivery> deliveries = new LinkedHashMap<>();
    private long lastDecay;

    private static final class PeerStats {
        boolean connected = true;
        String ip; // null: none known, or loopback
        double app;
        double behaviourPenalty;
        final Map<String, TopicStats> topics = new HashMap<>();
    }

    private static final class TopicStats {
        boolean inMesh;
        long graftedAt;
        long meshTime;
        boolean meshActive; // in the mesh longer than P3's activation
        double firstDeliveries;
        double meshDeliveries;
        double meshFailurePenalty;
        double invalidDeliveries;
    }

    /** The first delivery of a message, and the mesh peers whose copy already counted for P3. */
    private record Delivery(long firstAt, String topic, Set<PeerId> counted) {
    }

    PeerScore(PeerScoreParams params, long now) {
        this.params = params;
        this.topicParams = params.topic();
        this.lastDecay = now;
    }

    PeerScoreParams params() {
        return params;
    }

    /** A peer connected, from {@code ip} (null when unknown or loopback: no colocation penalty). */
    void addPeer(PeerId peer, String ip) {
        retained.remove(peer);
        PeerStats s = stats.computeIfAbsent(peer, p -> new PeerStats());
        s.connected = true;
        if (ip != null && !ip.equals(s.ip)) {
            removeIp(peer, s);
            s.ip = ip;
            peersByIp.computeIfAbsent(ip, k -> new HashSet<>()).add(peer);
        }
    }

    /**
     * A peer disconnected: forgotten when its score is positive, else kept (out of its meshes, with their failure
     * penalties applied and its first deliveries cleared) until {@code retainScore} has passed.
     */
    void removePeer(PeerId peer, long now) {
        PeerStats s = stats.get(peer);
        if (s == null || !s.connected) {
            return;
        }
        if (score(peer, now) > 0 || params.maxRetained() == 0) {
            removeIp(peer, s);
            stats.remove(peer);
            return;
        }
        for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
            TopicStats t = e.getValue();
            if (t.inMesh) {
                leaveMesh(t, now);
            }
            t.firstDeliveries = 0;
        }
        removeIp(peer, s);
        s.connected = false;
        retained.put(peer, now + params.retainScore().toNanos());
        Iterator<PeerId> oldest = retained.keySet().iterator();
        while (retained.size() > params.maxRetained()) {
            stats.remove(oldest.next());
            oldest.remove();
        }
    }

    private void removeIp(PeerId peer, PeerStats s) {
        if (s.ip == null) {
            return;
        }
        Set<PeerId> peers = peersByIp.get(s.ip);
        if (peers != null && peers.remove(peer) && peers.isEmpty()) {
            peersByIp.remove(s.ip);
        }
        s.ip = null;
    }

    /** Sets the peer's application-specific score (P5). */
    void setAppScore(PeerId peer, double value) {
        PeerStats s = stats.get(peer);
        if (s != null) {
            s.app = value;
        }
    }

    void graft(PeerId peer, String topic, long now) {
        TopicStats t = topic(peer, topic);
        if (t == null || t.inMesh) {
            return;
        }
        t.inMesh = true;
        t.graftedAt = now;
        t.meshTime = 0;
        t.meshActive = false;
    }

    void prune(PeerId peer, String topic, long now) {
        TopicStats t = topic(peer, topic);
        if (t != null && t.inMesh) {
            leaveMesh(t, now);
        }
    }

    /** P3b: a peer that leaves the mesh short of its expected deliveries keeps the square of the deficit. */
    private void leaveMesh(TopicStats t, long now) {
        t.meshTime = now - t.graftedAt;
        t.meshActive = t.meshTime >= topicParams.meshDeliveriesActivation().toNanos();
        double deficit = deficit(t);
        t.meshFailurePenalty += deficit * deficit;
        t.inMesh = false;
    }

    private double deficit(TopicStats t) {
        if (!t.meshActive || topicParams.meshDeliveriesWeight() == 0
                || t.meshDeliveries >= topicParams.meshDeliveriesThreshold()) {
            return 0;
        }
        return topicParams.meshDeliveriesThreshold() - t.meshDeliveries;
    }

    /** The peer delivered a valid message first (P2, and P3 when it is in the mesh). */
    void firstDelivery(PeerId peer, String topic, MessageId id, long now) {
        TopicStats t = topic(peer, topic);
        if (t == null) {
            return;
        }
        t.firstDeliveries = Math.min(t.firstDeliveries + 1, topicParams.firstDeliveriesCap());
        if (t.inMesh) {
            t.meshDeliveries = Math.min(t.meshDeliveries + 1, topicParams.meshDeliveriesCap());
        }
        if (topicParams.meshDeliveriesWeight() != 0 && deliveries.size() < MAX_TRACKED_DELIVERIES) {
            Set<PeerId> counted = new HashSet<>();
            counted.add(peer);
            deliveries.put(id, new Delivery(now, topic, counted));
        }
    }

    /** The peer sent a copy of a message already delivered: near-first copies from mesh peers count for P3. */
    void duplicate(PeerId peer, MessageId id, long now) {
        Delivery d = deliveries.get(id);
        if (d == null || now - d.firstAt() > topicParams.meshDeliveriesWindow().toNanos() || !d.counted().add(peer)) {
            return;
        }
        TopicStats t = topic(peer, d.topic());
        if (t != null && t.inMesh) {
            t.meshDeliveries = Math.min(t.meshDeliveries + 1, topicParams.meshDeliveriesCap());
        }
    }

    /** The peer delivered an invalid message (P4); one without a topic counts as misbehaviour (P7). */
    void invalid(PeerId peer, String topic) {
        if (topic == null) {
            penalize(peer, 1);
            return;
        }
        TopicStats t = topic(peer, topic);
        if (t != null) {
            t.invalidDeliveries += 1;
        }
    }

    /** Adds to the peer's behaviour penalty (P7): broken IWANT promises, GRAFTs during a backoff. */
    void penalize(PeerId peer, double count) {
        PeerStats s = stats.get(peer);
        if (s != null) {
            s.behaviourPenalty += count;
        }
    }

    private TopicStats topic(PeerId peer, String topic) {
        PeerStats s = stats.get(peer);
        return s == null || topic == null ? null : s.topics.computeIfAbsent(topic, k -> new TopicStats());
    }

    /** Decays the counters once per elapsed interval, refreshes the times in mesh, forgets expired peers. */
    void decay(long now) {
        long interval = params.decayInterval().toNanos();
        long steps = (now - lastDecay) / interval;
        if (steps <= 0) {
            return;
        }
        lastDecay += steps * interval;
        double zero = params.decayToZero();
        int n = (int) Math.min(steps, 1_000_000);
        double first = Math.pow(topicParams.firstDeliveriesDecay(), n);
        double mesh = Math.pow(topicParams.meshDeliveriesDecay(), n);
        double failure = Math.pow(topicParams.meshFailurePenaltyDecay(), n);
        double invalid = Math.pow(topicParams.invalidDeliveriesDecay(), n);
        double behaviour = Math.pow(params.behaviourPenaltyDecay(), n);
        long activation = topicParams.meshDeliveriesActivation().toNanos();
        retained.entrySet().removeIf(e -> {
            if (e.getValue() - now < 0) {
                stats.remove(e.getKey());
                return true;
            }
            return false;
        });
        for (PeerStats s : stats.values()) {
            for (TopicStats t : s.topics.values()) {
                t.firstDeliveries = decayed(t.firstDeliveries * first, zero);
                t.meshDeliveries = decayed(t.meshDeliveries * mesh, zero);
                t.meshFailurePenalty = decayed(t.meshFailurePenalty * failure, zero);
                t.invalidDeliveries = decayed(t.invalidDeliveries * invalid, zero);
                if (t.inMesh) {
                    t.meshTime = now - t.graftedAt;
                    t.meshActive = t.meshTime >= activation;
                }
            }
            s.topics.values().removeIf(t -> !t.inMesh && t.firstDeliveries == 0 && t.meshDeliveries == 0
                    && t.meshFailurePenalty == 0 && t.invalidDeliveries == 0);
            s.behaviourPenalty = decayed(s.behaviourPenalty * behaviour, zero);
        }
        long window = Math.max(topicParams.meshDeliveriesWindow().toNanos(), interval);
        deliveries.values().removeIf(d -> now - d.firstAt() > window);
    }

    private static double decayed(double v, double zero) {
        return v < zero ? 0 : v;
    }

    /** The peer's score now (0 for a peer never seen). */
    double score(PeerId peer, long now) {
        PeerStats s = stats.get(peer);
        if (s == null) {
            return 0;
        }
        TopicScoreParams tp = topicParams;
        double topics = 0;
        for (TopicStats t : s.topics.values()) {
            double p1 = 0;
            if (t.inMesh) {
                long meshTime = Math.max(now - t.graftedAt, 0);
                p1 = Math.min((double) (meshTime / tp.timeInMeshQuantum().toNanos()), tp.timeInMeshCap());
            }
            double deficit = t.inMesh ? deficitNow(t, now) : 0;
            double part = tp.timeInMeshWeight() * p1
                    + tp.firstDeliveriesWeight() * t.firstDeliveries
                    + tp.meshDeliveriesWeight() * deficit * deficit
                    + tp.meshFailurePenaltyWeight() * t.meshFailurePenalty
                    + tp.invalidDeliveriesWeight() * t.invalidDeliveries * t.invalidDeliveries;
            topics += tp.topicWeight() * part;
        }
        if (params.topicScoreCap() > 0 && topics > params.topicScoreCap()) {
            topics = params.topicScoreCap();
        }
        double score = topics + params.appSpecificWeight() * s.app;
        if (s.ip != null) {
            Set<PeerId> same = peersByIp.get(s.ip);
            int surplus = (same == null ? 0 : same.size()) - params.ipColocationThreshold();
            if (surplus > 0) {
                score += params.ipColocationWeight() * surplus * (double) surplus;
            }
        }
        double excess = s.behaviourPenalty - params.behaviourPenaltyThreshold();
        if (excess > 0) {
            score += params.behaviourPenaltyWeight() * excess * excess;
        }
        return score;
    }

    private double deficitNow(TopicStats t, long now) {
        boolean active = now - t.graftedAt >= topicParams.meshDeliveriesActivation().toNanos();
        if (!active || topicParams.meshDeliveriesWeight() == 0
                || t.meshDeliveries >= topicParams.meshDeliveriesThreshold()) {
            return 0;
        }
        return topicParams.meshDeliveriesThreshold() - t.meshDeliveries;
    }

    /** Every known peer's score, the retained ones too. */
    Map<PeerId, Double> scores(long now) {
        Map<PeerId, Double> out = new HashMap<>();
        for (PeerId p : stats.keySet()) {
            out.put(p, score(p, now));
        }
        return out;
    }

    /** Peers remembered, connected or retained (for tests of the bounds). */
    int size() {
        return stats.size();
    }
}
