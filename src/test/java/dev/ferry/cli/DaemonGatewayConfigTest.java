package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.node.repo.RepoConfig;
import org.junit.jupiter.api.Test;

/** The subdomain gateway hosts the daemon takes from Kubo's Gateway.PublicGateways. */
class DaemonGatewayConfigTest {
    private static RepoConfig config(String publicGateways) {
        RepoConfig c = RepoConfig.defaults("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        if (publicGateways != null) {
            c.set("Gateway.PublicGateways", RepoConfig.parseValue(publicGateways, true));
        }
        return c;
    }

    @Test
    void localhostByDefaultAndConfiguredHostsWithSubdomains() {
        assertThat(DaemonCommand.subdomainGateways(config(null))).containsExactly("localhost");
        assertThat(DaemonCommand.subdomainGateways(config(
                "{\"dweb.example\": {\"UseSubdomains\": true, \"Paths\": [\"/ipfs\", \"/ipns\"]},"
                        + " \"path.example\": {\"UseSubdomains\": false}}")))
                .containsExactly("dweb.example", "localhost");
        assertThat(DaemonCommand.subdomainGateways(config("{\"localhost\": null}"))).isEmpty();
    }
}
