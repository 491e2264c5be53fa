package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.node.repo.JsonTree;
import dev.ferry.testing.CliRun;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry diag sys|cmds|profile}, {@code stats dht}, {@code version deps} and {@code key rotate} from the command line,
 * with and without a daemon.
 */
@Timeout(120)
class CliDiagTest {
    @TempDir
    Path tmp;

    @Test
    void diagSysWorksOfflineAndThroughTheDaemon() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "repo");
        CliRun.Result offline = cli.run("diag", "sys");
        assertThat(offline.exitCode()).as(offline.stderr()).isZero();
        JsonNode s = JsonTree.read(offline.stdout());
        assertThat(s.at("/net/online").asBoolean()).isFalse();
        assertThat(s.at("/environment/FERRY_PATH").asText()).isEqualTo(tmp.resolve("repo").toAbsolutePath().toString());
        assertThat(s.get("ipfs_version").asText()).isEqualTo(VersionCommand.version());

        Running d = DaemonFixture.start(tmp, "repo", new byte[0]);
        try {
            CliRun.Result online = cli.run("diag", "sys");
            assertThat(online.exitCode()).as(online.stderr()).isZero();
            assertThat(JsonTree.read(online.stdout()).at("/net/online").asBoolean()).isTrue();

            // the calls of this test: each CLI run asks 'version' to find the daemon, then its command
            assertThat(cli.run("key", "gen", "diag-test-key").exitCode()).isZero();
            CliRun.Result cmds = cli.run("diag", "cmds");
            assertThat(cmds.exitCode()).as(cmds.stderr()).isZero();
            List<String> lines = cmds.lines();
            assertThat(lines.getFirst()).matches("Command +Active +StartTime +RunTime");
            assertThat(lines).anyMatch(l -> l.matches("diag/sys +false +\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d +\\S+"));
            assertThat(lines.getLast()).startsWith("diag/cmds ").contains(" true ");

            CliRun.Result verbose = cli.run("diag", "cmds", "-v");
            assertThat(verbose.lines().getFirst()).matches("ID +Command +Arguments +Options +Active +StartTime +RunTime");
            assertThat(verbose.lines()).anyMatch(l -> l.matches(
                    "\\d+ +key/gen +\\[diag-test-key\\] +\\[type=ed25519,\\] +false .*"));

            assertThat(cli.run("diag", "cmds", "set-time", "0s").exitCode()).isZero();
            assertThat(cli.run("diag", "cmds").lines()).hasSize(2); // the header and the listing call itself
            CliRun.Result bad = cli.run("diag", "cmds", "set-time", "later");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.stderr()).contains("invalid time \"later\"");
            assertThat(cli.run("diag", "cmds", "clear").exitCode()).isZero();

            // a fresh daemon has met no DHT server: an empty table, laid out as Kubo's
            CliRun.Result dht = cli.run("stats", "dht");
            assertThat(dht.exitCode()).as(dht.stderr()).isZero();
            assertThat(dht.lines().getFirst()).matches("DHT wan \\(\\d+ peers\\):");
            CliRun.Result lan = cli.run("stats", "dht", "lan");
            assertThat(lan.exitCode()).isEqualTo(1);
            assertThat(lan.stderr()).contains("only the wan DHT");

            // key rotate needs the daemon stopped
            CliRun.Result rotate = cli.run("key", "rotate", "--oldkey", "old");
            assertThat(rotate.exitCode()).isEqualTo(1);
            assertThat(rotate.stderr()).contains("daemon is running");
        } finally {
            cli.run("shutdown");
            d.exit().get(30, TimeUnit.SECONDS);
        }
        CliRun.Result noDaemon = cli.run("diag", "cmds");
        assertThat(noDaemon.exitCode()).isEqualTo(1);
        assertThat(noDaemon.stderr()).contains("needs a running daemon");
    }

    @Test
    void diagProfileWritesTheDaemonsZipWithKubosMessage() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "repo");
        CliRun.Result offline = cli.run("diag", "profile", "-o", tmp.resolve("none.zip").toString());
        assertThat(offline.exitCode()).isEqualTo(1);
        assertThat(offline.stderr()).contains("needs a running daemon");

        Running d = DaemonFixture.start(tmp, "repo", new byte[0]);
        try {
            Path file = tmp.resolve("profile.zip");
            CliRun.Result r = cli.run("diag", "profile", "-o", file.toString(), "--profile-time", "1s",
                    "--collectors", "goroutines-stack,version,cpu,bin", "--block-profile-rate", "0");
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stdout()).isEqualTo("Wrote profiles to: " + file + "\n");
            List<String> names = new java.util.ArrayList<>();
            String readme;
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
                zip.stream().forEach(e -> names.add(e.getName()));
                readme = new String(zip.getInputStream(zip.getEntry("README.txt")).readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
                assertThat(JsonTree.read(zip.getInputStream(zip.getEntry("version.json"))).get("Version").asText())
                        .isEqualTo(VersionCommand.version());
            }
            assertThat(names).containsExactly("threads.txt", "version.json", "runtime-samples.csv", "profile.jfr",
                    "README.txt");
            assertThat(readme).contains("block-profile-rate: 0s").containsPattern("\\n  bin +not applicable");

            // refused by the daemon before anything is sent: no file
            Path bad = tmp.resolve("bad.zip");
            CliRun.Result unknown = cli.run("diag", "profile", "-o", bad.toString(), "--collectors", "cpu,nope");
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.stderr()).contains("unknown collector 'nope'");
            CliRun.Result tooLong = cli.run("diag", "profile", "-o", bad.toString(), "--profile-time", "1h");
            assertThat(tooLong.exitCode()).isEqualTo(1);
            assertThat(tooLong.stderr()).contains("profile time 1h0m0s is longer than the 5m0s allowed");
            assertThat(bad).doesNotExist();
        } finally {
            cli.run("shutdown");
            d.exit().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void diagProfileNamesItsFileAsKuboWithFerrysName() {
        assertThat(DiagCommand.Profile.defaultName("node-1.example", java.time.Instant.parse("2025-01-02T03:04:05.678Z")))
                .isEqualTo("ferry-profile-node-1.example-2025-01-02T03_04_05Z.zip");
        assertThat(DiagCommand.Profile.defaultName("a b/c", java.time.Instant.parse("2025-01-02T03:04:05Z")))
                .isEqualTo("ferry-profile-a_b_c-2025-01-02T03_04_05Z.zip");
    }

    @Test
    void statsDhtPrintsEachPeerWithWhenItWasUseful() throws Exception {
        JsonNode table = JsonTree.read("""
                {"Name":"wan","Buckets":[{"LastRefresh":"","Peers":[]},{"LastRefresh":"","Peers":[
                 {"ID":"12D3KooWA","Connected":true,"AgentVersion":"ferry/0.1.0",
                  "LastUsefulAt":"2025-01-01T00:00:00Z","LastQueriedAt":"2025-01-01T00:01:00Z"},
                 {"ID":"12D3KooWLonger","Connected":false,"AgentVersion":"","LastUsefulAt":"","LastQueriedAt":""}]}]}
                """);
        var out = new java.io.ByteArrayOutputStream();
        var env = new FerryCli.CliEnv(java.util.Map.of(), java.io.InputStream.nullInputStream(),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), System.err, false);
        StatsCommand.Dht.print(env, table, java.time.Instant.parse("2025-01-01T00:02:03Z"));
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "DHT wan (2 peers):",
                "  Bucket  0 (0 peers) - refreshed never:",
                "    Peer           last useful last queried Agent Version",
                "",
                "  Bucket  1 (2 peers) - refreshed never:",
                "    Peer           last useful last queried Agent Version",
                "  @ 12D3KooWA      2m3s ago    1m3s ago     ferry/0.1.0",
                "    12D3KooWLonger never       never        ",
                "");
    }

    @Test
    void versionDepsListsFerryThenItsLibraries() {
        CliRun.Result r = new CliRun(tmp.resolve("none")).run("version", "deps");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.lines().getFirst()).isEqualTo("dev.ferry:ferry@" + VersionCommand.version());
        assertThat(r.lines()).contains("info.picocli:picocli@" + picocli.CommandLine.VERSION,
                "com.fasterxml.jackson.core:jackson-databind@"
                        + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION);
    }

    @Test
    void keyRotateGivesTheNodeANewIdentityAndKeepsTheOldKey() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "repo");
        String before = JsonTree.read(cli.run("id").stdout()).get("ID").asText();

        CliRun.Result missing = cli.run("key", "rotate");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("--oldkey");
        CliRun.Result self = cli.run("key", "rotate", "--oldkey", "self");
        assertThat(self.exitCode()).isEqualTo(1);
        assertThat(self.stderr()).contains("cannot be named 'self'");

        CliRun.Result r = cli.run("key", "rotate", "--oldkey", "before-rotation");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.lines().getFirst()).isEqualTo("generating ED25519 keypair...done");
        String after = r.lines().get(1).replaceFirst("^peer identity: ", "");
        assertThat(after).isNotEqualTo(before).startsWith("12D3KooW");

        assertThat(JsonTree.read(cli.run("id").stdout()).get("ID").asText()).isEqualTo(after);
        assertThat(cli.run("config", "Identity.PeerID").stdout().strip()).isEqualTo(after);
        // the old identity is a named key now, with its peer ID as IPNS name
        List<String> keys = cli.run("key", "list", "-l").lines();
        assertThat(keys).anyMatch(l -> l.endsWith(" before-rotation"));
        assertThat(keys).anyMatch(l -> l.endsWith(" self"));
        assertThat(new dev.ferry.node.repo.KeyStore(tmp.resolve("repo"),
                dev.ferry.node.repo.IdentityFile.load(tmp.resolve("repo"))).list().get("before-rotation").toString())
                .isEqualTo(before);

        // a taken name changes nothing
        CliRun.Result taken = cli.run("key", "rotate", "--oldkey", "before-rotation", "--type", "secp256k1");
        assertThat(taken.exitCode()).isEqualTo(1);
        assertThat(taken.stderr()).contains("already exists");
        assertThat(JsonTree.read(cli.run("id").stdout()).get("ID").asText()).isEqualTo(after);

        CliRun.Result secp = cli.run("key", "rotate", "-o", "second", "-t", "secp256k1");
        assertThat(secp.exitCode()).as(secp.stderr()).isZero();
        assertThat(secp.lines().get(1)).startsWith("peer identity: 16Uiu2");
        assertThat(cli.run("key", "rotate", "-o", "third", "-t", "rsa").stderr()).contains("unsupported key type");
    }
}
