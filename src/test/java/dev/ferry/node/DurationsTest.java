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
}
