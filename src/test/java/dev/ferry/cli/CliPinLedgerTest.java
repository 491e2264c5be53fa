package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Cid;
import dev.ferry.policy.pinning.HeldReplica;
import dev.ferry.policy.pinning.HeldReplicas;
import dev.ferry.policy.pinning.StorageLedger;
import dev.ferry.testing.CliRun;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry pin ledger [--json]}, read from the repository's files and through the daemon alike. */
@Timeout(120)
class CliPinLedgerTest {
    private static final Cid OURS = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    private static final Cid THEIRS = Cid.parse("QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u");

    @TempDir
    Path tmp;

    @Test
    void eachPeersCreditWhatIsKeptForItAndTheAllowanceLeft() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "a");
        Path repo = tmp.resolve("a");
        assertThat(cli.run("pin", "ledger").stdout()).isEmpty();
        assertThat(cli.run("config", "--json", "Pinning.Reciprocity", "{\"Ratio\": 0.5}").exitCode()).isZero();
        assertThat(cli.run("config", "--json", "Bandwidth.PerPeerLimit", "100000").exitCode()).isZero();

        Identity x = Identity.generate(new SecureRandom());
        Identity y = Identity.generate(new SecureRandom());
        long provenAt = System.currentTimeMillis() - 60_000;
        StorageLedger ledger = StorageLedger.open(repo.resolve(StorageLedger.FILE), Duration.ofHours(72),
                InstantSource.system());
        ledger.proven(x.peerId(), OURS, 4_000_000, provenAt);
        HeldReplicas.open(repo.resolve(HeldReplicas.FILE)).put(new HeldReplica(THEIRS, x.did().toString(),
                HeldReplica.State.KEPT, 1_500_000, provenAt, ""));
        HeldReplicas.open(repo.resolve(HeldReplicas.FILE)).put(new HeldReplica(OURS, y.did().toString(),
                HeldReplica.State.KEPT, 300, provenAt, "")); // kept on trust: no credit
        HeldReplicas.open(repo.resolve(HeldReplicas.FILE)).put(new HeldReplica(OURS, "psa:abc",
                HeldReplica.State.KEPT, 300, provenAt, "")); // not a peer

        String xLine = x.did() + " proven 4000000 (last " + Instant.ofEpochMilli(provenAt) + ") kept 1500000 left "
                + "500000 weight 2 cap 200000";
        String yLine = y.did() + " proven 0 (never) kept 300 left 0 weight 1 cap 100000";
        String expected = (x.did().toString().compareTo(y.did().toString()) < 0 ? xLine + "\n" + yLine
                : yLine + "\n" + xLine) + "\n";
        CliRun.Result offline = cli.run("pin", "ledger");
        assertThat(offline.exitCode()).as(offline.toString()).isZero();
        assertThat(offline.stdout()).isEqualTo(expected);
        JsonNode json = new ObjectMapper().readTree(cli.run("pin", "ledger", "--json").stdout());
        assertThat(json.path("Reciprocity").path("Enabled").asBoolean()).isTrue();
        assertThat(json.path("Reciprocity").path("Ratio").asDouble()).isEqualTo(0.5);
        assertThat(json.path("Reciprocity").path("CreditFor").asText()).isEqualTo("72h");
        assertThat(json.path("Reciprocity").path("ServeFirst").asBoolean()).isTrue();
        assertThat(json.path("Peers")).hasSize(2);

        Running daemon = DaemonFixture.start(tmp, "a", new byte[0]);
        CliRun.Result online = daemon.cli().run("pin", "ledger");
        assertThat(online.stdout()).isEqualTo(expected);
        JsonNode viaDaemon = new ObjectMapper().readTree(daemon.cli().run("pin", "ledger", "--json").stdout());
        assertThat(viaDaemon).isEqualTo(json);
        JsonNode peer = viaDaemon.path("Peers").findParents("Peer").stream()
                .filter(p -> p.path("Peer").asText().equals(x.did().toString())).findFirst().orElseThrow();
        assertThat(peer.path("Proven").asLong()).isEqualTo(4_000_000);
        assertThat(peer.path("Kept").asLong()).isEqualTo(1_500_000);
        assertThat(peer.path("AllowanceLeft").asLong()).isEqualTo(500_000);
        assertThat(peer.path("Weight").asInt()).isEqualTo(2);
        assertThat(peer.path("PeerLimit").asLong()).isEqualTo(200_000); // PerPeerLimit times the weight
        assertThat(peer.path("LastProof").asText()).isEqualTo(Instant.ofEpochMilli(provenAt).toString());
        assertThat(Did.parse(peer.path("Peer").asText())).isEqualTo(x.did());
        // the running budgets give the creditor its weight times the per-peer cap, everyone else the cap
        CliRun.Result bwX = daemon.cli().run("stats", "bw", "--peer", x.peerId().toString());
        assertThat(bwX.exitCode()).as(bwX.toString()).isZero();
        assertThat(bwX.stdout()).contains("per peer 100000, this peer 200000\n");
        assertThat(daemon.cli().run("stats", "bw", "--peer", y.peerId().toString()).stdout())
                .contains("per peer 100000, this peer 100000\n");
        assertThat(daemon.cli().run("stats", "bw").stdout()).contains("per peer 100000\n");
        assertThat(daemon.cli().run("shutdown").exitCode()).isZero();
        assertThat(daemon.exit().get(30, TimeUnit.SECONDS)).isZero();

        // with ServeFirst off, credit buys no share of the server
        assertThat(cli.run("config", "--json", "Pinning.Reciprocity", "{\"Ratio\": 0.5, \"ServeFirst\": false}")
                .exitCode()).isZero();
        assertThat(cli.run("pin", "ledger").stdout())
                .isEqualTo(expected.replace("weight 2 cap 200000", "weight 1 cap 100000"));
        // without a per-peer cap there is no cap to show
        assertThat(cli.run("config", "--json", "Bandwidth.PerPeerLimit", "0").exitCode()).isZero();
        assertThat(cli.run("pin", "ledger").stdout()).isEqualTo(expected.replace("weight 2 cap 200000", "weight 1")
                .replace(" cap 100000", ""));
        assertThat(new ObjectMapper().readTree(cli.run("pin", "ledger", "--json").stdout()).path("Peers").get(0)
                .path("PeerLimit").asLong()).isZero();

        assertThat(cli.run("config", "--json", "Pinning.Reciprocity", "{\"Ratio\": \"lots\"}").exitCode()).isZero();
        CliRun.Result bad = cli.run("pin", "ledger");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("Pinning.Reciprocity.Ratio");
    }
}
