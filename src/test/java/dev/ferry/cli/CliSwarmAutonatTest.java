package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry swarm autonat [--json]} through a daemon on 127.0.0.1. */
@Timeout(120)
class CliSwarmAutonatTest {
    @TempDir
    Path tmp;

    private static String ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    @Test
    void showsTheReachabilityAndTheService() throws Exception {
        Running a = DaemonFixture.start(tmp, "a", new byte[0]);
        try {
            CliRun cli = a.cli();
            List<String> lines = ok(cli.run("swarm", "autonat")).lines().toList();
            assertThat(lines).containsExactly("Reachability: Unknown (confidence 0/3)", "Probes: 0",
                    "Service: enabled, serving (answered OK 0, E_DIAL_ERROR 0, E_DIAL_REFUSED 0, E_BAD_REQUEST 0, "
                            + "E_INTERNAL_ERROR 0)",
                    "Addresses (v2): none to check (no public address announced)",
                    "Service v2: serving (answered OK 0, E_DIAL_ERROR 0, E_DIAL_BACK_ERROR 0, E_DIAL_REFUSED 0, "
                            + "E_REQUEST_REJECTED 0, E_INTERNAL_ERROR 0)");

            JsonNode json = new ObjectMapper().readTree(ok(cli.run("swarm", "autonat", "--json")));
            assertThat(json.path("Reachability").asText()).isEqualTo("Unknown");
            assertThat(json.path("ServiceMode").asText()).isEqualTo("enabled");
            assertThat(json.path("Serving").asBoolean()).isTrue();
            assertThat(json.path("V2").path("Serving").asBoolean()).isTrue();
            assertThat(json.path("V2").path("Addresses")).isEmpty();
        } finally {
            a.cli().run("shutdown");
        }
    }
}
