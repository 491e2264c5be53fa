package dev.ferry.node.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConfigReplacementTest {
    private static final String MASK = "[redacted]";
    private static final String PEER = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";

    private static RepoConfig old() {
        RepoConfig c = RepoConfig.defaults(PEER);
        c.set("API.Authorizations", RepoConfig.parseValue(
                "{\"app\": {\"AuthSecret\": \"bearer:s3cret\", \"AllowedPaths\": [\"/api/v0\"]}}", true));
        c.set("Pinning.RemoteServices", RepoConfig.parseValue(
                "{\"svc\": {\"API\": {\"Endpoint\": \"https://pin.example\", \"Key\": \"k3y\"}, \"Policies\": {}}}",
                true));
        return c;
    }

    private static RepoConfig replace(RepoConfig old, String json) {
        return ConfigReplacement.replace(old, json.getBytes(StandardCharsets.UTF_8), MASK);
    }

    @Test
    void theNewConfigIsTakenWithTheSecretsKept() {
        RepoConfig old = old();
        JsonNode shown = old.tree();
        ((com.fasterxml.jackson.databind.node.ObjectNode) shown.path("API").path("Authorizations").path("app"))
                .put("AuthSecret", MASK);
        ((com.fasterxml.jackson.databind.node.ObjectNode) shown.path("Pinning").path("RemoteServices").path("svc")
                .path("API")).put("Key", MASK);
        ((com.fasterxml.jackson.databind.node.ObjectNode) shown).remove("Gateway");
        ((com.fasterxml.jackson.databind.node.ObjectNode) shown.path("Addresses")).put("API", "/ip4/127.0.0.1/tcp/0");
        RepoConfig replaced = replace(old, shown.toString());
        assertThat(replaced.get("Gateway")).isEmpty();
        assertThat(replaced.get("Addresses.API").orElseThrow().asText()).isEqualTo("/ip4/127.0.0.1/tcp/0");
        assertThat(replaced.get("API.Authorizations.app.AuthSecret").orElseThrow().asText()).isEqualTo("bearer:s3cret");
        assertThat(replaced.get("Pinning.RemoteServices.svc.API.Key").orElseThrow().asText()).isEqualTo("k3y");
        assertThat(replaced.get("Identity.PeerID").orElseThrow().asText()).isEqualTo(PEER);

        JsonNode noIdentity = old.tree();
        ((com.fasterxml.jackson.databind.node.ObjectNode) noIdentity).remove("Identity");
        assertThat(replace(old, noIdentity.toString()).get("Identity.PeerID").orElseThrow().asText()).isEqualTo(PEER);
    }

    @Test
    void whatTheRulesForbidIsRefused() {
        RepoConfig old = old();
        String json = old.toJson();
        assertThatThrownBy(() -> replace(old, "[1]")).isInstanceOf(RepoException.class)
                .hasMessageStartingWith("failed to decode file as config");
        assertThatThrownBy(() -> replace(old, "{nope")).hasMessageStartingWith("failed to decode file as config");
        assertThatThrownBy(() -> replace(old, json.replace("\"PeerID\"", "\"PrivKey\": \"CAES\", \"PeerID\"")))
                .hasMessage("setting private key with API is not supported");
        assertThatThrownBy(() -> replace(old, json.replace(PEER, "12D3KooWother")))
                .hasMessageContaining("cannot be changed");
        assertThatThrownBy(() -> replace(old, json.replace("\"k3y\"", "\"other\"")))
                .hasMessage("cannot change remote pinning services api info with 'config replace'");
        assertThatThrownBy(() -> replace(old, json.replace("https://pin.example", "https://evil.example")))
                .hasMessage("cannot change remote pinning services api info with 'config replace'");
        assertThatThrownBy(() -> replace(old, json.replace("\"svc\"", "\"svc2\"")))
                .hasMessage("cannot add or remove remote pinning services with 'config replace'");
        assertThatThrownBy(() -> replace(old, json.replace("\"app\"", "\"app2\"").replace("bearer:s3cret", MASK)))
                .hasMessageContaining("masked");
    }
}
