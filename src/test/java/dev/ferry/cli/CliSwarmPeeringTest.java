package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry swarm peering add|ls|rm} between two daemons on 127.0.0.1. */
@Timeout(120)
class CliSwarmPeeringTest {
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
    void aPeeredNodeIsKeptConnectedUntilRemovedAndTheConfigIsLeftAlone() throws Exception {
        Running a = DaemonFixture.start(tmp, "a", new byte[0]);
        Running b = DaemonFixture.start(tmp, "b", new byte[0]);
        try {
            CliRun cli = a.cli();
            String bId = b.peerId();
            String bAddr = b.swarm();
            String configBefore = ok(cli.run("config", "show"));

            assertThat(ok(cli.run("swarm", "peering", "ls"))).isEmpty();
            assertThat(ok(cli.run("swarm", "peering", "add", bAddr + "/p2p/" + bId)))
                    .isEqualTo("add " + bId + " success\n");
            assertThat(ok(cli.run("swarm", "peering", "ls"))).isEqualTo(bId + "\n\t" + bAddr + "\n");
            await("connected to the peered node", () -> ok(cli.run("swarm", "peers")).contains(bId));

            // a disconnect is mended by the peering service
            assertThat(ok(cli.run("swarm", "disconnect", "/p2p/" + bId))).contains("disconnect " + bId + " success");
            await("reconnected to the peered node", () -> ok(cli.run("swarm", "peers")).contains(bId));

            assertThat(ok(cli.run("swarm", "peering", "rm", bId))).isEqualTo("remove " + bId + " success\n");
            assertThat(ok(cli.run("swarm", "peering", "ls"))).isEmpty();
            assertThat(ok(cli.run("config", "show"))).isEqualTo(configBefore);

            CliRun.Result noPeerId = cli.run("swarm", "peering", "add", bAddr);
            assertThat(noPeerId.exitCode()).isEqualTo(1);
            assertThat(noPeerId.stderr()).contains("/p2p/");
            CliRun.Result self = cli.run("swarm", "peering", "add", "/p2p/" + a.peerId());
            assertThat(self.stderr()).contains("cannot peer with self");
            assertThat(cli.run("swarm", "peering", "rm", "not-a-peer").stderr()).contains("invalid peer id");
            assertThat(ok(cli.run("swarm", "peering", "ls"))).isEmpty();
        } finally {
            a.cli().run("shutdown");
            b.cli().run("shutdown");
        }
    }

    @Test
    void peeringNeedsARunningDaemon() {
        CliRun cli = DaemonFixture.init(tmp, "offline");
        CliRun.Result r = cli.run("swarm", "peering", "ls");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("needs a running daemon");
    }
}
