package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HostConfigTest {
    @Test
    void defaultsAreBounded() {
        HostConfig c = HostConfig.defaults();
        assertThat(c.lowWatermark()).isLessThanOrEqualTo(c.highWatermark());
        assertThat(c.highWatermark()).isLessThanOrEqualTo(c.maxConnections());
        assertThat(c.maxPendingInbound()).isPositive().isLessThanOrEqualTo(4096);
        assertThat(c.upgradeTimeout()).isPositive().isLessThan(Duration.ofMinutes(1));
        assertThat(c.noise().streamMuxers()).isEmpty();
    }

    @Test
    void inconsistentLimitsAreRejected() {
        HostConfig d = HostConfig.defaults();
        assertThatThrownBy(() -> d.withConnectionLimits(10, 20, 5, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("highWatermark");
        assertThatThrownBy(() -> d.withConnectionLimits(10, 5, 6, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lowWatermark");
        assertThatThrownBy(() -> d.withMaxPendingInbound(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withUpgradeTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        // twin: consistent values pass
        assertThat(d.withConnectionLimits(10, 5, 2, Duration.ZERO).highWatermark()).isEqualTo(5);
    }

    @Test
    void upgradeTimeoutAlsoBoundsTheNoiseHandshake() {
        assertThat(HostConfig.defaults().withUpgradeTimeout(Duration.ofSeconds(3)).noise().handshakeTimeout())
                .isEqualTo(Duration.ofSeconds(3));
    }
}
