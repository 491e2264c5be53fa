package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.node.p2p.TcpEchoServer;
import dev.ferry.node.p2p.TunnelClient;
import dev.ferry.testing.CliRun;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry p2p listen|forward|ls|close|stream} between two daemons on loopback. */
@Timeout(120)
class CliP2pTest {
    @TempDir
    Path tmp;

    private static CliRun.Result ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void aServiceOfOneDaemonIsReachedThroughAPortOfTheOther() throws Exception {
        CliRun cliA = DaemonFixture.init(tmp, "a");
        CliRun cliB = DaemonFixture.init(tmp, "b");
        ok(cliA.run("config", "--json", "Experimental.Libp2pStreamMounting", "true"));
        ok(cliB.run("config", "--json", "Experimental.Libp2pStreamMounting", "true"));
        Running a = DaemonFixture.start(tmp, "a", new byte[0]);
        Running b = DaemonFixture.start(tmp, "b", new byte[0]);
        try (TcpEchoServer echo = new TcpEchoServer(false)) {
            String target = echo.address().toString();
            ok(b.cli().run("p2p", "listen", "/x/echo", target));
            CliRun.Result twice = b.cli().run("p2p", "listen", "/x/echo", target);
            assertThat(twice.exitCode()).isEqualTo(1);
            assertThat(twice.stderr()).isEqualTo("Error: listener already registered\n");
            CliRun.Result outside = b.cli().run("p2p", "listen", "/its/not/a/x/path", target);
            assertThat(outside.stderr()).isEqualTo("Error: protocol name must be within '/x/' namespace\n");
            ok(b.cli().run("p2p", "listen", "--allow-custom-protocol", "-r", "/custom", target));

            ok(a.cli().run("p2p", "forward", "/x/echo", "/ip4/127.0.0.1/tcp/0", b.swarm() + "/p2p/" + b.peerId()));
            String forwarded = ok(a.cli().run("p2p", "ls")).stdout();
            assertThat(forwarded).matches("/x/echo /ip4/127\\.0\\.0\\.1/tcp/\\d+ /p2p/" + b.peerId() + "\n");
            String listen = forwarded.split(" ")[1];
            int port = Integer.parseInt(listen.substring(listen.lastIndexOf('/') + 1));
            assertThat(ok(b.cli().run("p2p", "ls", "--headers")).stdout()).isEqualTo(String.join("\n",
                    "Protocol Listen Address" + " ".repeat(b.peerId().length() + 5 - "Listen Address".length() + 1)
                            + "Target Address",
                    "/x/echo  /p2p/" + b.peerId() + " " + target,
                    "/custom  /p2p/" + b.peerId() + " " + target) + "\n");

            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            byte[][] digests = TunnelClient.roundTrip(to, 1024 * 1024, 5);
            assertThat(digests[1]).isEqualTo(digests[0]);

            try (java.net.Socket idle = new java.net.Socket()) {
                idle.connect(to, 10_000);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (b.cli().run("p2p", "stream", "ls").stdout().isEmpty()) {
                    assertThat(System.nanoTime()).as("the tunnel shows").isLessThan(deadline);
                    Thread.sleep(50);
                }
                assertThat(ok(b.cli().run("p2p", "stream", "ls", "-v")).stdout()).isEqualTo(
                        "ID Protocol Origin" + " ".repeat(b.peerId().length() + 5 - "Origin".length() + 1) + "Target\n"
                                + "1  /x/echo  /p2p/" + a.peerId() + " " + target + "\n");
                CliRun.Result noId = b.cli().run("p2p", "stream", "close");
                assertThat(noId.stderr()).isEqualTo("Error: no id specified\n");
                ok(b.cli().run("p2p", "stream", "close", "-a"));
                assertThat(b.cli().run("p2p", "stream", "ls").stdout()).isEmpty();
            }

            CliRun.Result none = a.cli().run("p2p", "close");
            assertThat(none.stderr()).isEqualTo("Error: no matching options given\n");
            assertThat(ok(a.cli().run("p2p", "close", "-l", listen)).stdout()).isEqualTo("Closed 1 stream(s)\n");
            assertThat(ok(a.cli().run("p2p", "ls")).stdout()).isEmpty();
            assertThat(ok(b.cli().run("p2p", "close", "-p", "/custom")).stdout()).isEqualTo("Closed 1 stream(s)\n");
            assertThat(ok(b.cli().run("p2p", "close", "-a")).stdout()).isEqualTo("Closed 1 stream(s)\n");
        } finally {
            assertThat(a.cli().run("shutdown").exitCode()).isZero();
            assertThat(b.cli().run("shutdown").exitCode()).isZero();
            assertThat(a.exit().get(30, TimeUnit.SECONDS)).isZero();
            assertThat(b.exit().get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void p2pNeedsADaemonWithStreamMountingEnabled() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "c");
        CliRun.Result noDaemon = cli.run("p2p", "ls");
        assertThat(noDaemon.exitCode()).isEqualTo(1);
        assertThat(noDaemon.stderr())
                .isEqualTo("Error: this command needs a running daemon (start one with 'ferry daemon')\n");
        Running c = DaemonFixture.start(tmp, "c", new byte[0]);
        try {
            CliRun.Result off = c.cli().run("p2p", "listen", "/x/a", "/ip4/127.0.0.1/tcp/1234");
            assertThat(off.exitCode()).isEqualTo(1);
            assertThat(off.stderr()).isEqualTo("Error: libp2p stream mounting not enabled\n");
        } finally {
            assertThat(c.cli().run("shutdown").exitCode()).isZero();
            assertThat(c.exit().get(30, TimeUnit.SECONDS)).isZero();
        }
    }
}
