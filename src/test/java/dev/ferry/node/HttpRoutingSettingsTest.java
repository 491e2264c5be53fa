package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpRoutingSettingsTest {
    private static RepoConfig config(String json) {
        return RepoConfig.parse(json);
    }

    @Test
    void defaultsAskNoRouterAndRetrieveOverHttp() {
        HttpRoutingSettings.Values v = HttpRoutingSettings.of(config("{}"), false);
        assertThat(v.type()).isEqualTo("auto");
        assertThat(v.routers()).isEmpty(); // no outside service unless the owner names one
        assertThat(v.httpRetrieval()).isTrue();
        assertThat(v.maxBlockSize()).isEqualTo(2 * 1024 * 1024);
        assertThat(v.allowed("anything.example")).isTrue();
        assertThat(v.dht()).isTrue();
        assertThat(v.dhtServer()).isTrue();
    }

    @Test
    void kubosKeysAreRead() {
        HttpRoutingSettings.Values v = HttpRoutingSettings.of(config("""
                {"Routing": {"Type": "autoclient", "DelegatedRouters": ["https://cid.contact/", "https://cid.contact"]},
                 "HTTPRetrieval": {"Enabled": false, "Allowlist": ["Example.COM"], "MaxBlockSize": "1MiB"}}"""),
                false);
        assertThat(v.routers()).containsExactly(URI.create("https://cid.contact"));
        assertThat(v.httpRetrieval()).isFalse();
        assertThat(v.allowed("example.com")).isTrue();
        assertThat(v.allowed("other.example")).isFalse();
        assertThat(v.maxBlockSize()).isEqualTo(1 << 20);
        assertThat(v.dht()).isTrue();
        assertThat(v.dhtServer()).isFalse();
        assertThat(HttpRoutingSettings.of(config("{\"Routing\": {\"Type\": \"delegated\"}}"), false).dht()).isFalse();
        // a type without HTTP routers asks none of those listed
        assertThat(HttpRoutingSettings.of(config("{\"Routing\": {\"Type\": \"dht\", \"DelegatedRouters\": "
                + "[\"https://cid.contact\"]}}"), false).routers()).isEmpty();
    }

    @Test
    void aPrivateNetworkNeverGoesOutOverHttp() {
        HttpRoutingSettings.Values v = HttpRoutingSettings.of(config("""
                {"Routing": {"DelegatedRouters": ["https://cid.contact"]}, "HTTPRetrieval": {"Enabled": true}}"""),
                true);
        assertThat(v.routers()).isEmpty();
        assertThat(v.httpRetrieval()).isFalse();
    }

    @Test
    void badValuesNameTheirKey() {
        for (var c : List.of(
                List.of("{\"Routing\": {\"Type\": \"fast\"}}", "Routing.Type"),
                List.of("{\"Routing\": {\"DelegatedRouters\": \"https://cid.contact\"}}", "Routing.DelegatedRouters"),
                List.of("{\"Routing\": {\"DelegatedRouters\": [\"ftp://x\"]}}", "Routing.DelegatedRouters[0]"),
                List.of("{\"Routing\": {\"DelegatedRouters\": [1]}}", "Routing.DelegatedRouters[0]"),
                List.of("{\"HTTPRetrieval\": {\"Enabled\": \"yes\"}}", "HTTPRetrieval.Enabled"),
                List.of("{\"HTTPRetrieval\": {\"Allowlist\": \"x\"}}", "HTTPRetrieval.Allowlist"),
                List.of("{\"HTTPRetrieval\": {\"Allowlist\": [\"https://x/\"]}}", "HTTPRetrieval.Allowlist[0]"),
                List.of("{\"HTTPRetrieval\": {\"MaxBlockSize\": \"big\"}}", "HTTPRetrieval.MaxBlockSize"),
                List.of("{\"HTTPRetrieval\": {\"MaxBlockSize\": \"4MiB\"}}", "HTTPRetrieval.MaxBlockSize"),
                List.of("{\"Ipns\": {\"DelegatedPublishers\": \"https://x\"}}", "Ipns.DelegatedPublishers"),
                List.of("{\"Ipns\": {\"DelegatedPublishers\": {}}}", "Ipns.DelegatedPublishers"),
                List.of("{\"Ipns\": {\"DelegatedPublishers\": [\"https://x\", \"x.example\"]}}",
                        "Ipns.DelegatedPublishers[1]"),
                List.of("{\"Ipns\": {\"DelegatedPublishers\": [true]}}", "Ipns.DelegatedPublishers[0]"),
                List.of("{\"Ipns\": {\"DelegatedPublishers\": [\"https://x?y=1\"]}}", "Ipns.DelegatedPublishers[0]"),
                List.of("{\"Routing\": {\"Type\": \"none\"}, \"Ipns\": {\"DelegatedPublishers\": [\"auto\"]}}",
                        "Ipns.DelegatedPublishers[0]"))) {
            assertThatThrownBy(() -> HttpRoutingSettings.of(config(c.get(0)), false))
                    .isInstanceOf(RepoException.class).hasMessageContaining("config " + c.get(1));
        }
    }

    @Test
    void delegatedPublishersAreReadAsKuboWritesThem() {
        assertThat(HttpRoutingSettings.of(config("{}"), false).publishers()).isEmpty();
        String listed = """
                {"Routing": {"Type": "dht"},
                 "Ipns": {"DelegatedPublishers": ["https://delegated-ipfs.dev/", "http://127.0.0.1:8080",
                   "https://delegated-ipfs.dev"]}}""";
        // not tied to HTTP routers: a DHT-only node puts its records over HTTP too
        assertThat(HttpRoutingSettings.of(config(listed), false).publishers()).containsExactly(
                URI.create("https://delegated-ipfs.dev"), URI.create("http://127.0.0.1:8080"));
        assertThat(HttpRoutingSettings.publishers(config(listed))).hasSize(2);
        // outside the network in a private one, and off with routing off
        assertThat(HttpRoutingSettings.of(config(listed), true).publishers()).isEmpty();
        assertThat(HttpRoutingSettings.of(config(listed.replace("\"dht\"", "\"none\"")), false).publishers())
                .isEmpty();
        assertThat(HttpRoutingSettings.of(config("{\"Ipns\": {\"DelegatedPublishers\": null}}"), false)
                .publishers()).isEmpty();
    }

    @Test
    void kubosAutoPlaceholderIsRefusedWithTheWayOut() {
        assertThatThrownBy(() -> HttpRoutingSettings.of(config("{\"Ipns\": {\"DelegatedPublishers\": [\"auto\"]}}"),
                false)).isInstanceOf(RepoException.class)
                .hasMessageContaining("config Ipns.DelegatedPublishers[0]")
                .hasMessageContaining("\"auto\"")
                .hasMessageContaining("https://delegated-ipfs.dev");
        assertThatThrownBy(() -> HttpRoutingSettings.of(config("{\"Routing\": {\"DelegatedRouters\": [\"auto\"]}}"),
                false)).isInstanceOf(RepoException.class)
                .hasMessageContaining("config Routing.DelegatedRouters[0]")
                .hasMessageContaining("https://cid.contact");
    }
}
