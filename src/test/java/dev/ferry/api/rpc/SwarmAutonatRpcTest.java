package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.net.autonat.AutonatServer;
import dev.ferry.node.repo.RepoConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code swarm/autonat}: the reachability found so far, and the service as {@code AutoNAT.ServiceMode} set it. */
@Timeout(90)
class SwarmAutonatRpcTest {
    @TempDir
    Path tmp;

    @Test
    void aFreshNodeIsUnknownAndServesByDefaultButNotWhenDisabled() throws Exception {
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a"));
                RpcTestNode b = RpcTestNode.start(tmp.resolve("b"), MultipartLimits.defaults(), c -> c.set(
                        "AutoNAT", RepoConfig.parseValue("{\"ServiceMode\": \"disabled\"}", true)))) {
            JsonNode on = RpcTestNode.json(a.post("swarm/autonat", ""));
            assertThat(on.path("Reachability").asText()).isEqualTo("Unknown");
            assertThat(on.path("Confidence").asInt()).isZero();
            assertThat(on.path("Reachable")).isEmpty();
            assertThat(on.path("ServiceMode").asText()).isEqualTo("enabled");
            assertThat(on.path("Serving").asBoolean()).isTrue();
            assertThat(on.path("Answered").path("OK").asLong()).isZero();
            assertThat(a.node.host().protocols()).contains(AutonatServer.PROTOCOL_ID);

            JsonNode off = RpcTestNode.json(b.post("swarm/autonat", ""));
            assertThat(off.path("ServiceMode").asText()).isEqualTo("disabled");
            assertThat(off.path("Serving").asBoolean()).isFalse();
            assertThat(b.node.host().protocols()).doesNotContain(AutonatServer.PROTOCOL_ID);
        }
    }

    @Test
    void aPeerOnLoopbackIsRefusedByTheService() throws Exception {
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a"));
                RpcTestNode b = RpcTestNode.start(tmp.resolve("b"))) {
            String target = a.node.listenAddresses().getFirst() + "/p2p/" + a.node.identity().peerId();
            assertThat(b.post("swarm/connect", "arg=" + target).statusCode()).isEqualTo(200);
            var result = b.node.autonat().client().probe(a.node.identity().peerId());
            // on the Internet loopback names another machine for every peer: never dialled back
            assertThat(result.status().name()).isEqualTo("E_DIAL_REFUSED");
            JsonNode served = RpcTestNode.json(a.post("swarm/autonat", ""));
            assertThat(served.path("Answered").path("E_DIAL_REFUSED").asLong()).isEqualTo(1);
            JsonNode asked = RpcTestNode.json(b.post("swarm/autonat", ""));
            assertThat(asked.path("Probes").asLong()).isEqualTo(1);
            assertThat(asked.path("LastProbe").isTextual()).isTrue();
            assertThat(asked.path("Reachability").asText()).isEqualTo("Unknown");
        }
    }
}
