package dev.ferry.node.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigProfileTest {
    private static List<String> strings(RepoConfig c, String key) {
        List<String> out = new ArrayList<>();
        c.get(key).ifPresent(n -> n.forEach(v -> out.add(v.asText())));
        return out;
    }

    private static String value(RepoConfig c, String key) {
        return c.get(key).map(JsonNode::asText).orElse(null);
    }

    @Test
    void serverAndLocalDiscoveryUndoEachOther() {
        RepoConfig base = RepoConfig.defaults("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
        base.set("Swarm.AddrFilters", RepoConfig.parseValue("[\"/ip4/1.2.3.0/ipcidr/24\"]", true));
        RepoConfig server = ConfigProfile.byName("server").applyTo(base);
        assertThat(base.get("Discovery")).isEmpty(); // the input is left alone
        assertThat(strings(server, "Addresses.NoAnnounce")).containsExactlyElementsOf(ConfigProfile.SERVER_FILTERS);
        assertThat(strings(server, "Swarm.AddrFilters")).first().isEqualTo("/ip4/1.2.3.0/ipcidr/24");
        assertThat(strings(server, "Swarm.AddrFilters")).hasSize(1 + ConfigProfile.SERVER_FILTERS.size());
        assertThat(value(server, "Discovery.MDNS.Enabled")).isEqualTo("false");
        assertThat(value(server, "Swarm.DisableNatPortMap")).isEqualTo("true");
        assertThat(ConfigProfile.SERVER.applyTo(server).toJson()).isEqualTo(server.toJson());

        RepoConfig local = ConfigProfile.byName("local-discovery").applyTo(server);
        assertThat(strings(local, "Addresses.NoAnnounce")).isEmpty();
        assertThat(strings(local, "Swarm.AddrFilters")).containsExactly("/ip4/1.2.3.0/ipcidr/24");
        assertThat(value(local, "Discovery.MDNS.Enabled")).isEqualTo("true");
        assertThat(value(local, "Swarm.DisableNatPortMap")).isEqualTo("false");
    }

    @Test
    void testAndDefaultNetworkingAndTheOthers() {
        RepoConfig base = RepoConfig.defaults("p");
        RepoConfig test = ConfigProfile.byName("test").applyTo(base);
        assertThat(value(test, "Addresses.API")).isEqualTo("/ip4/127.0.0.1/tcp/0");
        assertThat(value(test, "Addresses.Gateway")).isEqualTo("/ip4/127.0.0.1/tcp/0");
        assertThat(strings(test, "Addresses.Swarm")).containsExactly("/ip4/127.0.0.1/tcp/0");
        assertThat(strings(test, "Bootstrap")).isEmpty();
        assertThat(value(test, "Discovery.MDNS.Enabled")).isEqualTo("false");

        RepoConfig back = ConfigProfile.byName("default-networking").applyTo(test);
        assertThat(back.get("Addresses")).isEqualTo(base.get("Addresses"));
        assertThat(strings(back, "Bootstrap")).containsExactlyElementsOf(BootstrapDefaults.KUBO);
        assertThat(value(back, "Identity.PeerID")).isEqualTo("p");

        RepoConfig low = ConfigProfile.byName("lowpower").applyTo(base);
        assertThat(value(low, "Routing.Type")).isEqualTo("dhtclient");
        assertThat(value(low, "Swarm.ConnMgr.HighWater")).isEqualTo("40");
        assertThat(value(low, "Swarm.ConnMgr.LowWater")).isEqualTo("20");
        assertThat(value(low, "AutoNAT.ServiceMode")).isEqualTo("disabled");

        List<String> swarm = strings(ConfigProfile.byName("randomports").applyTo(base), "Addresses.Swarm");
        assertThat(swarm).hasSize(2);
        String port = swarm.get(0).substring("/ip4/0.0.0.0/tcp/".length());
        assertThat(Integer.parseInt(port)).isPositive().isNotEqualTo(4001);
        assertThat(swarm.get(1)).isEqualTo("/ip6/::/tcp/" + port);
    }

    @Test
    void profilesFerryDoesNotOfferAreRefusedClearly() {
        assertThatThrownBy(() -> ConfigProfile.byName("badgerds")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("datastore").hasMessageContaining("server, local-discovery, test");
        assertThatThrownBy(() -> ConfigProfile.byName("nope")).hasMessageStartingWith("nope is not a profile");
    }
}
