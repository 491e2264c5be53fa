package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry routing findprovs|provide} between two daemons on loopback. */
@Timeout(120)
class CliRoutingTest {
    @TempDir
    Path tmp;

    @Test
    void anAddIsProvidedAndFoundAndProvideAsksForLocalContent() throws Exception {
        Running a = DaemonFixture.start(tmp, "a", new byte[0]);
        Running b = DaemonFixture.start(tmp, "b", new byte[0]);
        assertThat(a.cli().run("swarm", "connect", b.swarm() + "/p2p/" + b.peerId()).exitCode()).isZero();
        Thread.sleep(500); // identify tells each that the other serves the DHT
        CliRun.Result added = a.cli().run("provided by a".getBytes(StandardCharsets.UTF_8), "add", "-Q");
        assertThat(added.exitCode()).isZero();
        String cid = added.stdout().strip();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        CliRun.Result found;
        while (!(found = b.cli().run("routing", "findprovs", cid)).stdout().contains(a.peerId())) {
            assertThat(System.nanoTime()).as("b never heard that a provides it: " + found).isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(found.exitCode()).isZero();
        assertThat(found.stdout().strip()).isEqualTo(a.peerId());

        CliRun.Result addrs = b.cli().run("routing", "findpeer", a.peerId());
        assertThat(addrs.exitCode()).as(addrs.toString()).isZero();
        assertThat(addrs.stdout()).contains(a.swarm());

        CliRun.Result provided = a.cli().run("routing", "provide", "-v", cid);
        assertThat(provided.exitCode()).as(provided.toString()).isZero();
        assertThat(provided.stdout()).isEqualTo("provided " + cid + " to 1 peers\n");
        CliRun.Result notHere = a.cli().run("routing", "provide", "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        assertThat(notHere.exitCode()).isEqualTo(1);
        assertThat(notHere.stderr()).startsWith("Error: ").contains("not found locally");

        assertThat(a.cli().run("shutdown").exitCode()).isZero();
        assertThat(b.cli().run("shutdown").exitCode()).isZero();
    }
}
