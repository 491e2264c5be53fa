package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.node.logging.LogSubsystems;
import dev.ferry.node.logging.LogTail;
import dev.ferry.testing.SavedLogLevels;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubo's log/level, log/ls and log/tail over HTTP against a real node. */
@Timeout(60)
class LogRpcTest {
    private static final Logger BITSWAP = LoggerFactory.getLogger("dev.ferry.exchange.bitswap.client.Probe");
    private static final Logger DHT = LoggerFactory.getLogger("dev.ferry.routing.dht.Probe");
    private static final Logger PUBSUB = LoggerFactory.getLogger("dev.ferry.pubsub.Probe");

    @TempDir
    Path tmp;

    private static String level(RpcTestNode n, String subsystem, String level) throws Exception {
        var res = n.post("log/level", "arg=" + subsystem + "&arg=" + level);
        return res.statusCode() + " " + RpcTestNode.json(res).path("Message").asText();
    }

    @Test
    void levelChangesWhatASubsystemLogs() throws Exception {
        try (SavedLogLevels saved = new SavedLogLevels(); RpcTestNode n = RpcTestNode.start(tmp.resolve("n"))) {
            assertThat(BITSWAP.isDebugEnabled()).isFalse();
            assertThat(level(n, "bitswap", "debug")).isEqualTo("200 Changed log level of 'bitswap' to 'debug'\n");
            assertThat(BITSWAP.isDebugEnabled()).isTrue();
            assertThat(DHT.isDebugEnabled()).isFalse();

            assertThat(level(n, "all", "info")).isEqualTo("200 Changed log level of '*' to 'info'\n");
            assertThat(BITSWAP.isDebugEnabled()).isFalse();
            assertThat(DHT.isInfoEnabled()).isTrue();
            assertThat(LoggerFactory.getLogger("org.example.Library").isInfoEnabled()).isTrue();
            assertThat(level(n, "*", "error")).isEqualTo("200 Changed log level of '*' to 'error'\n");
            assertThat(DHT.isWarnEnabled()).isFalse();
            assertThat(level(n, "dht", "fatal")).startsWith("200");
            assertThat(DHT.isErrorEnabled()).isTrue();

            assertThat(level(n, "nosuch", "debug")).isEqualTo("500 error: No such logger");
            assertThat(level(n, "dht", "loud")).isEqualTo("500 unrecognized level: \"loud\"");
            assertThat(n.post("log/level", "arg=dht").statusCode()).isEqualTo(400);
        }
        assertThat(BITSWAP.isDebugEnabled()).isFalse();
        assertThat(DHT.isWarnEnabled()).isTrue();
    }

    @Test
    void lsListsTheSubsystems() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("n"))) {
            List<String> names = new ArrayList<>();
            RpcTestNode.json(n.post("log/ls", "")).path("Strings").forEach(s -> names.add(s.asText()));
            assertThat(names).contains("bitswap", "dht", "pubsub", "gateway", "rpc", "net", "noise", "yamux")
                    .containsExactlyElementsOf(LogSubsystems.all().keySet()).doesNotContain("all");
        }
    }

    @Test
    void tailStreamsLinesUntilTheClientGoesAway() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("n"))) {
            int before = LogTail.openCount();
            HttpResponse<InputStream> res = n.http.send(HttpRequest.newBuilder(n.uri("log/tail", ""))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(LogTail.openCount()).isEqualTo(before + 1);
            String token = UUID.randomUUID().toString();
            PUBSUB.warn("tail probe {}", token);
            JsonNode line;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                do {
                    line = RpcTestNode.JSON.readTree(in.readLine());
                } while (!line.path("msg").asText().contains(token));
            }
            assertThat(line.path("level").asText()).isEqualTo("warn");
            assertThat(line.path("logger").asText()).isEqualTo("pubsub");
            assertThat(line.path("ts").asText()).endsWith("Z");
            // the client has closed its end: the tail notices at its next write and removes its appender
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (LogTail.openCount() != before && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(LogTail.openCount()).isEqualTo(before);

            var bad = n.post("log/tail", "log-level=loud");
            assertThat(bad.statusCode()).isEqualTo(500);
            assertThat(RpcTestNode.json(bad).path("Message").asText())
                    .isEqualTo("setting log level loud: unrecognized level: \"loud\"");
        }
    }
}
