package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry swarm peers} and its options between two daemons on 127.0.0.1: Kubo's text lines, and the JSON. */
@Timeout(120)
class CliSwarmPeersTest {
    @TempDir
    Path tmp;

    private static String ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(end);
            Thread.sleep(100);
        }
    }

    @Test
    void theOptionsAddLatencyDirectionStreamsAndIdentify() throws Exception {
        Running a = DaemonFixture.start(tmp, "a", new byte[0]);
        Running b = DaemonFixture.start(tmp, "b", new byte[0]);
        try {
            String bId = b.peerId();
            String bAddr = b.swarm();
            ok(a.cli().run("swarm", "connect", bAddr + "/p2p/" + bId));
            await("B sees A", () -> ok(b.cli().run("swarm", "peers")).contains("/p2p/" + a.peerId()));
            String peer = bAddr + "/p2p/" + bId;
            assertThat(ok(a.cli().run("swarm", "peers"))).isEqualTo(peer + "\n");

            // before any ping the latency is unknown
            assertThat(ok(a.cli().run("swarm", "peers", "--direction"))).isEqualTo(peer + " outbound\n");
            assertThat(ok(b.cli().run("swarm", "peers", "--direction")))
                    .matches("/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/" + a.peerId() + " inbound\n");
            ok(a.cli().run("ping", bId, "-n", "1"));
            assertThat(ok(a.cli().run("swarm", "peers", "--latency", "--direction")))
                    .matches(java.util.regex.Pattern.quote(peer) + " \\d+(\\.\\d+)?(ns|µs|ms|s) outbound\n");

            // -v: the same first line; any open stream below it, indented by two spaces
            List<String> verbose = ok(a.cli().run("swarm", "peers", "-v")).lines().toList();
            assertThat(verbose.getFirst()).matches(java.util.regex.Pattern.quote(peer) + " \\S+ outbound");
            assertThat(verbose.subList(1, verbose.size())).allMatch(l -> l.matches("  /\\S+"));

            // identify shows in JSON
            JsonNode json = new ObjectMapper().readTree(ok(a.cli().run("swarm", "peers", "--identify", "--enc=json")));
            JsonNode only = json.get("Peers").get(0);
            assertThat(only.get("Peer").asText()).isEqualTo(bId);
            assertThat(only.has("Latency")).isFalse();
            assertThat(only.get("Identify").get("ID").asText()).isEqualTo(bId);
            assertThat(only.get("Identify").get("Protocols").toString()).contains("/ipfs/id/1.0.0");

            CliRun.Result bad = a.cli().run("swarm", "peers", "--enc=xml");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.stderr()).contains("--enc must be text or json");
        } finally {
            a.cli().run("shutdown");
            b.cli().run("shutdown");
            a.exit().get(30, TimeUnit.SECONDS);
            b.exit().get(30, TimeUnit.SECONDS);
        }
    }
}
