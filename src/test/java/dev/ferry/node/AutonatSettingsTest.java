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
        assertThat(AutonatSettings.of(config("{\"ServiceMode\": \"legacy-v1\"}")).service()).isTrue();
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
