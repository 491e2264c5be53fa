package dev.ferry.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.pubsub.wire.MessageId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The score function of gossipsub v1.1 with ferry's defaults, part by part, on a manual clock. */
class PeerScoreTest {
    static final long SECOND = 1_000_000_000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    static PeerId peer() {
        return Identity.generate(RANDOM).peerId();
    }

    static MessageId id(int n) {
        return new MessageId(new byte[] {(byte) (n >> 8), (byte) n, 7});
    }

    @Test
    void timeInMeshEarnsUpToTenPoints() {
        PeerScore s = new PeerScore(PeerScoreParams.defaults(), 0);
        PeerId p = peer();
        s.addPeer(p, null);
        s.graft(p, "t", 0);
        assertThat(s.score(p, 0)).isZero();
        assertThat(s.score(p, 1800 * SECOND)).isCloseTo(5.0, within(1e-9));
        assertThat(s.score(p, 7200 * SECOND)).isCloseTo(10.0, within(1e-9));
        s.prune(p, "t", 7200 * SECOND);
        assertThat(s.score(p, 7200 * SECOND)).isZero(); // P1 counts only in the mesh
    }

    @Test
    void firstDeliveriesAreCappedAndDecay() {
        PeerScore s = new PeerScore(PeerScoreParams.defaults(), 0);
        PeerId p = peer();
        s.addPeer(p, null);
        for (int i = 0; i < 5; i++) {
            s.firstDelivery(p, "t", id(i), 0);
        }
        assertThat(s.score(p, 0)).isCloseTo(2.5, within(1e-9));
        for (int i = 5; i < 50; i++) {
            s.firstDelivery(p, "t", id(i), 0);
        }
        assertThat(s.score(p, 0)).isCloseTo(10.0, within(1e-9)); // capped at 20 deliveries
        s.decay(600 * SECOND); // ten minutes at once: their half-life
        assertThat(s.score(p, 600 * SECOND)).isCloseTo(5.0, within(1e-6));
    }

    @Test
    void invalidMessagesCostTheSquareAndThreeGraylist() {
        PeerScoreParams params = PeerScoreParams.defaults();
        PeerScore s = new PeerScore(params, 0);
        PeerId p = peer();
        s.addPeer(p, null);
        s.invalid(p, "t");
        assertThat(s.score(p, 0)).isCloseTo(-10, within(1e-9));
        s.invalid(p, "t");
        s.invalid(p, "t");
        assertThat(s.score(p, 0)).isCloseTo(-90, within(1e-9)).isLessThan(params.thresholds().graylist());
        for (int i = 1; i <= 3600; i++) {
            s.decay(i * SECOND);
        }
        assertThat(s.score(p, 3600 * SECOND)).isCloseTo(-22.5, within(1e-6)); // 1.5 invalid after an hour
        s.invalid(p, null); // no topic: misbehaviour, within the free penalties
        assertThat(s.score(p, 3600 * SECOND)).isCloseTo(-22.5, within(1e-6));
    }

    @Test
    void theTopicsPartIsCappedButNotPenalties() {
        PeerScoreParams params = new PeerScoreParams(TopicScoreParams.defaults(), 12, 1, -10, 10, -10, 6, 0.5,
                Duration.ofSeconds(1), 0.01, Duration.ofHours(1), 100, ScoreThresholds.defaults(), 4, 2, 60, 2,
                Duration.ofSeconds(3), true);
        PeerScore s = new PeerScore(params, 0);
        PeerId p = peer();
        s.addPeer(p, null);
        s.graft(p, "a", 0);
        s.graft(p, "b", 0);
        assertThat(s.score(p, 7200 * SECOND)).isCloseTo(12, within(1e-9)); // 10 + 10, capped
        s.setAppScore(p, 3);
        assertThat(s.score(p, 7200 * SECOND)).isCloseTo(15, within(1e-9)); // P5 is outside the cap
        s.invalid(p, "a");
        assertThat(s.score(p, 7200 * SECOND)).isCloseTo(13, within(1e-9)); // 20 - 10, then 3
    }

    @Test
    void theApplicationScoreCountsAsGiven() {
        PeerScore s = new PeerScore(PeerScoreParams.defaults(), 0);
        PeerId p = peer();
        s.addPeer(p, null);
        s.setAppScore(p, 7);
        assertThat(s.score(p, 0)).isEqualTo(7);
        s.setAppScore(p, -60);
        assertThat(s.score(p, 0)).isEqualTo(-60);
    }

    @Test
    void manyPeersOnOneAddressArePenalizedButLoopbackIsNot() {
        PeerScore s = new PeerScore(PeerScoreParams.defaults(), 0);
        List<PeerId> same = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            PeerId p = peer();
            s.addPeer(p, "203.0.113.7");
            same.add(p);
        }
        PeerId alone = peer();
        s.addPeer(alone, "198.51.100.1");
        PeerId local = peer();
        s.addPeer(local, null);
        assertThat(s.score(same.getFirst(), 0)).isCloseTo(-40, within(1e-9)); // 2 beyond 10, squared, times -10
        assertThat(s.score(alone, 0)).isZero();
        assertThat(s.score(local, 0)).isZero();
        s.removePeer(same.get(0), 0);
        s.removePeer(same.get(1), 0);
        assertThat(s.score(same.get(2), 0)).isZero();

