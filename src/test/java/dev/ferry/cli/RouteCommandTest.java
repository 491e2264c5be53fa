package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class RouteCommandTest {
    @TempDir
    Path tmp;

    @Test
    void routeExplainsThroughTheDaemonAsATableOrJson() throws Exception {
        Running d = DaemonFixture.start(tmp, "routed", "route me\n".getBytes(StandardCharsets.UTF_8));
        try {
            CliRun.Result add = d.cli().run("route me\n".getBytes(StandardCharsets.UTF_8), "add", "-Q", "--only-hash");
            String cid = add.stdout().strip();
            assertThat(cid).as(add.toString()).isNotEmpty();

            CliRun.Result json = d.cli().run("route", cid, "--json");
            assertThat(json.exitCode()).as(json.toString()).isZero();
            JsonNode j = new ObjectMapper().readTree(json.stdout());
            assertThat(j.get("Cid").asText()).isEqualTo(cid);
            JsonNode first = j.get("Candidates").get(0);
            assertThat(first.get("Rank").asInt()).isEqualTo(1);
            assertThat(first.get("Type").asText()).isEqualTo("local");
            assertThat(j.get("Candidates").get(1).get("Type").asText()).isEqualTo("ipfs");

            CliRun.Result table = d.cli().run("route", cid);
            assertThat(table.exitCode()).as(table.toString()).isZero();
            List<String> lines = table.lines();
            assertThat(lines.get(0)).isEqualTo("CID " + cid);
            // added just before the daemon started: recent as well as small
            assertThat(lines.get(1)).isEqualTo("Class: recent, small; preference: p2p");
            assertThat(lines.get(2)).startsWith("RANK").contains("TYPE", "SCORE", "SOURCE", "DID", "PARTS");
            assertThat(lines.get(3)).matches("1\\s+local\\s+1000\\s+-\\s+-\\s+Local \\+1000");
            assertThat(lines.get(4)).matches("2\\s+ipfs\\s+50\\s+-\\s+-\\s+IpfsAccess \\+50");

            CliRun.Result bad = d.cli().run("route", "not-a-cid");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.stderr()).startsWith("Error: ").contains("invalid");
        } finally {
            assertThat(d.cli().run("shutdown").exitCode()).isZero();
            assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void withoutADaemonItSaysSo() {
        CliRun cli = DaemonFixture.init(tmp, "idle");
        CliRun.Result r = cli.run("route", "bafkqaaa");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("needs a running daemon");
    }
}
