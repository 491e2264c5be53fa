package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AutonatSettingsTest {
    static RepoConfig config(String autonat) {
        return RepoConfig.parse(autonat == null ? "{}" : "{\"AutoNAT\": " + autonat + "}");
    }

    @Test
    void kubosDefaults() {
        AutonatSettings.Values v = AutonatSettings.of(config(null));
        assertThat(v.service()).isTrue();
        assertThat(v.config().globalLimit()).isEqualTo(30);
        assertThat(v.config().peerLimit()).isEqualTo(3);
        assertThat(v.config().throttleInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(AutonatSettings.of(config("{\"ServiceMode\": \"\"}")).service()).isTrue();
        assertThat(v.v2Service()).isTrue(); // Kubo's enabled: v1 and v2
        assertThat(v.serviceMode()).isEqualTo("enabled");
        assertThat(v.v2Config().globalPerMinute()).isEqualTo(60);
        assertThat(v.v2Config().peerPerMinute()).isEqualTo(12);
        AutonatSettings.Values legacy = AutonatSettings.of(config("{\"ServiceMode\": \"legacy-v1\"}"));
        assertThat(legacy.service()).isTrue();
        assertThat(legacy.v2Service()).isFalse();
        assertThat(legacy.serviceMode()).isEqualTo("legacy-v1");
        AutonatSettings.Values off = AutonatSettings.of(config("{\"ServiceMode\": \"disabled\"}"));
        assertThat(off.service()).isFalse();
        assertThat(off.v2Service()).isFalse();
    }

    @Test
    void serviceModeAndThrottle() {
        assertThat(AutonatSettings.of(config("{\"ServiceMode\": \"disabled\"}")).serviceMode()).isEqualTo("disabled");
        AutonatSettings.Values v = AutonatSettings.of(config(
                "{\"Throttle\": {\"GlobalLimit\": 0, \"PeerLimit\": 5, \"Interval\": \"30s\"}}"));
        assertThat(v.config().globalLimit()).isZero();
        assertThat(v.config().peerLimit()).isEqualTo(5);
        assertThat(v.config().throttleInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(AutonatSettings.of(config("{\"Throttle\": {\"Interval\": \"0\"}}")).config().throttleInterval())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> AutonatSettings.of(config("{\"ServiceMode\": \"on\"}")))
                .isInstanceOf(RepoException.class).hasMessageContaining("AutoNAT.ServiceMode");
        assertThatThrownBy(() -> AutonatSettings.of(config("{\"Throttle\": {\"PeerLimit\": -1}}")))
                .isInstanceOf(RepoException.class).hasMessageContaining("AutoNAT.Throttle.PeerLimit");
        assertThatThrownBy(() -> AutonatSettings.of(config("{\"Throttle\": {\"GlobalLimit\": \"many\"}}")))
                .isInstanceOf(RepoException.class).hasMessageContaining("AutoNAT.Throttle.GlobalLimit");
        assertThatThrownBy(() -> AutonatSettings.of(config("{\"Throttle\": {\"Interval\": \"soon\"}}")))
                .isInstanceOf(RepoException.class).hasMessageContaining("AutoNAT.Throttle.Interval");
    }
}
