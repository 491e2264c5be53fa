package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.net.dcutr.HolePunchService;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import org.junit.jupiter.api.Test;

class HolePunchSettingsTest {
    static RepoConfig swarm(String json) {
        return RepoConfig.parse("{\"Swarm\": " + json + "}");
    }

    @Test
    void holePunchingIsOnByDefaultAndNeedsTheRelayClient() {
        assertThat(HolePunchSettings.enabled(swarm("{}"))).isTrue();
        assertThat(HolePunchSettings.enabled(swarm("{\"EnableHolePunching\": null}"))).isTrue();
        assertThat(HolePunchSettings.enabled(swarm("{\"EnableHolePunching\": false}"))).isFalse();
        assertThat(HolePunchSettings.enabled(swarm("{\"RelayClient\": {\"Enabled\": false}}"))).isFalse();
        assertThat(HolePunchSettings.enabled(swarm("{\"EnableHolePunching\": false,"
                + " \"RelayClient\": {\"Enabled\": false}}"))).isFalse();
        assertThatThrownBy(() -> HolePunchSettings.enabled(swarm("{\"EnableHolePunching\": true,"
                + " \"RelayClient\": {\"Enabled\": false}}"))).isInstanceOf(RepoException.class)
                .hasMessageContaining("Swarm.EnableHolePunching").hasMessageContaining("Swarm.RelayClient.Enabled");
        assertThatThrownBy(() -> HolePunchSettings.enabled(swarm("{\"EnableHolePunching\": \"yes\"}")))
                .isInstanceOf(RepoException.class).hasMessageContaining("Swarm.EnableHolePunching");
    }

    @Test
    void theNodesProtocolsFollowIt() {
        assertThat(Node.protocols(swarm("{}"))).contains(HolePunchService.PROTOCOL_ID);
        assertThat(Node.protocols(swarm("{\"EnableHolePunching\": false}")))
                .doesNotContain(HolePunchService.PROTOCOL_ID);
    }

    @Test
    void autorelayRunsOnlyWithTheClientOnAndNoStaticRelays() {
        assertThat(AutoRelaySettings.of(swarm("{}"))).isEqualTo(AutoRelaySettings.WHEN_PRIVATE);
        assertThat(AutoRelaySettings.of(swarm("{\"RelayClient\": {\"Enabled\": true}}")))
                .isEqualTo(AutoRelaySettings.ALWAYS);
        assertThat(AutoRelaySettings.of(swarm("{\"RelayClient\": {\"Enabled\": false}}")))
                .isEqualTo(AutoRelaySettings.OFF);
        assertThat(AutoRelaySettings.of(swarm("{\"RelayClient\": {\"Enabled\": true, \"StaticRelays\": [\""
                + "/ip4/1.2.3.4/tcp/4001/p2p/" + RelaySettingsTest.RELAY + "\"]}}"))).isEqualTo(AutoRelaySettings.OFF);
    }
}
