package dev.ferry.net.bandwidth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BandwidthMeterTest {
    static final long MS = 1_000_000L;

    @Test
    void steadyTrafficShowsItsRate() {
        FakeClock clock = new FakeClock(42);
        BandwidthMeter m = new BandwidthMeter(clock, Duration.ofSeconds(2));
        for (int i = 0; i < 100; i++) { // 10 s: 1000 B/s in, 250 B/s out, in 100 ms steps
            clock.advance(100 * MS);
            m.record(Direction.IN, 100);
            m.record(Direction.OUT, 25);
            if (i % 5 == 4) {
                m.sample();
            }
        }
        BandwidthSnapshot s = m.snapshot();
        assertThat(s.totalIn()).isEqualTo(10_000);
        assertThat(s.totalOut()).isEqualTo(2_500);
        assertThat(s.rateIn()).isCloseTo(1000, within(1e-6));
        assertThat(s.rateOut()).isCloseTo(250, within(1e-6));
    }

    @Test
    void theRateFollowsChangesWithinAboutOneWindow() {
        FakeClock clock = new FakeClock(0);
        BandwidthMeter m = new BandwidthMeter(clock, Duration.ofSeconds(2));
        for (int i = 0; i < 20; i++) { // 10 s at 4000 B/s
            clock.advance(500 * MS);
            m.record(Direction.OUT, 2000);
            m.sample();
        }
        assertThat(m.snapshot().rateOut()).isCloseTo(4000, within(1e-6));
        for (int i = 0; i < 5; i++) { // then silence
            clock.advance(500 * MS);
            m.sample();
        }
        assertThat(m.snapshot().rateOut()).isZero();
        assertThat(m.snapshot().totalOut()).isEqualTo(40_000);
    }

    @Test
    void frequentSamplingDoesNotShortenTheWindow() {
        FakeClock clock = new FakeClock(0);
        BandwidthMeter m = new BandwidthMeter(clock, Duration.ofSeconds(2));
        for (int i = 0; i < 4000; i++) { // 4 s at 1000 B/s, sampled every millisecond
            clock.advance(MS);
            m.record(Direction.IN, 1);
            m.sample();
        }
        clock.advance(100 * MS); // a short pause barely moves a 2 s average
        assertThat(m.snapshot().rateIn()).isBetween(900.0, 1000.0);
    }

    @Test
    void withoutSamplesTheRateIsTheAverageSinceTheStart() {
        FakeClock clock = new FakeClock(0);
        BandwidthMeter m = new BandwidthMeter(clock, Duration.ofSeconds(2));
        clock.advance(4000 * MS);
        m.record(Direction.IN, 8000);
        assertThat(m.snapshot().rateIn()).isCloseTo(2000, within(1e-6));
        assertThat(new BandwidthMeter(clock, Duration.ofSeconds(1)).snapshot()).isEqualTo(BandwidthSnapshot.ZERO);
    }

    @Test
    void concurrentRecordsAreAllCounted() throws Exception {
        BandwidthMeter m = new BandwidthMeter();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 100_000; i++) {
                    m.record(Direction.IN, 3);
                    m.record(Direction.OUT, 1);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(m.totalIn()).isEqualTo(2_400_000);
        assertThat(m.totalOut()).isEqualTo(800_000);
    }

    @Test
    void snapshotsAdd() {
        assertThat(new BandwidthSnapshot(1, 2, 3, 4).plus(new BandwidthSnapshot(10, 20, 30, 40)))
                .isEqualTo(new BandwidthSnapshot(11, 22, 33, 44));
    }
}
