package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.node.logging.LogSubsystems;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.SavedLogLevels;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code ferry log level|ls|tail} through a daemon, with Kubo's text output. */
@Timeout(120)
class CliLogTest {
    private static final Logger YAMUX = LoggerFactory.getLogger("dev.ferry.net.mux.yamux.Probe");

    @TempDir
    Path tmp;

    @Test
    void logCommandsNeedADaemon() {
        CliRun cli = DaemonFixture.init(tmp, "offline");
        for (String[] args : new String[][] {{"log", "ls"}, {"log", "level", "all", "info"}, {"log", "tail"}}) {
            CliRun.Result r = cli.run(args);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).isEqualTo("Error: this command needs a running daemon (start one with 'ferry daemon')\n");
        }
    }

    @Test
    void levelLsAndTailThroughTheDaemon() throws Exception {
        try (SavedLogLevels saved = new SavedLogLevels()) {
            Running d = DaemonFixture.start(tmp, "d", new byte[0]);
            CliRun cli = d.cli();

            assertThat(cli.run("log", "ls").stdout())
                    .isEqualTo(String.join("\n", LogSubsystems.all().keySet()) + "\n");

            assertThat(YAMUX.isDebugEnabled()).isFalse();
            CliRun.Result set = cli.run("log", "level", "yamux", "debug");
            assertThat(set.exitCode()).as(set.toString()).isZero();
            assertThat(set.stdout()).isEqualTo("Changed log level of 'yamux' to 'debug'\n");
            assertThat(YAMUX.isDebugEnabled()).isTrue();
            assertThat(cli.run("log", "level", "all", "warn").stdout()).isEqualTo("Changed log level of '*' to 'warn'\n");
            assertThat(YAMUX.isDebugEnabled()).isFalse();

            CliRun.Result bad = cli.run("log", "level", "nosuch", "info");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.stderr()).contains("No such logger");

            CompletableFuture<CliRun.Result> tail = CompletableFuture.supplyAsync(() -> cli.run("log", "tail"),
                    r -> Thread.ofVirtual().start(r));
            String token = UUID.randomUUID().toString();
            // the tail follows from when it connects, so log until a line of it shows the subscription is open
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (dev.ferry.node.logging.LogTail.openCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            YAMUX.warn("cli tail probe {}", token);
            Thread.sleep(500); // the line reaches the CLI over loopback in milliseconds; its output is read at its end
            assertThat(cli.run("shutdown").exitCode()).isZero();
            assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
            CliRun.Result tailed = tail.get(30, TimeUnit.SECONDS);
            assertThat(tailed.lines()).anySatisfy(l -> assertThat(l)
                    .contains("\"level\":\"warn\"", "\"logger\":\"yamux\"", "\"msg\":\"cli tail probe " + token + "\""));
        }
    }
}
