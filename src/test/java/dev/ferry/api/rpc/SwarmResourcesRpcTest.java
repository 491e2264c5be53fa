package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.net.host.ResourceLimitConfig;
import dev.ferry.node.repo.RepoConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code swarm/resources} in Kubo's JSON: each scope's limits and usage; an error when the manager is disabled. */
@Timeout(90)
class SwarmResourcesRpcTest {
    @TempDir
    Path tmp;

    @Test
    void limitsAndUsageOfEachScopeAsKuboShowsThem() throws Exception {
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a"), MultipartLimits.defaults(), c -> c.set(
                "Swarm.ResourceMgr", RepoConfig.parseValue("{\"MaxMemory\": \"2GiB\"}", true)));
                RpcTestNode b = RpcTestNode.start(tmp.resolve("b"), MultipartLimits.defaults(), c -> c.set(
                        "Swarm.ResourceMgr", RepoConfig.parseValue("{\"Enabled\": false}", true)))) {
            String bId = b.node.identity().peerId().toString();
            String target = b.node.listenAddresses().getFirst() + "/p2p/" + bId;
            assertThat(a.post("swarm/connect", "arg=" + target).statusCode()).isEqualTo(200);

            var res = a.post("swarm/resources", "");
            assertThat(res.statusCode()).isEqualTo(200);
            JsonNode all = RpcTestNode.json(res);
            JsonNode system = all.path("System");
            // Kubo's field order: each limit, then its usage
            java.util.List<String> fields = new java.util.ArrayList<>();
            system.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("Memory", "MemoryUsage", "FD", "FDUsage", "Conns", "ConnsUsage",
                    "ConnsInbound", "ConnsInboundUsage", "ConnsOutbound", "ConnsOutboundUsage", "Streams",
                    "StreamsUsage", "StreamsInbound", "StreamsInboundUsage", "StreamsOutbound",
                    "StreamsOutboundUsage");
            assertThat(system.path("Memory").asLong()).isEqualTo(2L << 30);
            assertThat(system.path("Conns").asText()).isEqualTo("unlimited");
            assertThat(system.path("StreamsInbound").asLong()).isEqualTo(4096); // 1024 + 1024/GiB, at least 4096
            assertThat(system.path("ConnsOutboundUsage").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(system.path("MemoryUsage").asLong()).isEqualTo(system.path("StreamsUsage").asLong()
                    * ResourceLimitConfig.STREAM_MEMORY);
            assertThat(all.path("Transient").path("StreamsInbound").isNumber()).isTrue();

            JsonNode peer = all.path("Peers").path(bId);
            assertThat(peer.path("ConnsOutboundUsage").asLong()).isEqualTo(1);
            assertThat(peer.path("ConnsUsage").asLong()).isEqualTo(1);
            assertThat(peer.path("StreamsInbound").asLong()).isEqualTo(256 + 2 * 128);
            assertThat(peer.path("StreamsOutbound").asText()).isEqualTo("unlimited");
            for (JsonNode p : all.path("Protocols")) {
                assertThat(p.path("StreamsUsage").asLong()).isPositive(); // only protocols holding streams
                assertThat(p.path("StreamsInbound").asLong()).isEqualTo(system.path("StreamsInbound").asLong() / 2);
            }

            var off = b.post("swarm/resources", "");
            assertThat(off.statusCode()).isEqualTo(500);
            assertThat(RpcTestNode.json(off).path("Message").asText())
                    .isEqualTo("missing ResourceMgr: make sure the daemon is running with Swarm.ResourceMgr.Enabled");
            assertThat(b.node.host().resourceManager().isEnabled()).isFalse();
        }
    }
}
