package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry dht query} between two daemons on loopback, plain and verbose, and without a daemon. */
@Timeout(120)
class CliDhtQueryTest {
    @TempDir
    Path tmp;

    @Test
    void aQueryFindsThePeerAndVerboseShowsTheLookup() throws Exception {
        assertThat(DaemonFixture.init(tmp, "offline").run("dht", "query", "12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf")
                .stderr()).contains("needs a running daemon");
        Running a = DaemonFixture.start(tmp, "a", new byte[0]);
        Running b = DaemonFixture.start(tmp, "b", new byte[0]);
        try {
            assertThat(a.cli().run("swarm", "connect", b.swarm() + "/p2p/" + b.peerId()).exitCode()).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            CliRun.Result found;
            while (!(found = a.cli().run("dht", "query", b.peerId())).stdout().equals(b.peerId() + "\n")) {
                assertThat(System.nanoTime()).as("a never found b: " + found).isLessThan(deadline);
                Thread.sleep(200); // identify tells a that b serves the DHT
            }
            CliRun.Result verbose = a.cli().run("dht", "query", "-v", b.peerId());
            assertThat(verbose.exitCode()).as(verbose.toString()).isZero();
            assertThat(verbose.lines()).allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}: .*"));
            assertThat(verbose.stdout()).contains(": * querying " + b.peerId() + "\n")
                    .contains(": * " + b.peerId() + " says use ").endsWith(": " + b.peerId() + "\n");
            CliRun.Result bad = a.cli().run("dht", "query", "not-a-peer");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.stderr().strip()).isEqualTo("Error: invalid peer ID");
        } finally {
            assertThat(a.cli().run("shutdown").exitCode()).isZero();
            assertThat(b.cli().run("shutdown").exitCode()).isZero();
        }
    }
}
