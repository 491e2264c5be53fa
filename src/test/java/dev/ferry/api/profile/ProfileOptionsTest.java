package dev.ferry.api.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Kubo's options of {@code diag profile}, their defaults, and what each collector needs. */
class ProfileOptionsTest {
    private static ProfileOptions parse(List<String> collectors, String time, String fraction, String rate) {
        return ProfileOptions.parse(collectors, Optional.ofNullable(time), Optional.ofNullable(fraction),
                Optional.ofNullable(rate));
    }

    @Test
    void nothingGivenIsKubosDefaultsWithEveryCollectorButBin() {
        ProfileOptions o = parse(List.of(), null, null, null);
        assertThat(o.profileTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.mutexProfileFraction()).isEqualTo(4);
        assertThat(o.blockProfileRate()).isEqualTo(Duration.ofMillis(1));
        assertThat(o.collectors()).doesNotContain(Collector.BIN).hasSize(Collector.values().length - 1);
        assertThat(o.records()).isTrue();
        assertThat(o.collectors()).allMatch(o::collects);
    }

    @Test
    void namesAreKubosCommaSeparatedAndRepeatable() {
        ProfileOptions o = parse(List.of("cpu, heap", "goroutines-stack,cpu"), "2s", "0", "0");
        assertThat(o.collectors()).containsExactly(Collector.GOROUTINES_STACK, Collector.HEAP, Collector.CPU);
        assertThat(o.profileTime()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void zeroesSwitchOffWhatTheyGovernAsInKubo() {
        ProfileOptions o = parse(List.of("cpu,mutex,block,heap,bin"), "0", "0", "0");
        assertThat(o.records()).isFalse();
        assertThat(o.collects(Collector.HEAP)).isTrue();
        assertThat(o.skipReason(Collector.CPU)).get().asString().contains("profile time is 0");
        assertThat(o.skipReason(Collector.BIN)).get().asString().startsWith("not applicable");
        ProfileOptions timed = parse(List.of("mutex,block"), "1s", "0", "0");
        assertThat(timed.skipReason(Collector.MUTEX)).contains("the mutex profile fraction is 0");
        assertThat(timed.skipReason(Collector.BLOCK)).contains("the block profile rate is 0");
        assertThat(timed.records()).isFalse();
    }

    @Test
    void badValuesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> parse(List.of("cpu,goroutines"), null, null, null))
                .isInstanceOf(ProfileException.class).hasMessageStartingWith("unknown collector 'goroutines' (known: ")
                .extracting(e -> ((ProfileException) e).reason()).isEqualTo(ProfileException.Reason.BAD_OPTION);
        assertThatThrownBy(() -> parse(List.of("HeapDump"), null, null, null))
                .hasMessageContaining("is not offered").hasMessageContaining("private key");
        assertThatThrownBy(() -> parse(List.of(), "5m1s", null, null))
                .hasMessage("profile time 5m1s is longer than the 5m0s allowed");
        assertThat(parse(List.of(), "5m", null, null).profileTime()).isEqualTo(ProfileOptions.MAX_PROFILE_TIME);
        assertThatThrownBy(() -> parse(List.of(), null, "-1", null)).hasMessageContaining("cannot be negative");
        assertThatThrownBy(() -> parse(List.of(), null, null, "-1ms")).hasMessageContaining("cannot be negative");
    }

    @Test
    void durationsReadAsGoPrintsThem() {
        assertThat(ProfileOptions.text(Duration.ZERO)).isEqualTo("0s");
        assertThat(ProfileOptions.text(Duration.ofMillis(1))).isEqualTo("1ms");
        assertThat(ProfileOptions.text(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(ProfileOptions.text(Duration.ofMinutes(5))).isEqualTo("5m0s");
        assertThat(ProfileOptions.text(Duration.ofMinutes(61))).isEqualTo("1h1m0s");
    }
}
