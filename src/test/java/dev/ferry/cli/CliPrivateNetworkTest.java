package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.net.pnet.SwarmKey;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry swarm key [gen]}, a daemon in a private network, and the short-lived hosts of {@code ferry ping}. */
@Timeout(90)
class CliPrivateNetworkTest {
    @TempDir
    Path tmp;

    @Test
    void aGeneratedKeyPutsTheDaemonAndPingInItsPrivateNetwork() throws Exception {
        CliRun a = DaemonFixture.init(tmp, "a");
        CliRun b = DaemonFixture.init(tmp, "b");
        CliRun c = DaemonFixture.init(tmp, "c");
        assertThat(a.run("swarm", "key").stdout()).startsWith("no swarm key in ").contains("public network");

        CliRun.Result gen = a.run("swarm", "key", "gen");
        assertThat(gen.exitCode()).as(gen.toString()).isZero();
        SwarmKey key = SwarmKey.parse(gen.stdout().getBytes(StandardCharsets.US_ASCII));
        assertThat(a.run("swarm", "key", "gen").stdout()).isNotEqualTo(gen.stdout()); // fresh every time
        Files.writeString(tmp.resolve("a/swarm.key"), gen.stdout());
        Files.writeString(tmp.resolve("b/swarm.key"), gen.stdout());
        assertThat(a.run("swarm", "key").stdout().strip()).isEqualTo("Swarm key fingerprint: " + key.fingerprint());

        DaemonFixture.Running daemon = DaemonFixture.start(tmp, "a", new byte[0]);
        assertThat(daemon.ready()).contains("Swarm is limited to private network of peers with the swarm key",
                "Swarm key fingerprint: " + key.fingerprint());
        String addr = daemon.swarm() + "/p2p/" + daemon.peerId();

        // b holds the key: its short-lived host gets in; c does not
        CliRun.Result member = b.run("ping", addr, "-n", "2");
        assertThat(member.exitCode()).as(member.toString()).isZero();
        assertThat(member.lines().stream().filter(l -> l.startsWith("Pong received: time="))).hasSize(2);
        CliRun.Result outsider = c.run("ping", addr, "-n", "1", "--timeout", "5s");
        assertThat(outsider.exitCode()).isEqualTo(1);
        assertThat(outsider.stderr()).startsWith("Error: ping failed: cannot connect");

        // Kubo's safeguard: refuse to go public when a private network is demanded
        CliRun forced = new CliRun(tmp.resolve("c"), Map.of("LIBP2P_FORCE_PNET", "1"));
        CliRun.Result refused = forced.run("ping", addr, "-n", "1");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).startsWith("Error: LIBP2P_FORCE_PNET=1 but there is no swarm key");

        assertThat(a.run("shutdown").exitCode()).isZero();
        daemon.exit().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aBrokenKeyFileIsAOneLineError() throws Exception {
        CliRun a = DaemonFixture.init(tmp, "a");
        Files.writeString(tmp.resolve("a/swarm.key"), "/key/swarm/psk/1.0.0/\n/base16/\nxyz\n");
        CliRun.Result r = a.run("swarm", "key");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Error: invalid swarm key: ").contains("not valid base16");
        CliRun.Result daemon = a.run("daemon");
        assertThat(daemon.exitCode()).isEqualTo(1);
        assertThat(daemon.stderr()).startsWith("Error: invalid swarm key: ");
        assertThat(a.run("repo", "stat").exitCode()).as("the failed start let the repository go").isZero();
    }
}
