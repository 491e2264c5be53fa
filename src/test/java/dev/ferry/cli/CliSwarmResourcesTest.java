package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.node.ResourceManagerSettings;
import dev.ferry.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry swarm resources [--json]} through a daemon on 127.0.0.1, with an overrides file; a bad one. */
@Timeout(120)
class CliSwarmResourcesTest {
    @TempDir
    Path tmp;

    private static String ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    @Test
    void theTableAndTheJsonShowLimitsAndUsagePerScope() throws Exception {
        DaemonFixture.init(tmp, "a");
        Files.writeString(tmp.resolve("a").resolve(ResourceManagerSettings.OVERRIDES_FILE),
                "{\"System\": {\"StreamsInbound\": 777, \"ConnsOutbound\": 1000}}");
        Running a = DaemonFixture.start(tmp, "a", new byte[0]);
        Running b = DaemonFixture.start(tmp, "b", new byte[0]);
        try {
            CliRun cli = a.cli();
            assertThat(ok(cli.run("swarm", "connect", b.swarm() + "/p2p/" + b.peerId()))).contains("success");

            List<String> lines = ok(cli.run("swarm", "resources")).lines().toList();
            assertThat(lines.getFirst()).startsWith("Scope").contains("Limit Name").contains("Limit Value")
                    .contains("Limit Usage Amount").endsWith("Limit Usage Percent");
            List<String> streams = row(lines, "system", "StreamsInbound");
            assertThat(streams.get(2)).isEqualTo("777");
            assertThat(streams.get(4)).isEqualTo(streams.get(3).equals("0") ? "0%"
                    : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * Long.parseLong(streams.get(3)) / 777));
            List<String> out = row(lines, "system", "ConnsOutbound");
            assertThat(out.get(2)).isEqualTo("1000");
            assertThat(Long.parseLong(out.get(3))).isGreaterThanOrEqualTo(1);
            assertThat(out.get(4)).matches("\\d+\\.\\d%");
            assertThat(row(lines, "system", "Memory").get(2)).matches("\\d+");
            List<String> peer = row(lines, "peer:" + b.peerId(), "ConnsInbound");
            assertThat(peer.subList(2, 5)).containsExactly("8", "0", "0%");
            assertThat(lines).noneMatch(l -> l.startsWith("system ") && l.contains(" Conns ")); // unlimited: no row

            JsonNode json = new ObjectMapper().readTree(ok(cli.run("swarm", "resources", "--json")));
            assertThat(json.path("System").path("StreamsInbound").asLong()).isEqualTo(777);
            assertThat(json.path("System").path("Conns").asText()).isEqualTo("unlimited");
            assertThat(json.path("Peers").path(b.peerId()).path("ConnsOutboundUsage").asLong()).isEqualTo(1);
        } finally {
            a.cli().run("shutdown");
            b.cli().run("shutdown");
        }
    }

    @Test
    void resourcesNeedADaemonAndABadOverridesFileStopsTheStart() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "offline");
        CliRun.Result r = cli.run("swarm", "resources");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("needs a running daemon");

        Files.writeString(tmp.resolve("offline").resolve(ResourceManagerSettings.OVERRIDES_FILE),
                "{\"Peer\": {}, \"System\": {\"StreamsInbound\": \"many\"}}");
        CliRun.Result daemon = cli.run("daemon");
        assertThat(daemon.exitCode()).isEqualTo(1);
        assertThat(daemon.stderr()).contains(ResourceManagerSettings.OVERRIDES_FILE + ": System.StreamsInbound must "
                + "be a number of 0 or more, \"unlimited\", \"blockAll\" or \"default\": \"many\"");
    }

    /** The cells of the row of {@code scope} and {@code limit}; cells are separated by runs of spaces. */
    private static List<String> row(List<String> lines, String scope, String limit) {
        return lines.stream().map(l -> Arrays.asList(l.trim().split(" +")))
                .filter(c -> c.get(0).equals(scope) && c.get(1).equals(limit)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + scope + " " + limit + " in " + lines));
    }
}
