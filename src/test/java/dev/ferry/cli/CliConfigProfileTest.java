package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry init --profile}, {@code ferry config profile apply} and {@code ferry config replace}. */
@Timeout(120)
class CliConfigProfileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static String ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    private static long backups(Path repo, String profile) throws Exception {
        try (Stream<Path> files = Files.list(repo)) {
            return files.filter(f -> f.getFileName().toString().startsWith("config-pre-" + profile + "-")).count();
        }
    }

    @Test
    void initAppliesProfilesAndApplyPrintsWhatChanges() throws Exception {
        Path repo = tmp.resolve("repo");
        CliRun cli = new CliRun(repo);
        CliRun.Result refused = cli.run("init", "--profile", "test,flatfs");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("flatfs").contains("datastore");
        assertThat(repo.resolve("config")).doesNotExist();

        ok(cli.run("init", "--profile", "test,randomports"));
        assertThat(ok(cli.run("config", "Addresses.API")).strip()).isEqualTo("/ip4/127.0.0.1/tcp/0");
        assertThat(ok(cli.run("config", "Addresses.Swarm"))).contains("/ip4/0.0.0.0/tcp/").doesNotContain(":4001");

        String before = ok(cli.run("config", "show"));
        String dry = ok(cli.run("config", "profile", "apply", "--dry-run", "server"));
        // the test profile already turned off local discovery and port mapping: only the filters change
        assertThat(dry.lines()).hasSize(2);
        assertThat(dry).startsWith("+ Addresses.NoAnnounce: [\"/ip4/10.0.0.0/ipcidr/8\",")
                .contains("\n+ Swarm.AddrFilters: [\"/ip4/10.0.0.0/ipcidr/8\",");
        assertThat(ok(cli.run("config", "show"))).isEqualTo(before);
        assertThat(backups(repo, "server")).isZero();

        assertThat(ok(cli.run("config", "profile", "apply", "server"))).isEqualTo(dry);
        assertThat(ok(cli.run("config", "Swarm.AddrFilters"))).contains("/ip6/fe80::/ipcidr/10");
        assertThat(backups(repo, "server")).isEqualTo(1);
        assertThat(ok(cli.run("config", "profile", "apply", "local-discovery")))
                .contains("- Swarm.AddrFilters: [").contains("+ Swarm.AddrFilters: []\n")
                .contains("- Discovery.MDNS.Enabled: false\n+ Discovery.MDNS.Enabled: true\n");
        assertThat(ok(cli.run("config", "profile", "apply", "server"))).contains("+ Swarm.AddrFilters: [\"/ip4");
        assertThat(ok(cli.run("config", "profile", "apply", "server"))).doesNotContain("Swarm.AddrFilters");
        assertThat(cli.run("config", "profile", "apply", "nope").stderr()).contains("nope is not a profile");

        // replace: the shown config, edited, goes back in
        ObjectNode cfg = (ObjectNode) JSON.readTree(ok(cli.run("config", "show")));
        cfg.with("Addresses").put("Gateway", "/ip4/127.0.0.1/tcp/9999");
        Path file = tmp.resolve("new-config.json");
        Files.writeString(file, cfg.toString());
        assertThat(ok(cli.run("config", "replace", file.toString()))).isEmpty();
        assertThat(ok(cli.run("config", "Addresses.Gateway")).strip()).isEqualTo("/ip4/127.0.0.1/tcp/9999");
        cfg.with("Identity").put("PrivKey", "CAESQ");
        Files.writeString(file, cfg.toString());
        assertThat(cli.run("config", "replace", file.toString()).stderr())
                .contains("setting private key with API is not supported");
        Files.writeString(file, "not json");
        assertThat(cli.run("config", "replace", file.toString()).stderr()).contains("failed to decode file as config");
    }

    @Test
    void throughARunningDaemon() throws Exception {
        DaemonFixture.Running d = DaemonFixture.start(tmp, "d", new byte[0]);
        try {
            CliRun cli = d.cli();
            String dry = ok(cli.run("config", "profile", "apply", "--dry-run", "lowpower"));
            assertThat(dry).contains("+ Routing.Type: \"dhtclient\"\n").contains("+ Swarm.ConnMgr.HighWater: 40\n");
            assertThat(cli.run("config", "Routing.Type").exitCode()).isEqualTo(1);
            assertThat(ok(cli.run("config", "profile", "apply", "lowpower"))).isEqualTo(dry);
            assertThat(ok(cli.run("config", "Routing.Type")).strip()).isEqualTo("dhtclient");
            assertThat(backups(tmp.resolve("d"), "lowpower")).isEqualTo(1);

            ObjectNode cfg = (ObjectNode) JSON.readTree(ok(cli.run("config", "show")));
            cfg.with("Routing").put("Type", "auto");
            Path file = tmp.resolve("daemon-config.json");
            Files.writeString(file, cfg.toString());
            assertThat(ok(cli.run("config", "replace", file.toString()))).isEmpty();
            assertThat(ok(cli.run("config", "Routing.Type")).strip()).isEqualTo("auto");
            Files.writeString(file, "[]");
            assertThat(cli.run("config", "replace", file.toString()).stderr()).contains("failed to decode file as config");
        } finally {
            d.cli().run("shutdown");
        }
    }
}
