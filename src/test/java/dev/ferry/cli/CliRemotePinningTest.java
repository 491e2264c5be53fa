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

/** {@code ferry pin remote ...}: daemon b pins on daemon a's Pinning Service API; the service commands offline. */
@Timeout(120)
class CliRemotePinningTest {
    @TempDir
    Path tmp;

    @Test
    void oneDaemonPinsItsContentOnAnothersPinningService() throws Exception {
        Running a = DaemonFixture.start(tmp, "a", new byte[0]);
        Running b = DaemonFixture.start(tmp, "b", new byte[0]);
        String api = a.line("RPC API server listening on ");
        String endpoint = "http://127.0.0.1:" + api.substring(api.lastIndexOf('/') + 1) + "/psa";
        CliRun cb = b.cli();
        assertThat(cb.run("pin", "remote", "service", "add", "a-service", endpoint, "secret-key").exitCode()).isZero();
        CliRun.Result twice = cb.run("pin", "remote", "service", "add", "a-service", endpoint, "secret-key");
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.stderr()).contains("service already present");
        assertThat(cb.run("pin", "remote", "service", "ls").stdout()).isEqualTo("a-service\t" + endpoint + "\n");
        assertThat(cb.run("config", "show").stdout()).contains("[redacted]").doesNotContain("secret-key");

        String cid = cb.run("kept on a".getBytes(StandardCharsets.UTF_8), "add", "-Q").stdout().strip();
        CliRun.Result added = cb.run("pin", "remote", "add", "--service", "a-service", "--name", "doc", cid);
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(added.stdout()).isEqualTo("CID:    " + cid + "\nName:   doc\nStatus: pinned\n");
        assertThat(cb.run("pin", "remote", "ls", "--service", "a-service").stdout())
                .isEqualTo(cid + "\tpinned\tdoc\n");
        assertThat(cb.run("pin", "remote", "service", "ls", "--stat").stdout())
                .isEqualTo("a-service\t" + endpoint + "\tqueued 0, pinning 0, pinned 1, failed 0\n");
        assertThat(a.cli().run("pin", "kept").stdout()).startsWith(cid + " psa:").contains(" kept ");
        assertThat(a.cli().run("cat", cid).stdout()).isEqualTo("kept on a");

        CliRun.Result noService = cb.run("pin", "remote", "ls", "--service", "nope");
        assertThat(noService.exitCode()).isEqualTo(1);
        assertThat(noService.stderr()).contains("service not known: nope");
        assertThat(cb.run("pin", "remote", "rm", "--service", "a-service", "--cid", cid).exitCode()).isZero();
        assertThat(cb.run("pin", "remote", "ls", "--service", "a-service").stdout()).isEmpty();
        assertThat(a.cli().run("pin", "kept").stdout()).isEmpty();
        assertThat(cb.run("pin", "remote", "service", "rm", "a-service").exitCode()).isZero();
        assertThat(cb.run("pin", "remote", "service", "ls").stdout()).isEmpty();

        assertThat(a.cli().run("shutdown").exitCode()).isZero();
        assertThat(b.cli().run("shutdown").exitCode()).isZero();
        assertThat(a.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(b.exit().get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void servicesAreConfiguredWithoutADaemonToo() {
        CliRun cli = DaemonFixture.init(tmp, "c");
        assertThat(cli.run("pin", "remote", "service", "add", "svc", "https://pins.example/psa/", "k").exitCode())
                .isZero();
        assertThat(cli.run("pin", "remote", "service", "ls").stdout()).isEqualTo("svc\thttps://pins.example/psa\n");
        CliRun.Result bad = cli.run("pin", "remote", "service", "add", "x", "ftp://nowhere", "k");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("http or https URL");
        CliRun.Result needsDaemon = cli.run("pin", "remote", "ls", "--service", "svc");
        assertThat(needsDaemon.exitCode()).isEqualTo(1);
        assertThat(needsDaemon.stderr()).contains("needs a running daemon");
        assertThat(cli.run("pin", "remote", "service", "rm", "svc").exitCode()).isZero();
        assertThat(cli.run("pin", "remote", "service", "ls").stdout()).isEmpty();
        assertThat(cli.run("pin", "remote", "service", "rm", "svc").stderr()).contains("service not known");
    }
}
