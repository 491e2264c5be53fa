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

/**
 * Circuit Relay v2 from the command line: daemon A keeps a reservation on relay daemon R (its config), shows the
 * circuit address in {@code ferry id}; daemon B connects to it with {@code swarm connect <circuit>}, sees it in
 * {@code swarm peers} at that address, and pings it through R.
 */
@Timeout(120)
class CliRelayTest {
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
    void aPeerBehindARelayIsConnectedListedAndPingedThroughIt() throws Exception {
        ok(DaemonFixture.init(tmp, "r").run("config", "--json", "Swarm.RelayService.Enabled", "true"));
        Running r = DaemonFixture.start(tmp, "r", new byte[0]);
        Running a = null;
        Running b = null;
        try {
            String relay = r.swarm() + "/p2p/" + r.peerId();
            ok(DaemonFixture.init(tmp, "a").run("config", "--json", "Swarm.RelayClient.StaticRelays",
                    "[\"" + relay + "\"]"));
            a = DaemonFixture.start(tmp, "a", new byte[0]);
            b = DaemonFixture.start(tmp, "b", new byte[0]);
            String circuit = relay + "/p2p-circuit/p2p/" + a.peerId();
            Running aa = a;
            await("A announces its circuit address", () -> ok(aa.cli().run("id")).contains(circuit));

            assertThat(ok(b.cli().run("swarm", "connect", circuit))).contains("connect " + a.peerId() + " success");
            assertThat(ok(b.cli().run("swarm", "peers")).lines()).contains(circuit);
            assertThat(ok(b.cli().run("ping", a.peerId(), "-n", "1"))).contains("time=");
        } finally {
            for (Running d : new Running[] {b, a, r}) {
                if (d != null) {
                    d.cli().run("shutdown");
                    d.exit().get(30, TimeUnit.SECONDS);
                }
            }
        }
    }
}
