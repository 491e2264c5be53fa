package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ProvideCountersTest {
    private static final Optional<Duration> DAILY = Optional.of(Duration.ofHours(22));

    @Test
    void startsAtZeroWithNothingRunNorScheduled() {
        ProvideStats s = new ProvideCounters().snapshot(0, DAILY);
        assertThat(s.totalProvides()).isZero();
        assertThat(s.failedProvides()).isZero();
        assertThat(s.avgProvideDuration()).isZero();
        assertThat(s.lastReprovideDuration()).isZero();
        assertThat(s.lastReprovideBatchSize()).isZero();
        assertThat(s.lastReprovide()).isEmpty();
        assertThat(s.nextReprovide()).isEmpty();
        assertThat(s.reprovideInterval()).isEqualTo(DAILY);
        assertThat(s.reprovidesRunning()).isZero();
    }

    @Test
    void averagesTheProvidesTakenAndCountsFailuresApart() {
        ProvideCounters c = new ProvideCounters();
        c.provided(Duration.ofMillis(100));
        c.provided(Duration.ofMillis(300));
        c.failed();
        ProvideStats s = c.snapshot(7, DAILY);
        assertThat(s.totalProvides()).isEqualTo(2);
        assertThat(s.failedProvides()).isEqualTo(1);
        assertThat(s.avgProvideDuration()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.queuedProvides()).isEqualTo(7);
    }

    @Test
    void keepsTheLastReprovideRunAndTheNextOne() {
        ProvideCounters c = new ProvideCounters();
        Instant first = Instant.parse("2025-01-01T00:00:00Z");
        c.reprovideStarted();
        assertThat(c.snapshot(0, DAILY).reprovidesRunning()).isEqualTo(1);
        c.reprovideFinished(first, 12, Duration.ofSeconds(3));
        c.reprovideStarted();
        c.reprovideFinished(first.plusSeconds(60), 5, Duration.ofMillis(1500));
        c.nextReprovide(first.plus(Duration.ofHours(22)));
        ProvideStats s = c.snapshot(0, DAILY);
        assertThat(s.lastReprovide()).contains(first.plusSeconds(60));
        assertThat(s.lastReprovideBatchSize()).isEqualTo(5);
        assertThat(s.lastReprovideDuration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.nextReprovide()).contains(first.plus(Duration.ofHours(22)));
        assertThat(s.reprovidesRunning()).isZero();
        // with Reprovider.Interval 0 no run is due, whatever was scheduled before
        assertThat(c.snapshot(0, Optional.empty()).nextReprovide()).isEmpty();
    }

    @Test
    void theTotalTimeSaturatesInsteadOfWrapping() {
        ProvideCounters c = new ProvideCounters();
        c.provided(Duration.ofNanos(Long.MAX_VALUE - 1));
        c.provided(Duration.ofNanos(Long.MAX_VALUE - 1));
        assertThat(c.snapshot(0, DAILY).avgProvideDuration()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE / 2));
    }

    @Test
    void countsEveryProvideFromManyThreads() throws Exception {
        ProvideCounters c = new ProvideCounters();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        c.provided(Duration.ofMillis(2));
                        c.failed();
                    }
                });
            }
        }
        ProvideStats s = c.snapshot(0, DAILY);
        assertThat(s.totalProvides()).isEqualTo(80_000);
        assertThat(s.failedProvides()).isEqualTo(80_000);
        assertThat(s.avgProvideDuration()).isEqualTo(Duration.ofMillis(2));
    }
}
