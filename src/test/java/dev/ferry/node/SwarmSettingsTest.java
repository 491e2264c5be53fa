package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.HostConfig;
import dev.ferry.node.repo.ConfigProfile;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code Swarm.AddrFilters}, {@code Addresses.NoAnnounce}, {@code Swarm.ConnMgr} and {@code Reprovider.Interval}. */
class SwarmSettingsTest {
    private static RepoConfig cfg(String json) {
        return RepoConfig.parse(json);
    }

    @Test
    void theServerProfileFiltersPrivateRangesButNotLoopback() {
        RepoConfig server = ConfigProfile.SERVER.applyTo(RepoConfig.defaults(null));
        var filters = SwarmSettings.addrFilters(server);
        assertThat(filters).hasSize(16);
        assertThat(filters).anyMatch(f -> f.matches(Multiaddr.parse("/ip4/192.168.1.5/tcp/4001")));
        assertThat(filters).anyMatch(f -> f.matches(Multiaddr.parse("/ip6/fd00::5/tcp/4001")));
        assertThat(filters).noneMatch(f -> f.matches(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")));
        assertThat(filters).noneMatch(f -> f.matches(Multiaddr.parse("/ip4/8.8.8.8/tcp/4001")));
        var hidden = SwarmSettings.noAnnounce(server);
        assertThat(hidden.hides(Multiaddr.parse("/ip4/10.0.0.7/tcp/4001"))).isTrue();
        assertThat(hidden.hides(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"))).isFalse();

        RepoConfig test = ConfigProfile.TEST.applyTo(RepoConfig.defaults(null));
        assertThat(SwarmSettings.addrFilters(test)).isEmpty();
        RepoConfig back = ConfigProfile.LOCAL_DISCOVERY.applyTo(server);
        assertThat(SwarmSettings.addrFilters(back)).isEmpty();
    }

    @Test
    void badFiltersAreConfigErrorsNamingTheKey() {
        assertThatThrownBy(() -> SwarmSettings.addrFilters(cfg("{\"Swarm\":{\"AddrFilters\":[\"/ip4/10.0.0.0/ipcidr/8\","
                + "\"10.0.0.0/8\"]}}"))).isInstanceOf(RepoException.class).hasMessageContaining("Swarm.AddrFilters[1]");
        assertThatThrownBy(() -> SwarmSettings.addrFilters(cfg("{\"Swarm\":{\"AddrFilters\":\"/ip4/10.0.0.0/ipcidr/8\"}}")))
                .isInstanceOf(RepoException.class).hasMessageContaining("Swarm.AddrFilters");
        assertThatThrownBy(() -> SwarmSettings.addrFilters(cfg("{\"Swarm\":{\"AddrFilters\":[8]}}")))
                .isInstanceOf(RepoException.class).hasMessageContaining("Swarm.AddrFilters[0]");
        assertThatThrownBy(() -> SwarmSettings.noAnnounce(cfg("{\"Addresses\":{\"NoAnnounce\":[\"nope\"]}}")))
                .isInstanceOf(RepoException.class).hasMessageContaining("Addresses.NoAnnounce");
        assertThat(SwarmSettings.addrFilters(cfg("{\"Swarm\":{\"AddrFilters\":null}}"))).isEmpty();
    }

    @Test
    void connMgrSetsTheTrimmingWatermarks() {
        HostConfig base = HostConfig.defaults();
        assertThat(SwarmSettings.connectionManager(cfg("{}"), base)).isEqualTo(base);
        HostConfig lowpower = SwarmSettings.connectionManager(ConfigProfile.LOWPOWER.applyTo(RepoConfig.defaults(null)),
                base);
        assertThat(lowpower.lowWatermark()).isEqualTo(20);
        assertThat(lowpower.highWatermark()).isEqualTo(40);
        assertThat(lowpower.gracePeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(lowpower.maxConnections()).isEqualTo(base.maxConnections());

        HostConfig big = SwarmSettings.connectionManager(cfg("{\"Swarm\":{\"ConnMgr\":{\"LowWater\":600,"
                + "\"HighWater\":900,\"GracePeriod\":\"20s\"}}}"), base);
        assertThat(big.highWatermark()).isEqualTo(900);
        assertThat(big.maxConnections()).isEqualTo(1800); // room above the high watermark for trimming to act
        HostConfig partial = SwarmSettings.connectionManager(cfg("{\"Swarm\":{\"ConnMgr\":{\"HighWater\":300}}}"), base);
        assertThat(partial.lowWatermark()).isEqualTo(base.lowWatermark());
        assertThat(partial.gracePeriod()).isEqualTo(base.gracePeriod());
        HostConfig none = SwarmSettings.connectionManager(cfg("{\"Swarm\":{\"ConnMgr\":{\"Type\":\"none\","
                + "\"LowWater\":1,\"HighWater\":2}}}"), base);
        assertThat(none.highWatermark()).isEqualTo(none.maxConnections()); // never above it: never trimmed

        for (String bad : new String[] {"{\"Type\":\"fancy\"}", "{\"LowWater\":50,\"HighWater\":10}",
                "{\"HighWater\":\"many\"}", "{\"HighWater\":0}", "{\"LowWater\":-1}", "{\"GracePeriod\":\"soon\"}",
                "{\"GracePeriod\":\"-1s\"}", "[]"}) {
            assertThatThrownBy(() -> SwarmSettings.connectionManager(cfg("{\"Swarm\":{\"ConnMgr\":" + bad + "}}"), base))
                    .as(bad).isInstanceOf(RepoException.class).hasMessageContaining("Swarm.ConnMgr");
        }
    }

    @Test
    void reproviderIntervalDefaultsTo22HoursAndZeroTurnsItOff() {
        assertThat(NodeDht.reprovideInterval(cfg("{}"))).hasValue(Duration.ofHours(22));
        assertThat(NodeDht.reprovideInterval(cfg("{\"Reprovider\":{\"Interval\":\"\"}}"))).hasValue(Duration.ofHours(22));
        assertThat(NodeDht.reprovideInterval(cfg("{\"Reprovider\":{\"Interval\":\"12h\"}}"))).hasValue(Duration.ofHours(12));
        assertThat(NodeDht.reprovideInterval(cfg("{\"Reprovider\":{\"Interval\":\"1h30m0s\"}}")))
                .hasValue(Duration.ofMinutes(90));
        assertThat(NodeDht.reprovideInterval(ConfigProfile.LOWPOWER.applyTo(RepoConfig.defaults(null)))).isEmpty();
        for (String bad : new String[] {"\"daily\"", "\"-1h\"", "12"}) {
            assertThatThrownBy(() -> NodeDht.reprovideInterval(cfg("{\"Reprovider\":{\"Interval\":" + bad + "}}")))
                    .as(bad).isInstanceOf(RepoException.class).hasMessageContaining("Reprovider.Interval");
        }
    }

    @Test
    void streamIdleTimeoutIsReadStrictly() {
        HostConfig base = HostConfig.defaults();
        assertThat(SwarmSettings.streamIdleTimeout(cfg("{}"), base).streamIdleTimeout())
                .isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(SwarmSettings.streamIdleTimeout(cfg("{\"Swarm\":{\"StreamIdleTimeout\":\"2s\"}}"), base)
                .streamIdleTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThatThrownBy(() -> SwarmSettings.streamIdleTimeout(cfg("{\"Swarm\":{\"StreamIdleTimeout\":\"soon\"}}"),
                base)).isInstanceOf(RepoException.class).hasMessageContaining("Swarm.StreamIdleTimeout");
        assertThatThrownBy(() -> SwarmSettings.streamIdleTimeout(cfg("{\"Swarm\":{\"StreamIdleTimeout\":\"0s\"}}"),
                base)).isInstanceOf(RepoException.class).hasMessageContaining("must be positive");
        assertThat(SwarmSettings.atMost(java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(2)))
                .isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(SwarmSettings.atMost(java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60)))
                .isEqualTo(java.time.Duration.ofSeconds(10));
    }
}
