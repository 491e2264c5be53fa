package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.node.logging.LogSubsystems;
import dev.ferry.node.logging.LogTail;
import dev.ferry.testing.NodeJs;
import dev.ferry.testing.SavedLogLevels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** npm kubo-rpc-client 7 drives ferry's log/level, log/ls and log/tail and parses every answer. */
@Tag("interop")
@Timeout(120)
class KuboRpcLogInteropTest {
    @TempDir
    Path tmp;

    @Test
    void kuboRpcClientDrivesTheLog() throws Exception {
        try (SavedLogLevels saved = new SavedLogLevels(); RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            int before = LogTail.openCount();
            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(90), new byte[0],
                    "rpc/log-client.mjs", "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0"));

            List<String> ls = new ArrayList<>();
            out.get("ls").forEach(s -> ls.add(s.asText()));
            assertThat(ls).containsExactlyElementsOf(LogSubsystems.all().keySet());
            assertThat(out.get("level").get("message").asText()).isEqualTo("Changed log level of 'bitswap' to 'debug'\n");
            assertThat(out.get("levelAll").get("message").asText()).isEqualTo("Changed log level of '*' to 'warn'\n");
            assertThat(out.get("errSubsystem").asText()).isEqualTo("error: No such logger");
            assertThat(out.get("errLevel").asText()).isEqualTo("unrecognized level: \"loud\"");
            assertThat(LoggerFactory.getLogger("dev.ferry.exchange.bitswap.X").isDebugEnabled()).isFalse();

            JsonNode line = out.get("tail");
            assertThat(line.get("logger").asText()).isEqualTo("rpc");
            assertThat(line.get("level").asText()).isEqualTo("info");
            assertThat(line.get("msg").asText()).isEqualTo("Changed log level of 'rpc' to 'info'");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (LogTail.openCount() != before && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(LogTail.openCount()).as("the tail ends once the client has gone").isEqualTo(before);
        }
    }
}
