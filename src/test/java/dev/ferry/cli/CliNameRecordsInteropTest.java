package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.NodeJs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry name put|get} with records made and checked by npm {@code ipns}: put into a repo without a daemon and
 * resolved, read back and validated by js, refused when they are not newer, not of the name, expired, not records,
 * or too big; and put on one daemon, got through the DHT on another.
 */
@Tag("interop")
@Timeout(120)
class CliNameRecordsInteropTest {
    private static final Duration JS = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALUE = "/ipfs/bafkqaddwgevxmmraojswg33smq";

    @TempDir
    Path tmp;

    private static JsonNode make(String... seqs) throws Exception {
        String[] args = new String[seqs.length + 2];
        args[0] = "make";
        args[1] = VALUE;
        System.arraycopy(seqs, 0, args, 2, seqs.length);
        return JSON.readTree(NodeJs.run(JS, new byte[0], "ipns/records.mjs", args));
    }

    private Path file(String name, byte[] bytes) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private Path record(JsonNode made, String seq) throws Exception {
        return file("seq" + seq, Base64.getDecoder().decode(made.path("records").path(seq).asText()));
    }

    private static void refused(CliRun.Result r, String message) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).as(r.toString()).startsWith("Error: ").contains(message);
    }

    @Test
    void recordsMadeByJsArePutResolvedGotAndRefusedWhenBad() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "repo");
        JsonNode made = make("5", "3", "7");
        String name = made.path("name").asText();
        Path five = record(made, "5");

        refused(cli.run("name", "put", name, five.toString()), "--allow-offline");
        refused(cli.run("name", "get", name), "not found");
        CliRun.Result put = cli.run("name", "put", "--allow-offline", name, five.toString());
        assertThat(put.exitCode()).as(put.toString()).isZero();
        assertThat(put.stdout()).isEqualTo(name + "\n");
        assertThat(cli.run("name", "resolve", name).stdout()).isEqualTo(VALUE + "\n");

        CliRun.Result got = cli.run("name", "get", "/ipns/" + name);
        assertThat(got.exitCode()).as(got.toString()).isZero();
        assertThat(got.stdoutBytes()).isEqualTo(Files.readAllBytes(five));
        JsonNode checked = JSON.readTree(NodeJs.run(JS, got.stdoutBytes(), "ipns/records.mjs", "validate", name));
        assertThat(checked.path("value").asText()).isEqualTo(VALUE);
        assertThat(checked.path("sequence").asText()).isEqualTo("5");

        // the same record again refreshes it; an older one needs --force; a newer one replaces it
        assertThat(cli.run("name", "put", "-q", "--allow-offline", name, five.toString()).stdout()).isEmpty();
        Path three = record(made, "3");
        refused(cli.run("name", "put", "--allow-offline", name, three.toString()),
                "existing IPNS record has sequence 5 >= new record sequence 3");
        assertThat(cli.run("name", "put", "--allow-offline", "--force", name, three.toString()).exitCode()).isZero();
        assertThat(cli.run("name", "get", name).stdoutBytes()).isEqualTo(Files.readAllBytes(three));
        byte[] seven = Files.readAllBytes(record(made, "7"));
        CliRun.Result fromStdin = cli.run(seven, "name", "put", "--allow-offline", name);
        assertThat(fromStdin.exitCode()).as(fromStdin.toString()).isZero();
        assertThat(cli.run("name", "get", name).stdoutBytes()).isEqualTo(seven);

        // records that are not valid records of the name are refused, with --force too
        Path other = file("other", Base64.getDecoder().decode(made.path("other").path("record").asText()));
        refused(cli.run("name", "put", "--allow-offline", name, other.toString()), "record validation failed");
        refused(cli.run("name", "put", "--allow-offline", "-f", name, other.toString()), "record validation failed");
        Path expired = file("expired", Base64.getDecoder().decode(made.path("expired").asText()));
        refused(cli.run("name", "put", "--allow-offline", name, expired.toString()), "expired");
        refused(cli.run("name", "put", "--allow-offline", name, file("garbage",
                "not a record at all".getBytes(StandardCharsets.UTF_8)).toString()), "invalid IPNS record");
        refused(cli.run("name", "put", "--allow-offline", "--force", name, file("big", new byte[11 * 1024])
                .toString()), "record exceeds maximum size of 10240 bytes");
        refused(cli.run(new byte[0], "name", "put", "--allow-offline", name), "record is empty");
        refused(cli.run("name", "put", "--allow-offline", "--allow-delegated", name, five.toString()),
                "cannot use both");
        refused(cli.run("name", "put", "--allow-offline", "not-a-name", five.toString()), "not an IPNS name");
        refused(cli.run("name", "get", "not-a-name"), "not an IPNS name");
        refused(cli.run("name", "get", made.path("other").path("name").asText()), "not found");
        // what was refused changed nothing
        assertThat(cli.run("name", "get", name).stdoutBytes()).isEqualTo(seven);
    }

    @Test
    void aRecordPutOnOneDaemonIsGotFromAnotherThroughTheDht() throws Exception {
        JsonNode made = make("2", "1");
        String name = made.path("name").asText();
        Running a = DaemonFixture.start(tmp, "a", new byte[0]);
        Running b = DaemonFixture.start(tmp, "b", new byte[0]);
        assertThat(a.cli().run("swarm", "connect", b.swarm() + "/p2p/" + b.peerId()).exitCode()).isZero();
        Path two = record(made, "2");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        CliRun.Result put;
        // until identify has told a that b serves the DHT
        while ((put = a.cli().run("name", "put", name, two.toString())).exitCode() != 0) {
            assertThat(put.stderr()).contains("--allow-offline");
            assertThat(System.nanoTime()).as(put.toString()).isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(put.stdout()).isEqualTo(name + "\n");

        CliRun.Result got = b.cli().run("name", "get", name);
        assertThat(got.exitCode()).as(got.toString()).isZero();
        assertThat(got.stdoutBytes()).isEqualTo(Files.readAllBytes(two));
        assertThat(b.cli().run("name", "resolve", name).stdout()).isEqualTo(VALUE + "\n");
        // b knows sequence 2 now: an older record is refused through its daemon too
        refused(b.cli().run("name", "put", name, record(made, "1").toString()), ">= new record sequence 1");

        assertThat(a.cli().run("shutdown").exitCode()).isZero();
        assertThat(b.cli().run("shutdown").exitCode()).isZero();
        assertThat(a.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(b.exit().get(30, TimeUnit.SECONDS)).isZero();
    }
}
