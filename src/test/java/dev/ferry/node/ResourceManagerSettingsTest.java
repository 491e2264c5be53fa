package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.host.ResourceLimitConfig;
import dev.ferry.net.host.ResourceLimits;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Swarm.ResourceMgr} and {@code libp2p-resource-limit-overrides.json}, read strictly. */
class ResourceManagerSettingsTest {
    @TempDir
    Path repo;

    static final HostConfig BASE = HostConfig.defaults();

    private static RepoConfig cfg(String json) {
        return RepoConfig.parse(json);
    }

    private ResourceLimitConfig read(String config) {
        return ResourceManagerSettings.apply(cfg(config), repo, BASE).resources();
    }

    private ResourceLimitConfig withFile(String overrides) throws Exception {
        Files.writeString(repo.resolve(ResourceManagerSettings.OVERRIDES_FILE), overrides);
        return read("{}");
    }

    @Test
    void theConfigScalesTheDefaults() {
        ResourceLimitConfig none = read("{}");
        assertThat(none.enabled()).isTrue();
        assertThat(none.system().memory()).isEqualTo(ResourceLimitConfig.defaultMaxMemory());
        assertThat(none.system().fd()).isEqualTo(ResourceLimitConfig.defaultMaxFileDescriptors());

        ResourceLimitConfig set = read("{\"Swarm\": {\"ResourceMgr\": {\"MaxMemory\": \"8GiB\", "
                + "\"MaxFileDescriptors\": 3000, \"Allowlist\": [\"/ip4/10.0.0.0/ipcidr/8\"]}}}");
        assertThat(set.system().memory()).isEqualTo(8L << 30);
        assertThat(set.system().fd()).isEqualTo(3000);
        assertThat(set.system().streamsInbound()).isEqualTo(1024 + 8 * 1024);
        assertThat(set.peerDefault().streamsInbound()).isEqualTo(256 + 8 * 128);
        assertThat(set.allowlist().coversAddress(Multiaddr.parse("/ip4/10.9.8.7/tcp/1"))).isTrue();
        assertThat(set.allowlist().coversAddress(Multiaddr.parse("/ip4/11.9.8.7/tcp/1"))).isFalse();
        assertThat(read("{\"Swarm\": {\"ResourceMgr\": {\"MaxMemory\": \"2GB\"}}}").system().memory())
                .isEqualTo(2_000_000_000L);

        ResourceLimitConfig off = read("{\"Swarm\": {\"ResourceMgr\": {\"Enabled\": false}}}");
        assertThat(off.enabled()).isFalse();
        // the connection manager's hard cap is never refused by the system scope's inbound limit
        HostConfig wide = BASE.withConnectionLimits(3000, 1500, 1000, BASE.gracePeriod());
        assertThat(ResourceManagerSettings.apply(cfg("{}"), repo, wide).resources().system().connsInbound())
                .isGreaterThanOrEqualTo(3000);
    }

    @Test
    void badConfigValuesAreRefusedNamingTheKey() {
        for (String[] bad : new String[][] {
                {"{\"Enabled\": \"yes\"}", "Swarm.ResourceMgr.Enabled"},
                {"{\"MaxMemory\": \"lots\"}", "Swarm.ResourceMgr.MaxMemory"},
                {"{\"MaxMemory\": 0}", "Swarm.ResourceMgr.MaxMemory"},
                {"{\"MaxFileDescriptors\": -1}", "Swarm.ResourceMgr.MaxFileDescriptors"},
                {"{\"Allowlist\": [\"10.0.0.0/8\"]}", "Swarm.ResourceMgr.Allowlist"},
                {"{\"Allowlist\": \"/ip4/10.0.0.0/ipcidr/8\"}", "Swarm.ResourceMgr.Allowlist"},
                {"{\"Limits\": {\"System\": {\"Conns\": 10}}}", "Swarm.ResourceMgr.Limits"}}) {
            assertThatThrownBy(() -> read("{\"Swarm\": {\"ResourceMgr\": " + bad[0] + "}}"))
                    .as(bad[0]).isInstanceOf(RepoException.class).hasMessageContaining(bad[1]);
        }
        assertThatThrownBy(() -> read("{\"Swarm\": {\"ResourceMgr\": true}}")).isInstanceOf(RepoException.class)
                .hasMessageContaining("Swarm.ResourceMgr must be an object");
    }

