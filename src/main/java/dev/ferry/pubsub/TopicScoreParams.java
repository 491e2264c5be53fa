package dev.ferry.pubsub;

import java.time.Duration;
import java.util.Objects;

/**
 * How a peer's behaviour in one topic counts towards its score (gossipsub v1.1, P1 to P4). Decay factors are applied
 * once per {@link PeerScoreParams#decayInterval()}.
 *
 * @param topicWeight                  how much this topic's part counts
 * @param timeInMeshWeight             P1, time in the mesh (small and positive)
 * @param timeInMeshQuantum            time in the mesh that earns one point of P1
 * @param timeInMeshCap                the largest P1
 * @param firstDeliveriesWeight        P2, messages this peer delivered first (positive)
 * @param firstDeliveriesDecay         P2's decay factor
 * @param firstDeliveriesCap           the largest P2
 * @param meshDeliveriesWeight         P3, the square of a mesh peer's delivery deficit (negative; 0 turns it off)
 * @param meshDeliveriesDecay          P3's counter's decay factor
 * @param meshDeliveriesThreshold      deliveries a mesh peer is expected to have made (decayed)
 * @param meshDeliveriesCap            the largest P3 counter
 * @param meshDeliveriesActivation     time in the mesh before P3 applies
 * @param meshDeliveriesWindow         how late a copy still counts as delivered by that mesh peer
 * @param meshFailurePenaltyWeight     P3b, the deficits of earlier prunes (negative)
 * @param meshFailurePenaltyDecay      P3b's decay factor
 * @param invalidDeliveriesWeight      P4, the square of invalid messages delivered (negative)
 * @param invalidDeliveriesDecay       P4's decay factor
 */
public record TopicScoreParams(double topicWeight, double timeInMeshWeight, Duration timeInMeshQuantum,
        double timeInMeshCap, double firstDeliveriesWeight, double firstDeliveriesDecay, double firstDeliveriesCap,
        double meshDeliveriesWeight, double meshDeliveriesDecay, double meshDeliveriesThreshold,
        double meshDeliveriesCap, Duration meshDeliveriesActivation, Duration meshDeliveriesWindow,
        double meshFailurePenaltyWeight, double meshFailurePenaltyDecay, double invalidDeliveriesWeight,
        double invalidDeliveriesDecay) {

    public TopicScoreParams {
        Objects.requireNonNull(timeInMeshQuantum, "timeInMeshQuantum");
        Objects.requireNonNull(meshDeliveriesActivation, "meshDeliveriesActivation");
        Objects.requireNonNull(meshDeliveriesWindow, "meshDeliveriesWindow");
        if (topicWeight < 0 || timeInMeshWeight < 0 || firstDeliveriesWeight < 0) {
            throw new IllegalArgumentException("the topic weight and the P1 and P2 weights must not be negative");
        }
        if (meshDeliveriesWeight > 0 || meshFailurePenaltyWeight > 0 || invalidDeliveriesWeight > 0) {
            throw new IllegalArgumentException("the P3, P3b and P4 weights must not be positive");
        }
        if (!timeInMeshQuantum.isPositive() || timeInMeshCap < 0 || firstDeliveriesCap < 0
                || meshDeliveriesThreshold < 0 || meshDeliveriesCap < meshDeliveriesThreshold
                || meshDeliveriesActivation.isNegative() || meshDeliveriesWindow.isNegative()) {
            throw new IllegalArgumentException("time quanta must be positive, caps at least their thresholds");
        }
        for (double d : new double[] {firstDeliveriesDecay, meshDeliveriesDecay, meshFailurePenaltyDecay,
                invalidDeliveriesDecay}) {
            if (!(d > 0 && d < 1)) {
                throw new IllegalArgumentException("decay factors must be between 0 and 1: " + d);
            }
        }
    }

    /**
     * ferry's defaults: up to 10 points for an hour in the mesh, up to 10 for first deliveries (half-life 10 minutes),
     * and -10 times the square of the invalid messages (half-life one hour), so that three invalid messages graylist a
     * peer. P3 is off: the right delivery rate depends on the topic (ferry's content notices are sparse), and a wrong
     * one would drop honest peers from quiet meshes; an application that knows its rate sets it.
     */
    public static TopicScoreParams defaults() {
        Duration second = Duration.ofSeconds(1);
        return new TopicScoreParams(1, 10.0 / 3600, second, 3600, 0.5,
                PeerScoreParams.decayFor(Duration.ofMinutes(10), second), 20, 0,
                PeerScoreParams.decayFor(Duration.ofMinutes(1), second), 0, 0, Duration.ofMinutes(1),
                Duration.ofMillis(5), 0, PeerScoreParams.decayFor(Duration.ofMinutes(10), second), -10,
                PeerScoreParams.decayFor(Duration.ofHours(1), second));
    }

    /** These with the P3 and P3b weights and the delivery threshold, activation and window given. */
    public TopicScoreParams withMeshDeliveries(double weight, double threshold, Duration activation,
            Duration window, double failureWeight) {
        return new TopicScoreParams(topicWeight, timeInMeshWeight, timeInMeshQuantum, timeInMeshCap,
                firstDeliveriesWeight, firstDeliveriesDecay, firstDeliveriesCap, weight, meshDeliveriesDecay,
                threshold, Math.max(meshDeliveriesCap, threshold), activation, window, failureWeight,
                meshFailurePenaltyDecay, invalidDeliveriesWeight, invalidDeliveriesDecay);
    }
}
