package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.relay.RelayLimits;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RelaySettingsTest {
    static final String RELAY = "12D3KooWHFrmLWTTDD4NodngtRMEVYgxrsDsW7Wp3xyPuU8WoFWa";

    static RelaySettings.Values of(String swarm) {
        return RelaySettings.of(RepoConfig.parse("{\"Swarm\": " + swarm + "}"));
    }

    @Test
    void unsetIsKubosDefaults() {
        RelaySettings.Values v = of("{}");
        assertThat(v.service()).isEqualTo(RelaySettings.Service.WHEN_PUBLIC);
        assertThat(v.limits()).isEqualTo(RelayLimits.defaults());
        assertThat(v.limits().connectionDurationLimit()).isEqualTo(Duration.ofMinutes(2));
        assertThat(v.limits().connectionDataLimit()).isEqualTo(131072);
        assertThat(v.limits().reservationTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(v.limits().maxReservations()).isEqualTo(128);
        assertThat(v.limits().maxCircuits()).isEqualTo(16);
        assertThat(v.limits().bufferSize()).isEqualTo(2048);
        assertThat(v.client()).isTrue();
        assertThat(v.staticRelays()).isEmpty();
    }

    @Test
    void everyKeyIsRead() {
        RelaySettings.Values v = of("{\"RelayService\": {\"Enabled\": true, \"ConnectionDurationLimit\": \"30s\","
                + " \"ConnectionDataLimit\": 0, \"ReservationTTL\": \"10m\", \"MaxReservations\": 5,"
                + " \"MaxCircuits\": 2, \"BufferSize\": 4096, \"MaxReservationsPerPeer\": 1,"
                + " \"MaxReservationsPerIP\": 3, \"MaxReservationsPerASN\": 0},"
                + " \"RelayClient\": {\"Enabled\": false, \"StaticRelays\": [\"/ip4/1.2.3.4/tcp/4001/p2p/" + RELAY
                + "\"]}}");
        assertThat(v.service()).isEqualTo(RelaySettings.Service.ON);
        assertThat(v.limits()).isEqualTo(new RelayLimits(Duration.ofSeconds(30), 0, Duration.ofMinutes(10), 5, 2,
                4096, 1, 3));
        assertThat(v.client()).isFalse();
        assertThat(v.staticRelays()).containsExactly(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + RELAY));
        assertThat(of("{\"RelayService\": {\"Enabled\": false}}").service()).isEqualTo(RelaySettings.Service.OFF);
    }

    @Test
    void theCircuitLimitsMayComeAsALimitObject() {
        RelaySettings.Values v = of("{\"RelayService\": {\"Limit\": {\"Duration\": \"1m\", \"Data\": 1024}}}");
        assertThat(v.limits().circuitLimit().durationSeconds()).isEqualTo(60);
        assertThat(v.limits().circuitLimit().dataBytes()).isEqualTo(1024);
        assertThatThrownBy(() -> of("{\"RelayService\": {\"Limit\": {\"Duration\": \"1m\"},"
                + " \"ConnectionDataLimit\": 5}}")).isInstanceOf(RepoException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> of("{\"RelayService\": {\"Limit\": {\"Bytes\": 5}}}"))
                .hasMessageContaining("Swarm.RelayService.Limit.Bytes");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> of("{\"RelayService\": {\"Enabled\": \"yes\"}}")).isInstanceOf(RepoException.class)
                .hasMessageContaining("Swarm.RelayService.Enabled");
        assertThatThrownBy(() -> of("{\"RelayService\": {\"ReservationTTL\": \"0s\"}}"))
                .hasMessageContaining("Swarm.RelayService.ReservationTTL");
        assertThatThrownBy(() -> of("{\"RelayService\": {\"ConnectionDurationLimit\": \"soon\"}}"))
                .hasMessageContaining("Swarm.RelayService.ConnectionDurationLimit");
        assertThatThrownBy(() -> of("{\"RelayService\": {\"MaxCircuits\": -1}}"))
                .hasMessageContaining("Swarm.RelayService.MaxCircuits");
        assertThatThrownBy(() -> of("{\"RelayService\": {\"BufferSize\": 10}}"))
                .hasMessageContaining("BufferSize");
        assertThatThrownBy(() -> of("{\"RelayService\": {\"MaxReservationsPerASN\": 1.5}}"))
                .hasMessageContaining("Swarm.RelayService.MaxReservationsPerASN");
        assertThatThrownBy(() -> of("{\"RelayClient\": {\"Enabled\": 1}}"))
                .hasMessageContaining("Swarm.RelayClient.Enabled");
        assertThatThrownBy(() -> of("{\"RelayClient\": {\"StaticRelays\": [\"/ip4/1.2.3.4/tcp/1\"]}}"))
                .hasMessageContaining("Swarm.RelayClient.StaticRelays[0] must end in /p2p/");
        assertThatThrownBy(() -> of("{\"RelayClient\": {\"StaticRelays\": [\"not an address\"]}}"))
                .hasMessageContaining("Swarm.RelayClient.StaticRelays[0]");
        assertThatThrownBy(() -> of("{\"RelayClient\": {\"StaticRelays\": [\"/p2p/" + RELAY + "/p2p-circuit/p2p/"
                + RELAY + "\"]}}")).hasMessageContaining("circuit");
    }
}
