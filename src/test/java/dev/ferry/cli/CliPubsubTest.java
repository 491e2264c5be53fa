package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry pubsub pub|sub|ls|peers} between two daemons on loopback. */
@Timeout(120)
class CliPubsubTest {
    @TempDir
    Path tmp;

    @Test
    void messagesPublishedOnOneDaemonArePrintedByASubscriberOfTheOther() throws Exception {
        Running a = DaemonFixture.start(tmp, "a", new byte[0]);
        Running b = DaemonFixture.start(tmp, "b", new byte[0]);
        assertThat(a.cli().run("swarm", "connect", b.swarm() + "/p2p/" + b.peerId()).exitCode()).isZero();

        CompletableFuture<CliRun.Result> sub = CompletableFuture.supplyAsync(
                () -> b.cli().run("pubsub", "sub", "news/ü"), r -> Thread.ofVirtual().start(r));
        CompletableFuture<CliRun.Result> notices = CompletableFuture.supplyAsync(
                () -> b.cli().run("pubsub", "sub", "/ferry/content/1.0.0", "--enc", "json"),
                r -> Thread.ofVirtual().start(r));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!a.cli().run("pubsub", "peers", "news/ü").stdout().contains(b.peerId())) {
            assertThat(System.nanoTime()).as("a never saw b subscribe").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(b.cli().run("pubsub", "ls").stdout()).isEqualTo("/ferry/content/1.0.0\nnews/ü\n");
        assertThat(a.cli().run("pubsub", "peers").stdout()).isEqualTo(b.peerId() + "\n");
        assertThat(a.cli().run("pubsub", "peers", "--scores").stdout()).matches(b.peerId() + " -?\\d+\\.\\d\\d\n");

        CliRun.Result pub = a.cli().run("from stdin".getBytes(StandardCharsets.UTF_8), "pubsub", "pub", "news/ü");
        assertThat(pub.exitCode()).as(pub.toString()).isZero();
        Path file = tmp.resolve("msg.txt");
        Files.writeString(file, "from a file");
        assertThat(a.cli().run("pubsub", "pub", "news/ü", file.toString()).exitCode()).isZero();

        Path big = tmp.resolve("big.bin");
        Files.write(big, new byte[(1 << 20) + 1]);
        CliRun.Result tooBig = a.cli().run("pubsub", "pub", "news/ü", big.toString());
        assertThat(tooBig.exitCode()).isEqualTo(1);
        assertThat(tooBig.stderr()).startsWith("Error: ").contains("larger than a pubsub message");

        // an add through the daemon announces its root on the content notices topic
        CliRun.Result added = a.cli().run("notice me".getBytes(StandardCharsets.UTF_8), "add", "-Q");
        assertThat(added.exitCode()).isZero();

        Thread.sleep(1000); // delivery on loopback takes milliseconds; the subscriber's output is read at its end
        assertThat(b.cli().run("shutdown").exitCode()).isZero();
        CliRun.Result printed = sub.get(30, TimeUnit.SECONDS);
        assertThat(printed.stdout()).isEqualTo("from stdin\nfrom a file\n");
        CliRun.Result noticed = notices.get(30, TimeUnit.SECONDS);
        assertThat(noticed.lines()).singleElement().satisfies(l -> {
            assertThat(l).contains("\"from\":\"" + a.peerId() + "\"");
            JsonNode n = new ObjectMapper().readTree(l);
            byte[] notice = dev.ferry.multiformats.Multibase.decode(n.get("data").asText());
            assertThat(dev.ferry.pubsub.wire.ContentNoticeCodec.decode(notice).roots().getFirst().toString())
                    .isEqualTo(added.stdout().strip());
        });
        assertThat(a.cli().run("shutdown").exitCode()).isZero();
        assertThat(a.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(b.exit().get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void pubsubNeedsADaemonAndAnEnabledPubsub() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "c");
        CliRun.Result noDaemon = cli.run("pubsub", "ls");
        assertThat(noDaemon.exitCode()).isEqualTo(1);
        assertThat(noDaemon.stderr()).isEqualTo("Error: this command needs a running daemon (start one with 'ferry daemon')\n");

        assertThat(cli.run("config", "--json", "Pubsub.Enabled", "false").exitCode()).isZero();
        Running c = DaemonFixture.start(tmp, "c", new byte[0]);
        CliRun.Result disabled = c.cli().run("pubsub", "pub", "t", tmp.toString());
        assertThat(disabled.stderr()).startsWith("Error: no such file");
        disabled = c.cli().run("x".getBytes(StandardCharsets.UTF_8), "pubsub", "pub", "t");
        assertThat(disabled.exitCode()).isEqualTo(1);
        assertThat(disabled.stderr()).contains("pubsub is not enabled");
        assertThat(c.cli().run("shutdown").exitCode()).isZero();
        assertThat(c.exit().get(30, TimeUnit.SECONDS)).isZero();
    }
}
