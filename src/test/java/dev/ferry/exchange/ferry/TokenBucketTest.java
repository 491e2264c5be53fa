package dev.ferry.exchange.ferry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long MS = 1_000_000L;

    @Test
    void aBurstThenOneTokenPerInterval() {
        TokenBucket b = new TokenBucket(3, Duration.ofMillis(100), 0);
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isFalse();
        assertThat(b.tryTake(99 * MS)).isFalse();
        assertThat(b.tryTake(100 * MS)).isTrue();
        assertThat(b.isFull(200 * MS)).isFalse();
        assertThat(b.isFull(400 * MS)).isTrue();
        assertThat(b.tryTake(10_000 * MS)).isTrue(); // capped at the burst
        assertThat(b.tryTake(10_000 * MS)).isTrue();
        assertThat(b.tryTake(10_000 * MS)).isTrue();
        assertThat(b.tryTake(10_000 * MS)).isFalse();
    }

    @Test
    void timeRunningBackwardsAddsNothingAndAZeroIntervalNeverEmpties() {
        TokenBucket b = new TokenBucket(1, Duration.ofSeconds(1), 5_000 * MS);
        assertThat(b.tryTake(5_000 * MS)).isTrue();
        assertThat(b.tryTake(1_000 * MS)).isFalse();
        assertThat(b.tryTake(5_999 * MS)).isFalse();
        assertThat(b.tryTake(6_000 * MS)).isTrue();
        TokenBucket free = new TokenBucket(1, Duration.ZERO, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(free.tryTake(0)).isTrue();
        }
    }
}
