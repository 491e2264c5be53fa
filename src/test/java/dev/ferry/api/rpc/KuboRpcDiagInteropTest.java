package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.NodeJs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** npm kubo-rpc-client 7 reads ferry's {@code diag/sys} and {@code diag/cmds}. */
@Tag("interop")
@Timeout(120)
class KuboRpcDiagInteropTest {
    @TempDir
    Path tmp;

    @Test
    void kuboRpcClientReadsTheSystemReportAndTheCallLog() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            Instant before = Instant.now().minusSeconds(1);
            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(90), new byte[0],
                    "rpc/diag-client.mjs", "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0"));

            JsonNode sys = out.get("sys");
            assertThat(sys.get("ipfs_version").asText()).isEqualTo("0.0.0-test");
            assertThat(sys.at("/net/online").asBoolean()).isTrue();
            assertThat(sys.at("/runtime/numcpu").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(sys.at("/diskinfo/total_space").asLong()).isPositive();

            assertThat(out.get("id").asText()).isEqualTo(n.node.identity().peerId().toString());
            List<String> commands = new ArrayList<>();
            out.get("cmds").forEach(c -> commands.add(c.get("Command").asText() + ":" + c.get("Active").asBoolean()));
            assertThat(commands).containsExactly("diag/sys:false", "id:false", "diag/cmds:true");
            JsonNode idCall = out.get("cmds").get(1);
            assertThat(Instant.parse(idCall.get("StartTime").asText())).isAfter(before);
            assertThat(Instant.parse(idCall.get("EndTime").asText()))
                    .isAfterOrEqualTo(Instant.parse(idCall.get("StartTime").asText()));
            assertThat(idCall.get("Args").isArray()).isTrue();
            assertThat(idCall.get("Options").isObject()).isTrue();
        }
    }
}
