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

/** {@code ferry daemon --enable-gc}: an unpinned add goes at the next period, a pinned one stays. */
@Timeout(30)
class DaemonAutoGcTest {
    @TempDir
    Path tmp;

    @Test
    void theDaemonCollectsWhatNoPinKeeps() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "d");
        assertThat(cli.run("config", "Datastore.StorageMax", "10B").exitCode()).isZero();
        assertThat(cli.run("config", "Datastore.GCPeriod", "100ms").exitCode()).isZero();
        Running d = DaemonFixture.start(tmp, "d", new byte[0], "--enable-gc");
        try {
            String pinned = add(d.cli(), "kept for good", "--pin=true");
            String loose = add(d.cli(), "left to the collector", "--pin=false");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (d.cli().run("refs", "local").stdout().contains(loose) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String local = d.cli().run("refs", "local").stdout();
            assertThat(local).doesNotContain(loose).contains(pinned);
            assertThat(d.cli().run("cat", pinned).stdout()).isEqualTo("kept for good");
        } finally {
            assertThat(d.cli().run("shutdown").exitCode()).isZero();
            assertThat(d.exit().get(20, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void aBadValueStopsTheDaemonNamingTheKey() {
        CliRun cli = DaemonFixture.init(tmp, "bad");
        assertThat(cli.run("config", "Datastore.StorageGCWatermark", "ninety").exitCode()).isZero();
        CliRun.Result r = cli.run("daemon", "--enable-gc");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("Datastore.StorageGCWatermark");
    }

    private static String add(CliRun cli, String text, String pin) {
        CliRun.Result r = cli.run(text.getBytes(StandardCharsets.UTF_8), "add", "-Q", "--cid-version=1", pin);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout().strip();
    }
}
