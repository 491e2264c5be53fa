package dev.ferry.routing.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SuccessorModelTest {
    private final ManualClock clock = new ManualClock();
    private final Cid a = cid("a");
    private final Cid b = cid("b");
    private final Cid c = cid("c");

    static Cid cid(String name) {
        return Block.raw(name.getBytes(StandardCharsets.UTF_8)).cid();
    }

    private SuccessorModel model() {
        return new SuccessorModel(SuccessorModelConfig.defaults().withThresholds(3, 0.3), clock);
    }

    /** {@code client} asks for {@code first}, then {@code second} {@code gap} later, then waits a minute. */
    private void pair(SuccessorModel m, String client, Cid first, Cid second, Duration gap) {
        m.observe(client, first);
        clock.advance(gap);
        m.observe(client, second);
        clock.advance(Duration.ofMinutes(1));
    }

    @Test
    void aSuccessorIsPredictedOnceItHasFollowedOftenEnough() {
        SuccessorModel m = model();
        pair(m, "x", a, b, Duration.ofSeconds(5));
        pair(m, "x", a, b, Duration.ofSeconds(5));
        assertThat(m.predict(a)).isEmpty(); // two sightings, three needed
        pair(m, "x", a, b, Duration.ofSeconds(5));
        assertThat(m.predict(a)).singleElement().satisfies(p -> {
            assertThat(p.cid()).isEqualTo(b);
            assertThat(p.count()).isBetween(2.99, 3.0);
            assertThat(p.probability()).isBetween(0.99, 1.0);
        });
        assertThat(m.predict(b)).isEmpty(); // nothing followed b
    }

    @Test
    void aRequestOutsideTheWindowIsNoSuccessor() {
        SuccessorModel m = model();
        for (int i = 0; i < 5; i++) {
            pair(m, "x", a, b, Duration.ofSeconds(31));
        }
        assertThat(m.predict(a)).isEmpty();
    }

    @Test
    void theProbabilityThresholdHoldsBackARareSuccessor() {
        SuccessorModel m = model();
        for (int i = 0; i < 4; i++) {
            pair(m, "x", a, b, Duration.ofSeconds(1));
        }
        for (int i = 0; i < 8; i++) {
            pair(m, "x", a, c, Duration.ofSeconds(1));
        }
        // b followed 4 of 12 requests of a (0.33), c 8 of 12
        assertThat(m.predict(a)).extracting(Prediction::cid).containsExactly(c, b);
        SuccessorModel strict = new SuccessorModel(SuccessorModelConfig.defaults().withThresholds(3, 0.5), clock);
        for (int i = 0; i < 4; i++) {
            pair(strict, "x", a, b, Duration.ofSeconds(1));
        }
        for (int i = 0; i < 8; i++) {
            pair(strict, "x", a, c, Duration.ofSeconds(1));
        }
        assertThat(strict.predict(a)).extracting(Prediction::cid).containsExactly(c);
    }

    @Test
    void countsDecayWithTheHalfLife() {
        SuccessorModel m = new SuccessorModel(SuccessorModelConfig.defaults().withHalfLife(Duration.ofHours(1))
                .withThresholds(3, 0.3), clock);
        for (int i = 0; i < 4; i++) {
            m.observe("x", a);
            clock.advance(Duration.ofSeconds(1));
            m.observe("x", b);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(m.predict(a)).singleElement().satisfies(p -> assertThat(p.count()).isGreaterThan(3.9));
        clock.advance(Duration.ofHours(1)); // four halve to about two: below the minimum count
        assertThat(m.predict(a)).isEmpty();
        // new evidence builds it up again
        m.observe("x", a);
        clock.advance(Duration.ofSeconds(1));
        m.observe("x", b);
        assertThat(m.predict(a)).singleElement().satisfies(p -> {
            assertThat(p.count()).isBetween(2.9, 3.0);
            assertThat(p.probability()).isBetween(0.99, 1.0);
        });
    }

    @Test
    void clientsAreKeptApart() {
        SuccessorModel m = model();
        // x asks for a, y for b right after, again and again: b never follows a for the same client
        for (int i = 0; i < 6; i++) {
            m.observe("x", a);
            clock.advance(Duration.ofSeconds(1));
            m.observe("y", b);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(m.predict(a)).isEmpty();
        assertThat(m.predict(b)).isEmpty();
        // the same requests by one client do make b a successor
        for (int i = 0; i < 3; i++) {
            pair(m, "x", a, b, Duration.ofSeconds(1));
        }
        assertThat(m.predict(a)).extracting(Prediction::cid).containsExactly(b);
    }

    /** What the saver goes by: a counted request or a restore is a change; a repeat or a prediction is not. */
    @Test
    void changesCountWhatIsLearnedOnly() {
        SuccessorModel m = model();
        assertThat(m.changes()).isZero();
        m.observe("x", a);
        long afterA = m.changes();
        assertThat(afterA).isPositive();
        m.observe("x", a); // a reload
        m.predict(a);
        m.size();
        m.export();
        assertThat(m.changes()).isEqualTo(afterA);
        m.observe("x", b);
        assertThat(m.changes()).isGreaterThan(afterA);
        long beforeRestore = m.changes();
        m.restore(java.util.List.of());
        assertThat(m.changes()).isGreaterThan(beforeRestore);
    }

    @Test
    void askingAgainForTheSameCidIsNoTransition() {
        SuccessorModel m = model();
        for (int i = 0; i < 5; i++) {
            m.observe("x", a);
            clock.advance(Duration.ofSeconds(1));
            m.observe("x", a); // a reload
            clock.advance(Duration.ofSeconds(1));
            m.observe("x", b);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(m.predict(a)).extracting(Prediction::cid).containsExactly(b);
        assertThat(m.predict(a).getFirst().probability()).isBetween(0.99, 1.0); // reloads are not more requests
    }

    @Test
    void aCidKeepsAtMostItsCapOfSuccessorsTheStrongestStaying() {
        SuccessorModel m = new SuccessorModel(SuccessorModelConfig.defaults().withThresholds(1, 0.01)
                .withLimits(100, 2, 10), clock);
        for (int i = 0; i < 5; i++) {
            pair(m, "x", a, b, Duration.ofSeconds(1));
        }
        for (int i = 0; i < 10; i++) {
            pair(m, "x", a, cid("other" + i), Duration.ofSeconds(1));
        }
        var predicted = m.predict(a);
        assertThat(predicted).hasSizeLessThanOrEqualTo(2);
        assertThat(predicted.getFirst().cid()).isEqualTo(b);
        assertThat(m.export().stream().filter(e -> e.cid().equals(a)).findFirst().orElseThrow().successors())
                .hasSize(2);
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> SuccessorModelConfig.defaults().withThresholds(3, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SuccessorModelConfig.defaults().withLimits(0, 8, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SuccessorModelConfig.defaults().withWindow(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
