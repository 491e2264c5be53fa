package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry swarm filters [add|rm]} and {@code ferry routing reprovide} through a daemon on 127.0.0.1. */
@Timeout(120)
class CliSwarmFiltersTest {
    @TempDir
    Path tmp;

    private static String ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    @Test
    void filtersChangeTheDaemonAndTheConfigAndReprovideRuns() throws Exception {
        Running a = DaemonFixture.start(tmp, "a", "pinned on a".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Running b = DaemonFixture.start(tmp, "b", new byte[0]);
        try {
            CliRun cli = a.cli();
            String target = b.swarm() + "/p2p/" + b.peerId();
            assertThat(ok(cli.run("swarm", "filters"))).isEmpty();
            assertThat(ok(cli.run("swarm", "filters", "add", "/ip4/127.0.0.0/ipcidr/8", "/ip6/fe80::/ipcidr/10")))
                    .isEqualTo("/ip4/127.0.0.0/ipcidr/8\n/ip6/fe80::/ipcidr/10\n");
            assertThat(ok(cli.run("swarm", "filters"))).isEqualTo("/ip4/127.0.0.0/ipcidr/8\n/ip6/fe80::/ipcidr/10\n");
            assertThat(ok(cli.run("config", "Swarm.AddrFilters"))).contains("/ip4/127.0.0.0/ipcidr/8");

            CliRun.Result refused = cli.run("swarm", "connect", target);
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.stderr()).contains("address filtered: " + b.swarm());
            CliRun.Result bad = cli.run("swarm", "filters", "add", "127.0.0.0/8");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.stderr()).contains("invalid address filter '127.0.0.0/8'");

            assertThat(ok(cli.run("swarm", "filters", "rm", "/ip4/127.0.0.0/ipcidr/8")))
                    .isEqualTo("/ip4/127.0.0.0/ipcidr/8\n");
            assertThat(ok(cli.run("swarm", "connect", target))).contains("success");
            assertThat(ok(cli.run("config", "Swarm.AddrFilters"))).doesNotContain("127.0.0.0")
                    .contains("/ip6/fe80::/ipcidr/10");

            CliRun.Result reprovide = cli.run("routing", "reprovide");
            assertThat(reprovide.exitCode()).as(reprovide.toString()).isZero();
            assertThat(reprovide.stdout()).isEmpty();
        } finally {
            a.cli().run("shutdown");
            b.cli().run("shutdown");
        }
    }

    @Test
    void filtersNeedADaemonAndAddrsLocalLeavesNoAnnounceOut() {
        CliRun cli = DaemonFixture.init(tmp, "offline");
        CliRun.Result r = cli.run("swarm", "filters");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("needs a running daemon");

        assertThat(ok(cli.run("config", "--json", "Addresses.Announce",
                "[\"/ip4/1.2.3.4/tcp/4001\", \"/ip4/10.0.0.1/tcp/4001\", \"/ip4/5.6.7.8/tcp/4001\"]"))).isEmpty();
        assertThat(ok(cli.run("swarm", "addrs", "local"))).isEqualTo(
                "/ip4/1.2.3.4/tcp/4001\n/ip4/10.0.0.1/tcp/4001\n/ip4/5.6.7.8/tcp/4001\n");
        assertThat(ok(cli.run("config", "--json", "Addresses.NoAnnounce",
                "[\"/ip4/10.0.0.0/ipcidr/8\", \"/ip4/5.6.7.8/tcp/4001\"]"))).isEmpty();
        assertThat(ok(cli.run("swarm", "addrs", "local"))).isEqualTo("/ip4/1.2.3.4/tcp/4001\n");
    }
}
