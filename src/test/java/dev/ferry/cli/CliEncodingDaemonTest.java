package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --enc=json} through a daemon on 127.0.0.1 (its ports chosen at start): each command prints what it printed
 * on the repository before the daemon ran, byte for byte.
 */
@Timeout(180)
class CliEncodingDaemonTest {
    @TempDir
    Path tmp;

    private static String ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    @Test
    void theJsonIsTheSameWithAndWithoutADaemon() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "node");
        Path dir = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(dir.resolve("one"), "1");
        Files.writeString(dir.resolve("two"), "two bytes and more");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/three"), "3");
        String root = ok(cli.run("add", "-r", "-Q", dir.toString())).strip();
        String named = ok(cli.run("named".getBytes(StandardCharsets.UTF_8), "add", "-Q", "--pin-name", "mine")).strip();
        String leaf = ok(cli.run("refs", root)).lines().findFirst().orElseThrow();
        ok(cli.run("files", "cp", "/ipfs/" + root, "/tree"));

        // each command line, and what it printed without a daemon
        Map<List<String>, String> offline = new LinkedHashMap<>();
        List<List<String>> commands = List.of(
                List.of("--enc=json", "version"),
                List.of("--enc=json", "pin", "ls"),
                List.of("pin", "ls", "--names", "--enc=json"),
                List.of("--enc", "json", "pin", "ls", "--stream", "--names"),
                List.of("--enc=json", "pin", "ls", leaf),
                List.of("--enc=json", "add", "-r", dir.toString()),
                List.of("add", "-r", "-Q", "--enc=json", dir.toString()),
                List.of("--encoding=json", "block", "stat", leaf),
                List.of("--enc=json", "refs", "-r", root),
                List.of("refs", "-e", root, "--enc=json"),
                List.of("--enc=json", "ls", root),
                List.of("--enc=json", "key", "list"),
                List.of("--enc=json", "bootstrap", "list"),
                List.of("--enc=json", "files", "ls", "-l", "/tree"),
                List.of("files", "stat", "/tree/two", "--enc=json"),
                List.of("--enc=json", "files", "stat", "--with-local", "/tree"));
        for (List<String> c : commands) {
            offline.put(c, ok(cli.run(c.toArray(String[]::new))));
        }
        for (String out : offline.values()) {
            for (String line : out.lines().toList()) {
                assertThat(CliEncodingTest.JSON.readTree(line).isContainerNode()).as(line).isTrue();
            }
        }
        JsonNode keys = CliEncodingTest.JSON.readTree(offline.get(commands.get(2))).path("Keys");
        assertThat(keys.path(named).path("Name").asText()).isEqualTo("mine");
        assertThat(keys.path(root).path("Type").asText()).isEqualTo("recursive");

        Running daemon = DaemonFixture.start(tmp, "node", new byte[0]);
        try {
            // swarm peers needs the daemon: these runs go through its RPC; its --enc is the global one now
            JsonNode peers = CliEncodingTest.JSON.readTree(ok(daemon.cli().run("--enc=json", "swarm", "peers")));
            assertThat(peers.has("Peers")).isTrue();
            assertThat(ok(daemon.cli().run("swarm", "peers", "--enc", "json"))).isEqualTo(peers.toString() + "\n");
            for (List<String> c : commands) {
                assertThat(ok(daemon.cli().run(c.toArray(String[]::new)))).as(String.join(" ", c))
                        .isEqualTo(offline.get(c));
            }
            // text and JSON agree through the daemon too
            JsonNode stat = CliEncodingTest.JSON.readTree(ok(daemon.cli().run("block", "stat", leaf, "--enc=json")));
            assertThat(ok(daemon.cli().run("block", "stat", leaf)))
                    .isEqualTo("Key: " + stat.path("Key").asText() + "\nSize: " + stat.path("Size").asLong() + "\n");
            CliRun.Result bad = daemon.cli().run("pin", "ls", "--enc=yaml");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.stderr().lines().toList()).hasSize(1);
        } finally {
            daemon.cli().run("shutdown");
            daemon.exit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
