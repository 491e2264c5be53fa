package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.net.host.HostConfig;
import dev.ferry.net.host.SecurityTransport;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmSecuritySettingsTest {

    private static List<SecurityTransport> order(String security) {
        RepoConfig cfg = RepoConfig.parse("{\"Swarm\": {\"Transports\": {\"Security\": " + security + "}}}");
        return SwarmSettings.transports(cfg, HostConfig.defaults()).transports().security().order();
    }

    @Test
    void theDefaultIsNoiseThenTls() {
        assertThat(SwarmSettings.transports(RepoConfig.parse("{}"), HostConfig.defaults()).transports().security()
                .order()).containsExactly(SecurityTransport.NOISE, SecurityTransport.TLS);
        assertThat(order("{}")).containsExactly(SecurityTransport.NOISE, SecurityTransport.TLS);
        assertThat(order("{\"TLS\": null, \"Noise\": true}"))
                .containsExactly(SecurityTransport.NOISE, SecurityTransport.TLS);
    }

    @Test
    void lowerPriorityGoesFirstAndFalseDisables() {
        assertThat(order("{\"TLS\": 50}")).containsExactly(SecurityTransport.TLS, SecurityTransport.NOISE);
        assertThat(order("{\"TLS\": 100, \"Noise\": 200}")).containsExactly(SecurityTransport.TLS,
                SecurityTransport.NOISE); // Kubo's defaults, written out
        assertThat(order("{\"TLS\": 7, \"Noise\": 7}")).containsExactly(SecurityTransport.TLS,
                SecurityTransport.NOISE);
        assertThat(order("{\"TLS\": false}")).containsExactly(SecurityTransport.NOISE);
        assertThat(order("{\"Noise\": false}")).containsExactly(SecurityTransport.TLS);
        assertThat(order("{\"SECIO\": 100}")).containsExactly(SecurityTransport.NOISE, SecurityTransport.TLS);
    }

    @Test
    void badValuesAreConfigErrorsNamingTheKey() {
        assertThatThrownBy(() -> order("{\"TLS\": false, \"Noise\": false}")).isInstanceOf(RepoException.class)
                .hasMessageContaining("TLS and Noise are both off");
        assertThatThrownBy(() -> order("{\"TLS\": 0}")).isInstanceOf(RepoException.class)
                .hasMessageContaining("Swarm.Transports.Security.TLS must be a positive priority");
        assertThatThrownBy(() -> order("{\"Noise\": \"high\"}")).isInstanceOf(RepoException.class)
                .hasMessageContaining("Swarm.Transports.Security.Noise");
        assertThatThrownBy(() -> order("{\"Noise\": 1.5}")).isInstanceOf(RepoException.class)
                .hasMessageContaining("Swarm.Transports.Security.Noise");
    }
}
