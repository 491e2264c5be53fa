package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.testing.NodeJs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm kubo-rpc-client 7 reads ferry's {@code provide/stat} (its {@code provide.stat}; it has no {@code stats.provide})
 * after a reprovide.
 */
@Tag("interop")
@Timeout(120)
class KuboRpcProvideInteropTest {
    @TempDir
    Path tmp;

    @Test
    void kuboRpcClientReadsTheProviderFigures() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"), MultipartLimits.defaults(),
                c -> c.set("Reprovider.Interval", RepoConfig.parseValue("1h", false)))) {
            Instant before = Instant.now().minusSeconds(1);
            RpcTestNode.Multipart body = new RpcTestNode.Multipart().file("a.txt", "provided".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(n.postMultipart("add", "pin=true", body.build()).statusCode()).isEqualTo(200);
            assertThat(n.post("routing/reprovide", "").statusCode()).isEqualTo(200);

            JsonNode stat = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(90), new byte[0],
                    "rpc/provide-client.mjs", "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0"))
                    .get("stat");
            assertThat(stat.get("Sweep").isNull()).isTrue();
            assertThat(stat.get("FullRT").asBoolean()).isFalse();
            JsonNode legacy = stat.get("Legacy");
            assertThat(legacy.get("LastReprovideBatchSize").asInt()).isEqualTo(1);
            assertThat(legacy.get("ReprovideInterval").asLong()).isEqualTo(Duration.ofHours(1).toNanos());
            assertThat(legacy.get("LastReprovideDuration").isIntegralNumber()).isTrue();
            assertThat(Instant.parse(legacy.get("LastRun").asText())).isAfter(before);
            // alone on its DHT: nobody took the record, so it counts as a failure, not a provide
            assertThat(legacy.get("TotalReprovides").asLong()).isZero();
            assertThat(legacy.get("FailedProvides").asLong()).isPositive();
        }
    }
}
