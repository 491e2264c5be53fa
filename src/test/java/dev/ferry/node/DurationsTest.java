package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsGoDurationsAsKuboWritesThem() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("22h")).isEqualTo(Duration.ofHours(22));
        assertThat(Durations.parse("1m0s")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("1h30m15s")).isEqualTo(Duration.ofSeconds(5415));
        assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("0")).isZero();
        assertThat(Durations.parse("0s")).isZero();
        assertThat(Durations.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(Durations.parse(" 3s ")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Durations.parse("-2s")).isEqualTo(Duration.ofSeconds(-2));
    }

    @Test
    void refusesWhatIsNoDuration() {
        for (String bad : new String[] {"", "5", "soon", "1x", "m", "1h 2m", "1.2.3s", "s1", "99999999999999h"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid duration");
        }
    }

    @Test
    void writesDurationsAsGoDoes() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofNanos(750))).isEqualTo("750ns");
        assertThat(Durations.format(Duration.ofNanos(1_500))).isEqualTo("1.5µs");
        assertThat(Durations.format(Duration.ofNanos(12_345_678))).isEqualTo("12.345678ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.format(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m0s");
        assertThat(Durations.format(Duration.ofHours(22))).isEqualTo("22h0m0s");
        assertThat(Durations.format(Duration.ofSeconds(5415).plusNanos(1))).isEqualTo("1h30m15.000000001s");
        assertThat(Durations.format(Duration.ofMillis(-1500))).isEqualTo("-1.5s");
        assertThat(Durations.format(Duration.ofNanos(Long.MAX_VALUE))).isEqualTo("2562047h47m16.854775807s");
        assertThat(Durations.format(Duration.ofDays(365L * 1000))).isEqualTo("2562047h47m16.854775807s");
        for (String s : new String[] {"1.5s", "2m0s", "22h0m0s", "250µs", "3.25ms", "1h30m15.5s"}) {
            assertThat(Durations.format(Durations.parse(s))).as(s).isEqualTo(s);
        }
    }
}