        assertThat(Pubsub.colocationKey(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"))).isNull();
        assertThat(Pubsub.colocationKey(Multiaddr.parse("/ip6/::1/tcp/4001"))).isNull();
        assertThat(Pubsub.colocationKey(Multiaddr.parse("/ip4/203.0.113.7/tcp/4001"))).isEqualTo("203.0.113.7");
        assertThat(Pubsub.colocationKey(Multiaddr.parse("/ip6/2001:db8::1/tcp/1")))
                .isEqualTo(Pubsub.colocationKey(Multiaddr.parse("/ip6/2001:db8:0::1/tcp/2")));
    }

    @Test
    void behaviourPenaltiesCountBeyondTheFreeOnes() {
        PeerScore s = new PeerScore(PeerScoreParams.defaults(), 0);
        PeerId p = peer();
        s.addPeer(p, null);
        s.penalize(p, 6);
        assertThat(s.score(p, 0)).isZero();
        s.penalize(p, 2);
        assertThat(s.score(p, 0)).isCloseTo(-40, within(1e-9));
        s.decay(6000 * SECOND); // ten half-lives
        assertThat(s.score(p, 6000 * SECOND)).isZero();
    }

    @Test
    void meshDeliveriesWhenTurnedOnPenalizeSilentMeshPeersAndStickAfterThePrune() {
        TopicScoreParams topic = TopicScoreParams.defaults().withMeshDeliveries(-1, 4, Duration.ofSeconds(1),
                Duration.ofMillis(5), -1);
        PeerScore s = new PeerScore(PeerScoreParams.defaults().withTopic(topic), 0);
        PeerId quiet = peer();
        PeerId fast = peer();
        PeerId late = peer();
        for (PeerId p : List.of(quiet, fast, late)) {
            s.addPeer(p, null);
            s.graft(p, "t", 0);
        }
        assertThat(s.score(quiet, SECOND / 2)).isZero(); // not active yet
        for (int i = 0; i < 4; i++) {
            long at = (i + 1) * SECOND / 10;
            s.firstDelivery(quiet, "t", id(i), at);
            s.duplicate(fast, id(i), at + 2_000_000); // 2 ms later: near-first
            s.duplicate(late, id(i), at + 50_000_000); // 50 ms later: a replay
            s.duplicate(fast, id(i), at + 3_000_000); // counted once per message
        }
        long now = 2 * SECOND;
        double p1 = 2 * 10.0 / 3600;
        assertThat(s.score(fast, now)).isCloseTo(p1, within(1e-9)); // 4 of 4 expected
        assertThat(s.score(late, now)).isCloseTo(p1 - 16, within(1e-9)); // deficit 4, squared
        s.prune(late, "t", now);
        assertThat(s.score(late, now)).isCloseTo(-16, within(1e-9)); // P3b keeps it
        s.graft(late, "t", now);
        assertThat(s.score(late, now)).isCloseTo(-16, within(1e-9)); // and P3 starts over, not yet active
    }

    @Test
    void negativeScoresOutliveADisconnectionPositiveOnesDoNot() {
        PeerScore s = new PeerScore(PeerScoreParams.defaults(), 0);
        PeerId bad = peer();
        PeerId good = peer();
        s.addPeer(bad, null);
        s.addPeer(good, null);
        s.invalid(bad, "t");
        s.firstDelivery(good, "t", id(1), 0);
        s.removePeer(bad, 0);
        s.removePeer(good, 0);
        assertThat(s.size()).isEqualTo(1);
        s.addPeer(bad, null); // reconnecting does not wash it
        assertThat(s.score(bad, SECOND)).isCloseTo(-10, within(0.1));
        assertThat(s.score(good, SECOND)).isZero();
        s.removePeer(bad, SECOND);
        s.decay(3600 * SECOND);
        assertThat(s.size()).isEqualTo(1); // retained one hour
        s.decay(3602 * SECOND);
        assertThat(s.size()).isZero();
        assertThat(s.score(bad, 3602 * SECOND)).isZero();
    }

    @Test
    void retainedPeersAreBounded() {
        PeerScoreParams d = PeerScoreParams.defaults();
        PeerScoreParams params = new PeerScoreParams(d.topic(), d.topicScoreCap(), d.appSpecificWeight(),
                d.ipColocationWeight(), d.ipColocationThreshold(), d.behaviourPenaltyWeight(),
                d.behaviourPenaltyThreshold(), d.behaviourPenaltyDecay(), d.decayInterval(), d.decayToZero(),
                d.retainScore(), 3, d.thresholds(), d.dScore(), d.dOut(), d.opportunisticGraftEvery(),
                d.opportunisticGraftPeers(), d.iwantFollowup(), d.peerExchange());
        PeerScore s = new PeerScore(params, 0);
        List<PeerId> bad = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            PeerId p = peer();
            s.addPeer(p, null);
            s.invalid(p, "t");
            s.removePeer(p, i);
            bad.add(p);
        }
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.score(bad.getLast(), 10)).isNegative(); // the newest are kept
        assertThat(s.score(bad.getFirst(), 10)).isZero();
    }

    @Test
    void manyIntervalsDecayAtOnceAndTheTimeInMeshFollows() {
        PeerScore s = new PeerScore(PeerScoreParams.defaults(), 0);
        PeerId p = peer();
        s.addPeer(p, null);
        s.penalize(p, 16);
        s.decay(SECOND / 2); // less than an interval: nothing
        assertThat(s.score(p, SECOND / 2)).isCloseTo(-1000, within(1e-9));
        s.decay(600 * SECOND); // one half-life in one call
        assertThat(s.score(p, 600 * SECOND)).isCloseTo(-40, within(1e-6)); // 8 - 6 = 2, squared, times -10
    }

    @Test
    void parametersOutsideTheSpecsConstraintsAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ScoreThresholds(-10, -5, -80, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ScoreThresholds(1, -5, -80, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TopicScoreParams.defaults()
                .withMeshDeliveries(1, 4, Duration.ZERO, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PeerScoreParams.decayFor(Duration.ofMinutes(1), Duration.ofSeconds(1)))
                .isCloseTo(Math.pow(0.5, 1.0 / 60), within(1e-12));
    }
}
