package dev.ferry.net.bandwidth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottledInputStreamTest {
    @Test
    void readsAreCountedAndPacedByTheLimiter() throws Exception {
        FakeClock clock = new FakeClock(0);
        TokenBucket bucket = new TokenBucket(100_000, 20_000, clock, clock);
        BandwidthMeter meter = new BandwidthMeter(clock, Duration.ofSeconds(2));
        try (InputStream in = new ThrottledInputStream(new ByteArrayInputStream(new byte[220_000]), bucket, meter)) {
            assertThat(in.read()).isZero();
            assertThat(in.skip(9_999)).isEqualTo(9_999);
            assertThat(in.readAllBytes()).hasSize(210_000);
            assertThat(in.markSupported()).isFalse();
        }
        assertThat(meter.totalIn()).isEqualTo(220_000);
        assertThat(meter.totalOut()).isZero();
        assertThat(clock.now).isEqualTo(2_000_000_000L); // 200 000 bytes beyond the burst at 100 000 B/s
    }

    @Test
    void unlimitedAndUnmeteredPassesThrough() throws Exception {
        try (InputStream in = new ThrottledInputStream(new ByteArrayInputStream(new byte[1000]),
                RateLimiter.unlimited(), null)) {
            assertThat(in.readAllBytes()).hasSize(1000);
        }
    }
}