    @Test
    void theOverridesFileChangesTheScopesItNames() throws Exception {
        PeerId peer = Identity.generate(new SecureRandom()).peerId();
        ResourceLimitConfig r = withFile("""
                {"System": {"StreamsInbound": 100, "Memory": 1073741824, "Conns": "default"},
                 "Transient": {"ConnsInbound": "blockAll", "StreamsInbound": 0},
                 "PeerDefault": {"StreamsInbound": 32},
                 "Peer": {"%s": {"StreamsInbound": "unlimited", "ConnsInbound": 2}},
                 "ProtocolDefault": {"StreamsInbound": 50},
                 "Protocol": {"/ipfs/bitswap/1.2.0": {"StreamsOutbound": 9}}}
                """.formatted(peer));
        assertThat(r.system().streamsInbound()).isEqualTo(100);
        assertThat(r.system().memory()).isEqualTo(1L << 30);
        assertThat(r.system().conns()).isEqualTo(ResourceLimits.UNLIMITED);
        assertThat(r.transientLimits().connsInbound()).isZero();
        assertThat(r.transientLimits().streamsInbound()).isZero(); // an explicit 0 blocks all, as in go-libp2p
        assertThat(r.peerDefault().streamsInbound()).isEqualTo(32);
        assertThat(r.peerLimits(peer).streamsInbound()).isEqualTo(ResourceLimits.UNLIMITED);
        assertThat(r.peerLimits(peer).connsInbound()).isEqualTo(2);
        assertThat(r.peerLimits(Identity.generate(new SecureRandom()).peerId()).streamsInbound()).isEqualTo(32);
        // a specific protocol starts from ProtocolDefault, whatever the order in the file
        assertThat(r.protocolLimits("/ipfs/bitswap/1.2.0").streamsInbound()).isEqualTo(50);
        assertThat(r.protocolLimits("/ipfs/bitswap/1.2.0").streamsOutbound()).isEqualTo(9);
        assertThat(r.protocolLimits("/ipfs/id/1.0.0").streamsInbound()).isEqualTo(50);
        assertThat(r.transientLimits().streamsOutbound()).isEqualTo(ResourceLimits.UNLIMITED);
    }

    @Test
    void aBadOverridesFileIsRefusedNamingTheKey() throws Exception {
        for (String[] bad : new String[][] {
                {"{\"System\": {\"StreamsInbound\": -1}}", "System.StreamsInbound"},
                {"{\"System\": {\"StreamsInbound\": 1.5}}", "System.StreamsInbound"},
                {"{\"Peer\": {\"12D3KooW\": {\"Streams\": \"lots\"}}}", "Peer.12D3KooW"},
                {"{\"Protocol\": {\"/x/1\": {\"Streams\": \"lots\"}}}", "Protocol./x/1.Streams"},
                {"{\"System\": {\"StreamInbound\": 1}}", "System.StreamInbound is no limit"},
                {"{\"Conn\": {\"Memory\": 1}}", "Conn is a scope of Kubo's that ferry does not have"},
                {"{\"Nope\": {}}", "Nope is no scope"},
                {"{\"System\": 5}", "System must be an object of limits"},
                {"[1]", "must be a JSON object"},
                {"{\"System\": ", "not valid JSON"}}) {
            assertThatThrownBy(() -> withFile(bad[0])).as(bad[0]).isInstanceOf(RepoException.class)
                    .hasMessageContaining(ResourceManagerSettings.OVERRIDES_FILE).hasMessageContaining(bad[1]);
        }
    }
}
