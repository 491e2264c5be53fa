package dev.ferry.exchange.ferry.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.testing.ManualClock;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestAdmissionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ManualClock clock = new ManualClock();
    private final PeerId a = Identity.generate(RANDOM).peerId();
    private final PeerId b = Identity.generate(RANDOM).peerId();

    /** Admits and leaves at once, as a quick answer does. */
    private static String quick(RequestAdmission admission, PeerId peer) {
        String refusal = admission.tryEnter(peer);
        if (refusal == null) {
            admission.leave(peer);
        }
        return refusal;
    }

    @Test
    void aBurstThenOnePerIntervalForEachPeer() {
        RequestAdmission admission = new RequestAdmission(
                RequestConfig.defaults().withRequestRate(3, Duration.ofMillis(10)), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(quick(admission, a)).isNull();
        }
        assertThat(quick(admission, a)).isEqualTo("request rate exceeded");
        assertThat(quick(admission, b)).as("another peer has its own bucket").isNull();
        clock.advance(Duration.ofMillis(9));
        assertThat(quick(admission, a)).as("not a whole interval yet").isEqualTo("request rate exceeded");
        clock.advance(Duration.ofMillis(1));
        assertThat(quick(admission, a)).isNull();
        assertThat(quick(admission, a)).isEqualTo("request rate exceeded");
        // an idle peer gets its burst back, never more
        clock.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            assertThat(quick(admission, a)).isNull();
        }
        assertThat(quick(admission, a)).isEqualTo("request rate exceeded");
    }

    @Test
    void partsOfAnIntervalAddUp() {
        RequestAdmission admission = new RequestAdmission(
                RequestConfig.defaults().withRequestRate(1, Duration.ofMillis(2)), clock);
        assertThat(quick(admission, a)).isNull();
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofNanos(500_000)); // a quarter of the interval: below the millisecond
            assertThat(quick(admission, a)).isEqualTo(i < 3 ? "request rate exceeded" : null);
        }
    }

    @Test
    void answersAtOnceAreCappedPerPeerAndInTotal() {
        RequestAdmission admission = new RequestAdmission(
                RequestConfig.defaults().withMaxPerPeer(2).withMaxConcurrent(3), clock);
        assertThat(admission.tryEnter(a)).isNull();
        assertThat(admission.tryEnter(a)).isNull();
        assertThat(admission.tryEnter(a)).startsWith("too many requests from this peer at once");
        assertThat(admission.tryEnter(b)).isNull();
        assertThat(admission.tryEnter(b)).isEqualTo("too many requests at once");
        admission.leave(a);
        assertThat(admission.tryEnter(b)).isNull();
        assertThat(admission.tryEnter(a)).isEqualTo("too many requests at once");
    }

    @Test
    void aPeerOfWeightTwoMayHaveTwiceTheAnswersAtOnceWithinTheTotal() {
        RequestAdmission admission = new RequestAdmission(
                RequestConfig.defaults().withMaxPerPeer(2).withMaxConcurrent(7), clock);
        PeerId c = Identity.generate(RANDOM).peerId();
        admission.setWeights(p -> p.equals(a) ? 2 : p.equals(c) ? 99 : 1);
        for (int i = 0; i < 4; i++) {
            assertThat(admission.tryEnter(a)).isNull();
        }
        assertThat(admission.tryEnter(a)).isEqualTo("too many requests from this peer at once (4)");
        assertThat(admission.tryEnter(b)).isNull();
        assertThat(admission.tryEnter(b)).isNull();
        assertThat(admission.tryEnter(b)).isEqualTo("too many requests from this peer at once (2)");
        // the total still holds: one place left of seven
        assertThat(admission.tryEnter(c)).isNull();
        assertThat(admission.tryEnter(c)).isEqualTo("too many requests at once");
        // a failing weight counts as 1
        admission.setWeights(p -> {
            throw new IllegalStateException("no weights");
        });
        admission.leave(a);
        admission.leave(a);
        assertThat(admission.tryEnter(a)).isEqualTo("too many requests from this peer at once (2)");
    }

    @Test
    void weightsAboveFourCountAsFour() {
        RequestAdmission admission = new RequestAdmission(RequestConfig.defaults().withMaxPerPeer(1), clock);
        admission.setWeights(p -> 99);
        for (int i = 0; i < 4; i++) {
            assertThat(admission.tryEnter(a)).isNull();
        }
        assertThat(admission.tryEnter(a)).isEqualTo("too many requests from this peer at once (4)");
    }

    @Test
    void theDefaultsLetAReaderOfManySmallFilesThrough() {
        RequestAdmission admission = new RequestAdmission(RequestConfig.defaults(), clock);
        // 1,000 requests, one every 2 ms: two seconds of fetching small files one after the other
        for (int i = 0; i < 1000; i++) {
            assertThat(quick(admission, a)).as("request " + i).isNull();
            clock.advance(Duration.ofMillis(2));
        }
        // a flood without pause is still cut off after the burst
        int admitted = 0;
        while (quick(admission, a) == null) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(RequestConfig.defaults().requestBurst());
    }
}
