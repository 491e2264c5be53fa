package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry stats provide|reprovide} and {@code ferry provide stat|clear} through daemons on 127.0.0.1. */
@Timeout(120)
class CliProvideStatsTest {
    @TempDir
    Path tmp;

    private static String ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    private static JsonNode json(CliRun.Result r) throws Exception {
        return new ObjectMapper().readTree(ok(r));
    }

    @Test
    void aReprovideShowsInTheStatsAndTheAliasAndProvideStat() throws Exception {
        Running a = DaemonFixture.start(tmp, "a", "pinned on a".getBytes(StandardCharsets.UTF_8));
        Running b = DaemonFixture.start(tmp, "b", new byte[0]);
        try {
            CliRun cli = a.cli();
            ok(cli.run("swarm", "connect", b.swarm() + "/p2p/" + b.peerId()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!ok(cli.run("stats", "dht")).contains(b.peerId())) {
                assertThat(System.nanoTime()).as("b never entered a's DHT table").isLessThan(deadline);
                Thread.sleep(200);
            }
            // an add through the daemon is announced at once (and counted)
            assertThat(ok(cli.run(new byte[] {1, 2, 3}, "add", "-Q"))).isNotBlank();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            JsonNode before;
            while ((before = json(cli.run("stats", "provide", "--json"))).path("TotalProvides").asLong() < 1) {
                assertThat(System.nanoTime()).as("the add was never announced: " + before).isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(before.path("TotalProvides").asLong()).isEqualTo(1);
            assertThat(before.path("LastReprovideBatchSize").asInt()).isZero();
            long total = 1;

            assertThat(ok(cli.run("routing", "reprovide"))).isEmpty();
            JsonNode after = json(cli.run("stats", "provide", "--json"));
            // the root pinned before the start and the one added since
            assertThat(after.path("LastReprovideBatchSize").asInt()).isEqualTo(2);
            assertThat(after.path("LastReprovideDuration").asLong()).isPositive();
            assertThat(after.path("TotalProvides").asLong()).isEqualTo(total + 2);

            String text = ok(cli.run("stats", "provide"));
            String[] lines = text.split("\n");
            assertThat(lines[0]).matches("TotalProvides: {10}\\d+");
            assertThat(lines[1]).matches("AvgProvideDuration: {5}[0-9.]+(µs|ms|s)");
            assertThat(lines[2]).matches("LastReprovideDuration: {2}[0-9.]+(µs|ms|s)");
            assertThat(lines[3]).isEqualTo("LastReprovideBatchSize: 2");
            assertThat(lines[4]).matches("LastReprovide: {10}\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
            assertThat(lines[5]).matches("NextReprovide: {10}\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
            assertThat(lines[6]).isEqualTo("FailedProvides:         0");
            assertThat(lines[7]).isEqualTo("QueuedProvides:         0");
            assertThat(ok(cli.run("stats", "reprovide"))).isEqualTo(text);

            String stat = ok(cli.run("provide", "stat"));
            assertThat(stat).startsWith("TotalReprovides:        " + (total + 2) + "\n")
                    .contains("\nLastReprovideBatchSize: 2\n", "\nLastReprovide:  ");
            JsonNode statJson = json(cli.run("provide", "stat", "--json"));
            assertThat(statJson.path("Legacy").path("TotalReprovides").asLong()).isEqualTo(total + 2);

            CliRun.Result flags = cli.run("provide", "stat", "--all");
            assertThat(flags.exitCode()).isEqualTo(1);
            assertThat(flags.stderr()).contains("Error: cannot use flags with legacy provide stats");
            CliRun.Result lan = cli.run("provide", "stat", "--lan");
            assertThat(lan.exitCode()).isEqualTo(1);
            assertThat(lan.stderr()).contains("LAN stats only available for Sweep provider with Dual DHT");
            CliRun.Result bogus = cli.run("stats", "provide", "--verbose");
            assertThat(bogus.exitCode()).isEqualTo(1);
            assertThat(bogus.stderr()).contains("Unknown option: '--verbose'");

            assertThat(ok(cli.run("provide", "clear"))).isEqualTo("removed 0 items from provide queue\n");
            assertThat(ok(cli.run("provide", "clear", "-q"))).isEmpty();
        } finally {
            a.cli().run("shutdown");
            b.cli().run("shutdown");
        }
    }

    @Test
    void withoutADaemonOrADhtTheCommandsSaySo() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "offline");
        for (String[] args : new String[][] {{"stats", "provide"}, {"stats", "reprovide"}, {"provide", "stat"},
                {"provide", "clear"}}) {
            CliRun.Result r = cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.stderr()).as(String.join(" ", args)).contains("needs a running daemon");
        }
        assertThat(ok(cli.run("config", "Routing.Type", "none"))).isEmpty();
        Running none = DaemonFixture.start(tmp, "offline", new byte[0]);
        try {
            CliRun.Result r = none.cli().run("stats", "provide");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("Error: the provider is off: Routing.Type is none");
            assertThat(ok(none.cli().run("provide", "clear"))).isEqualTo("removed 0 items from provide queue\n");
        } finally {
            none.cli().run("shutdown");
        }
    }
}
