package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry pin add --policy}, {@code pin replicas}, {@code pin kept} and {@code pin rm}, with and without daemons. */
@Timeout(120)
class CliPinningPolicyTest {
    private static final String POLICY = "{\"Policies\": {\"important\": {\"Replicas\": 1, \"MinTrust\": 5}},"
            + " \"CheckInterval\": \"1s\"}";

    @TempDir
    Path tmp;

    private static CliRun.Result until(CliRun cli, Predicate<String> done, String... args) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            CliRun.Result r = cli.run(args);
            if (done.test(r.stdout()) || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(200);
        }
    }

    private static String peerId(CliRun cli) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli.run("id").stdout()).path("ID").asText();
    }

    @Test
    void aPolicyPinIsKeptByATrustedPeerAndReleasedWithThePin() throws Exception {
        CliRun ca = DaemonFixture.init(tmp, "a");
        CliRun cb = DaemonFixture.init(tmp, "b");
        assertThat(ca.run("config", "--json", "Pinning", POLICY).exitCode()).isZero();
        // each trusts the other before it starts
        assertThat(ca.run("trust", "set", peerId(cb), "5").exitCode()).isZero();
        assertThat(cb.run("trust", "set", peerId(ca), "5").exitCode()).isZero();
        Running a = DaemonFixture.start(tmp, "a", new byte[0]);
        Running b = DaemonFixture.start(tmp, "b", new byte[0]);
        assertThat(a.cli().run("swarm", "connect", b.swarm() + "/p2p/" + b.peerId()).exitCode()).isZero();

        String cid = a.cli().run("keep me on two nodes".getBytes(StandardCharsets.UTF_8), "add", "-Q").stdout().strip();
        CliRun.Result unknown = a.cli().run("pin", "add", "--policy", "nope", cid);
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).startsWith("Error: ").contains("no pinning policy named 'nope'");
        CliRun.Result added = a.cli().run("pin", "add", "--policy", "important", cid);
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(added.stdout()).isEqualTo("pinned " + cid + " recursively under policy important\n");

        // confirmed, then proven at the next check (a proof every hour by default, the first at once)
        CliRun.Result replicas = until(a.cli(), s -> s.contains(" proven "), "pin", "replicas");
        assertThat(replicas.stdout()).matches(java.util.regex.Pattern.quote(cid + " important 1/1\n  " + b.peerId()
                + " confirmed proven ") + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z\n");
        CliRun.Result kept = b.cli().run("pin", "kept");
        assertThat(kept.stdout()).startsWith(cid + " did:key:z").contains(" kept ");
        assertThat(b.cli().run("cat", cid).stdout()).isEqualTo("keep me on two nodes");

        // pin prove: the holder proves it now; an unknown CID or a peer that holds nothing is an error
        CliRun.Result proven = a.cli().run("pin", "prove", cid);
        assertThat(proven.exitCode()).as(proven.toString()).isZero();
        assertThat(proven.stdout()).isEqualTo(b.peerId() + " proven\n");
        assertThat(a.cli().run("pin", "prove", cid, "--peer", b.peerId()).stdout()).isEqualTo(b.peerId() + " proven\n");
        CliRun.Result notHolder = a.cli().run("pin", "prove", cid, "--peer", a.peerId());
        assertThat(notHolder.exitCode()).isEqualTo(1);
        assertThat(notHolder.stderr()).startsWith("Error: ").contains("does not keep " + cid);
        CliRun.Result badPeer = a.cli().run("pin", "prove", cid, "--peer", "nobody");
        assertThat(badPeer.exitCode()).isEqualTo(1);
        assertThat(badPeer.stderr()).startsWith("Error: ");

        // the block vanishes from b's store: the proof fails, b is dropped, and replicas tells why
        assertThat(b.cli().run("block", "rm", cid).exitCode()).isZero();
        CliRun.Result failed = a.cli().run("pin", "prove", cid);
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.stdout()).isEqualTo(b.peerId() + " failed block " + cid + " missing\n");
        assertThat(until(a.cli(), s -> s.contains(" 0/1"), "pin", "replicas").stdout()).startsWith(cid + " important 0/1")
                .contains("  " + b.peerId() + " dropped: failed a storage proof: block " + cid + " missing\n");

        assertThat(until(b.cli(), String::isEmpty, "pin", "kept").stdout()).isEmpty(); // told to let go
        assertThat(a.cli().run("pin", "rm", cid).exitCode()).isZero();
        assertThat(a.cli().run("pin", "replicas").stdout()).isEmpty();

        assertThat(a.cli().run("shutdown").exitCode()).isZero();
        assertThat(b.cli().run("shutdown").exitCode()).isZero();
        assertThat(a.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(b.exit().get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void withoutADaemonAPolicyPinIsRecordedForTheNextStart() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "c");
        assertThat(cli.run("config", "--json", "Pinning", POLICY).exitCode()).isZero();
        String cid = cli.run("offline".getBytes(StandardCharsets.UTF_8), "add", "-Q").stdout().strip();
        CliRun.Result direct = cli.run("pin", "add", "--policy", "important", "--recursive=false", cid);
        assertThat(direct.exitCode()).isEqualTo(1);
        assertThat(direct.stderr()).contains("needs a recursive pin");
        assertThat(cli.run("pin", "add", "--policy", "important", cid).exitCode()).isZero();
        assertThat(cli.run("pin", "replicas").stdout()).isEqualTo(cid + " important 0/1\n");
        assertThat(cli.run("pin", "replicas", cid).exitCode()).isZero();
        CliRun.Result prove = cli.run("pin", "prove", cid);
        assertThat(prove.exitCode()).isEqualTo(1);
        assertThat(prove.stderr()).startsWith("Error: ").contains("needs a running daemon");
        assertThat(cli.run("pin", "kept").stdout()).isEmpty();
        assertThat(cli.run("pin", "rm", cid).exitCode()).isZero();
        assertThat(cli.run("pin", "replicas").stdout()).isEmpty();
        CliRun.Result gone = cli.run("pin", "replicas", cid);
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.stderr()).isEqualTo("Error: " + cid + " is not pinned under a policy\n");

        assertThat(cli.run("config", "--json", "Pinning.Policies", "[1]").exitCode()).isZero();
        CliRun.Result bad = cli.run("pin", "add", "--policy", "important", cid);
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("Pinning.Policies");
    }

    @Test
    void aPolicyPinIsNamedWithAndWithoutADaemon() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "named");
        assertThat(cli.run("config", "--json", "Pinning", POLICY).exitCode()).isZero();
        String cid = cli.run("named".getBytes(StandardCharsets.UTF_8), "add", "-Q", "--pin=false").stdout().strip();
        CliRun.Result added = cli.run("pin", "add", "--policy", "important", "--name", "my site", cid);
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(cli.run("pin", "replicas").stdout()).isEqualTo(cid + " important 0/1 my site\n");
        assertThat(cli.run("pin", "ls", "--names", "--type", "recursive").stdout())
                .isEqualTo(cid + " recursive my site\n");
        assertThat(cli.run("pin", "add", "--name", "renamed", cid).exitCode()).isZero(); // the policy pin follows
        assertThat(cli.run("pin", "replicas").stdout()).isEqualTo(cid + " important 0/1 renamed\n");
        CliRun.Result tooLong = cli.run("pin", "add", "--policy", "important", "--name", "x".repeat(256), cid);
        assertThat(tooLong.exitCode()).isEqualTo(1);
        assertThat(tooLong.stderr()).isEqualTo("Error: pin name is 256 bytes (max 255 bytes)\n");

        Running d = DaemonFixture.start(tmp, "named", new byte[0]);
        try {
            assertThat(d.cli().run("pin", "replicas").stdout()).startsWith(cid + " important 0/1 renamed");
            assertThat(d.cli().run("pin", "add", "--policy", "important", "-n", "through the daemon", cid).exitCode())
                    .isZero();
            assertThat(d.cli().run("pin", "replicas").stdout()).startsWith(cid + " important 0/1 through the daemon");
            assertThat(d.cli().run("pin", "ls", "--name", "daemon").stdout())
                    .isEqualTo(cid + " recursive through the daemon\n");
            assertThat(d.cli().run("shutdown").exitCode()).isZero();
            assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        } finally {
            d.cli().run("shutdown");
        }
        assertThat(cli.run("pin", "replicas").stdout()).isEqualTo(cid + " important 0/1 through the daemon\n");
        assertThat(cli.run("pin", "rm", cid).exitCode()).isZero();
        assertThat(cli.run("pin", "replicas").stdout()).isEmpty();
    }
}
