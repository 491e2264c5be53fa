package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.NodeJs;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** npm kubo-rpc-client 7's {@code config.profiles.apply} (dry run and for real) and {@code config.replace}. */
@Tag("interop")
@Timeout(120)
class KuboRpcConfigInteropTest {
    @TempDir
    Path tmp;

    @Test
    void kuboRpcClientAppliesProfilesAndReplacesTheConfig() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("n"))) {
            String url = "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0";
            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(90), new byte[0],
                    "rpc/config-client.mjs", url));
            assertThat(out.path("dryOriginalRouting").isNull()).as(out.toString()).isTrue();
            assertThat(out.path("dryUpdatedRouting").path("Type").asText()).isEqualTo("dhtclient");
            assertThat(out.path("afterDry").asText()).contains("Routing");
            assertThat(out.path("appliedConnMgr").path("HighWater").asInt()).isEqualTo(40);
            assertThat(out.path("afterApply").asText()).isEqualTo("dhtclient");
            assertThat(out.path("badgerds").asText()).contains("datastore");
            assertThat(out.path("replacedFallback").toString()).isEqualTo("[\"https://gw.example\"]");
            assertThat(out.path("replacedHasReprovider").asBoolean()).isFalse();
            assertThat(out.path("peerId").asText()).isEqualTo(n.node.identity().peerId().toString());
            assertThat(n.node.repo().config().get("Gateway.Fallback").orElseThrow().toString())
                    .isEqualTo("[\"https://gw.example\"]");
        }
    }
}
