package dev.ferry.pubsub;

import java.time.Duration;
import java.util.Objects;

/**
 * Pubsub settings. The gossipsub parameters are the spec's defaults, which go and js peers use too.
 *
 * @param router            gossipsub (default) or floodsub
 * @param signaturePolicy   StrictSign (default) or StrictNoSign
 * @param d                 the mesh's target degree
 * @param dLow              below this the heartbeat grafts peers up to {@code d}
 * @param dHigh             above this the heartbeat prunes peers down to {@code d}
 * @param dLazy             peers that get gossip (IHAVE) per topic and heartbeat, at least
 * @param gossipFactor      share of the other peers of a topic that get gossip, when more than {@code dLazy}
 * @param heartbeat         the mesh maintenance and gossip period
 * @param fanoutTtl         how long fanout peers of a topic we publish to but do not subscribe are kept
 * @param historyLength     heartbeats a message stays in the cache for IWANT
 * @param historyGossip     heartbeats of recent messages that gossip announces
 * @param seenTtl           how long a message ID is remembered against duplicates
 * @param pruneBackoff      how long a pruned peer may not graft again
 * @param floodPublish      send our own messages to every subscribed peer, not only the mesh (v1.1)
 * @param maxFrameBytes     the largest RPC read or written
 * @param maxSeen           message IDs remembered at most (the oldest go first past it)
 * @param maxTopicsPerPeer  topics a peer may be subscribed to in our view of it
 * @param subscriptionQueue messages a local subscription buffers before it drops new ones
 * @param subscriptionBytes payload bytes a local subscription buffers before it drops new messages
 * @param peerQueue         RPCs queued for one peer before new ones are dropped
 * @param scoring           gossipsub v1.1 peer scoring and the mesh rules that use it; null turns them off
 */
public record PubsubConfig(PubsubRouter router, SignaturePolicy signaturePolicy, int d, int dLow, int dHigh, int dLazy,
        double gossipFactor, Duration heartbeat, Duration fanoutTtl, int historyLength, int historyGossip,
        Duration seenTtl, Duration pruneBackoff, boolean floodPublish, int maxFrameBytes, int maxSeen,
        int maxTopicsPerPeer, int subscriptionQueue, long subscriptionBytes, int peerQueue,
        PeerScoreParams scoring) {

    public PubsubConfig {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(signaturePolicy, "signaturePolicy");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(fanoutTtl, "fanoutTtl");
        Objects.requireNonNull(seenTtl, "seenTtl");
        Objects.requireNonNull(pruneBackoff, "pruneBackoff");
        if (!(0 <= dLow && dLow <= d && d <= dHigh) || d < 1 || dLazy < 0) {
            throw new IllegalArgumentException("mesh degrees must satisfy 0 <= dLow <= d <= dHigh, d >= 1");
        }
        if (gossipFactor < 0 || gossipFactor > 1) {
            throw new IllegalArgumentException("gossipFactor must be in [0, 1]");
        }
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeat must be positive");
        }
        if (historyGossip < 1 || historyLength < historyGossip) {
            throw new IllegalArgumentException("need 1 <= historyGossip <= historyLength");
        }
        if (maxFrameBytes < 1024 || maxSeen < 1 || maxTopicsPerPeer < 1 || subscriptionQueue < 1
                || subscriptionBytes < 1 || peerQueue < 1) {
            throw new IllegalArgumentException("limits must be positive (frames at least 1 KiB)");
        }
    }

    public static PubsubConfig defaults() {
        return new PubsubConfig(PubsubRouter.GOSSIPSUB, SignaturePolicy.STRICT_SIGN, 6, 4, 12, 6, 0.25,
                Duration.ofSeconds(1), Duration.ofSeconds(60), 5, 3, Duration.ofMinutes(2), Duration.ofMinutes(1),
                true, 1 << 20, 100_000, 1024, 1024, 32L << 20, 256, PeerScoreParams.defaults());
    }

    public PubsubConfig withRouter(PubsubRouter r) {
        return new PubsubConfig(r, signaturePolicy, d, dLow, dHigh, dLazy, gossipFactor, heartbeat, fanoutTtl,
                historyLength, historyGossip, seenTtl, pruneBackoff, floodPublish, maxFrameBytes, maxSeen,
                maxTopicsPerPeer, subscriptionQueue, subscriptionBytes, peerQueue, scoring);
    }

    public PubsubConfig withSignaturePolicy(SignaturePolicy p) {
        return new PubsubConfig(router, p, d, dLow, dHigh, dLazy, gossipFactor, heartbeat, fanoutTtl,
                historyLength, historyGossip, seenTtl, pruneBackoff, floodPublish, maxFrameBytes, maxSeen,
                maxTopicsPerPeer, subscriptionQueue, subscriptionBytes, peerQueue, scoring);
    }

    public PubsubConfig withHeartbeat(Duration h) {
        return new PubsubConfig(router, signaturePolicy, d, dLow, dHigh, dLazy, gossipFactor, h, fanoutTtl,
                historyLength, historyGossip, seenTtl, pruneBackoff, floodPublish, maxFrameBytes, maxSeen,
                maxTopicsPerPeer, subscriptionQueue, subscriptionBytes, peerQueue, scoring);
    }

    public PubsubConfig withMeshDegree(int newD, int newDLow, int newDHigh, int newDLazy) {
        return new PubsubConfig(router, signaturePolicy, newD, newDLow, newDHigh, newDLazy, gossipFactor, heartbeat,
                fanoutTtl, historyLength, historyGossip, seenTtl, pruneBackoff, floodPublish, maxFrameBytes, maxSeen,
                maxTopicsPerPeer, subscriptionQueue, subscriptionBytes, peerQueue, scoring);
    }

    public PubsubConfig withFloodPublish(boolean f) {
        return new PubsubConfig(router, signaturePolicy, d, dLow, dHigh, dLazy, gossipFactor, heartbeat, fanoutTtl,
                historyLength, historyGossip, seenTtl, pruneBackoff, f, maxFrameBytes, maxSeen,
                maxTopicsPerPeer, subscriptionQueue, subscriptionBytes, peerQueue, scoring);
    }

    public PubsubConfig withSubscriptionQueue(int n) {
        return new PubsubConfig(router, signaturePolicy, d, dLow, dHigh, dLazy, gossipFactor, heartbeat, fanoutTtl,
                historyLength, historyGossip, seenTtl, pruneBackoff, floodPublish, maxFrameBytes, maxSeen,
                maxTopicsPerPeer, n, subscriptionBytes, peerQueue, scoring);
    }

    /** These settings with peer scoring as given (null: off). */
    public PubsubConfig withScoring(PeerScoreParams p) {
        return new PubsubConfig(router, signaturePolicy, d, dLow, dHigh, dLazy, gossipFactor, heartbeat, fanoutTtl,
                historyLength, historyGossip, seenTtl, pruneBackoff, floodPublish, maxFrameBytes, maxSeen,
                maxTopicsPerPeer, subscriptionQueue, subscriptionBytes, peerQueue, p);
    }
}
