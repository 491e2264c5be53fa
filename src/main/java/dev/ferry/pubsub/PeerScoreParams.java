package dev.ferry.pubsub;

import java.time.Duration;
import java.util.Objects;

/**
 * Gossipsub v1.1 peer scoring: how scores are made (the parts that are not per topic: P5 to P7) and the mesh rules
 * that use them.
 *
 * @param topic                     how behaviour in a topic counts, for every topic we subscribe to
 * @param topicScoreCap             the largest sum of the topics' parts (0: no cap)
 * @param appSpecificWeight         P5, the application's own score of the peer (ferry: its trust level)
 * @param ipColocationWeight        P6, the square of the peers beyond the threshold on one IP address (negative)
 * @param ipColocationThreshold     peers one IP address may hold without a penalty (loopback addresses never get one)
 * @param behaviourPenaltyWeight    P7, the square of the behaviour penalty beyond its threshold (negative)
 * @param behaviourPenaltyThreshold penalties a peer may collect without effect
 * @param behaviourPenaltyDecay     P7's decay factor
 * @param decayInterval             how often the counters decay
 * @param decayToZero               a decayed counter below this is 0
 * @param retainScore               how long a disconnected peer's negative score is kept (a reconnection does not
 *                                  reset it)
 * @param maxRetained               disconnected peers remembered at most
 * @param thresholds                what the score gates
 * @param dScore                    mesh peers kept by score when a mesh is pruned down to D (the rest at random)
 * @param dOut                      outbound-connection peers each mesh keeps at least (below D_low and at most D/2)
 * @param opportunisticGraftEvery   heartbeats between opportunistic grafting rounds
 * @param opportunisticGraftPeers   peers grafted in one such round
 * @param iwantFollowup             how long a peer that announced a message has to deliver it once asked
 * @param peerExchange              offer peers of the topic in our PRUNEs, and dial the peers offered by peers
 *                                  scoring at least {@link ScoreThresholds#acceptPeerExchange()} (v1.1's PX: it
 *                                  comes with scores, which decide whose advice is taken)
 */
public record PeerScoreParams(TopicScoreParams topic, double topicScoreCap, double appSpecificWeight,
        double ipColocationWeight, int ipColocationThreshold, double behaviourPenaltyWeight,
        double behaviourPenaltyThreshold, double behaviourPenaltyDecay, Duration decayInterval, double decayToZero,
        Duration retainScore, int maxRetained, ScoreThresholds thresholds, int dScore, int dOut,
        int opportunisticGraftEvery, int opportunisticGraftPeers, Duration iwantFollowup, boolean peerExchange) {

    public PeerScoreParams {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(decayInterval, "decayInterval");
        Objects.requireNonNull(retainScore, "retainScore");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(iwantFollowup, "iwantFollowup");
        if (topicScoreCap < 0 || appSpecificWeight < 0 || ipColocationWeight > 0 || behaviourPenaltyWeight > 0) {
            throw new IllegalArgumentException("P5's weight must not be negative, P6's and P7's not positive");
        }
        if (ipColocationThreshold < 1 || behaviourPenaltyThreshold < 0 || !(behaviourPenaltyDecay > 0
                && behaviourPenaltyDecay < 1) || !decayInterval.isPositive() || !(decayToZero > 0 && decayToZero < 1)
                || retainScore.isNegative() || maxRetained < 0 || dScore < 0 || dOut < 0
                || opportunisticGraftEvery < 1 || opportunisticGraftPeers < 0 || !iwantFollowup.isPositive()) {
            throw new IllegalArgumentException("invalid peer score parameters");
        }
    }

    /**
     * ferry's defaults. A peer's trust level (0 to 10) is its P5, so the peers the user trusts are kept in the meshes;
     * more than 10 peers on one IP address cost each of them the square of the surplus times 10; each broken IWANT
     * promise or GRAFT during a backoff beyond the sixth costs the square of the excess times 10 (half-life 10
     * minutes). D_score 4 and D_out 2 for a D of 6, as the spec suggests.
     */
    public static PeerScoreParams defaults() {
        Duration second = Duration.ofSeconds(1);
        return new PeerScoreParams(TopicScoreParams.defaults(), 50, 1, -10, 10, -10, 6,
                decayFor(Duration.ofMinutes(10), second), second, 0.01, Duration.ofHours(1), 10_000,
                ScoreThresholds.defaults(), 4, 2, 60, 2, Duration.ofSeconds(3), true);
    }

    /** The decay factor per {@code interval} that halves a counter in {@code halfLife}. */
    public static double decayFor(Duration halfLife, Duration interval) {
        return Math.pow(0.5, (double) interval.toNanos() / halfLife.toNanos());
    }

    public PeerScoreParams withTopic(TopicScoreParams t) {
        return new PeerScoreParams(t, topicScoreCap, appSpecificWeight, ipColocationWeight, ipColocationThreshold,
                behaviourPenaltyWeight, behaviourPenaltyThreshold, behaviourPenaltyDecay, decayInterval, decayToZero,
                retainScore, maxRetained, thresholds, dScore, dOut, opportunisticGraftEvery, opportunisticGraftPeers,
                iwantFollowup, peerExchange);
    }

    public PeerScoreParams withThresholds(ScoreThresholds t) {
        return new PeerScoreParams(topic, topicScoreCap, appSpecificWeight, ipColocationWeight, ipColocationThreshold,
                behaviourPenaltyWeight, behaviourPenaltyThreshold, behaviourPenaltyDecay, decayInterval, decayToZero,
                retainScore, maxRetained, t, dScore, dOut, opportunisticGraftEvery, opportunisticGraftPeers,
                iwantFollowup, peerExchange);
    }

    public PeerScoreParams withOpportunisticGraft(int everyHeartbeats, int peers) {
        return new PeerScoreParams(topic, topicScoreCap, appSpecificWeight, ipColocationWeight, ipColocationThreshold,
                behaviourPenaltyWeight, behaviourPenaltyThreshold, behaviourPenaltyDecay, decayInterval, decayToZero,
                retainScore, maxRetained, thresholds, dScore, dOut, everyHeartbeats, peers, iwantFollowup,
                peerExchange);
    }

    public PeerScoreParams withIpColocation(double weight, int threshold) {
        return new PeerScoreParams(topic, topicScoreCap, appSpecificWeight, weight, threshold,
                behaviourPenaltyWeight, behaviourPenaltyThreshold, behaviourPenaltyDecay, decayInterval, decayToZero,
                retainScore, maxRetained, thresholds, dScore, dOut, opportunisticGraftEvery, opportunisticGraftPeers,
                iwantFollowup, peerExchange);
    }

    public PeerScoreParams withPeerExchange(boolean on) {
        return new PeerScoreParams(topic, topicScoreCap, appSpecificWeight, ipColocationWeight, ipColocationThreshold,
                behaviourPenaltyWeight, behaviourPenaltyThreshold, behaviourPenaltyDecay, decayInterval, decayToZero,
                retainScore, maxRetained, thresholds, dScore, dOut, opportunisticGraftEvery, opportunisticGraftPeers,
                iwantFollowup, on);
    }
}
