package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons that are ferry peers: {@code cat} and {@code get} fetch through the content router, which asks the peer
 * whose index holds the content over {@code /ferry/request}; {@code --verbose} names the source, and what a peer
 * delivered is pinned here.
 */
@Timeout(120)
class FetchSourceCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void catFromAFerryPeerNamesItAndPinsTheContent() throws Exception {
        byte[] content = new byte[1_500_000];
        new Random(11).nextBytes(content);
        Running seeder = DaemonFixture.start(tmp, "seeder", content);
        String cid = new CliRun(tmp.resolve("x")).run(content, "add", "-Q", "-n").stdout().strip();
        Running fetcher = DaemonFixture.start(tmp, "fetcher", new byte[0]);
        try {
            assertThat(fetcher.cli().run("swarm", "connect", seeder.swarm() + "/p2p/" + seeder.peerId()).exitCode())
                    .isZero();
            awaitPeerCandidate(fetcher.cli(), cid, seeder.peerId());

            CliRun.Result cat = fetcher.cli().run("cat", cid, "--verbose", "--timeout", "20s");
            assertThat(cat.exitCode()).as(cat.stderr()).isZero();
            assertThat(cat.stdoutBytes()).isEqualTo(content);
            assertThat(cat.stderr()).containsPattern("source: peer " + seeder.peerId() + " did:key:z6Mk\\S+ \\(\\d+ blocks, ");
            // the ferry protocol served it, not Bitswap
            assertThat(fetcher.cli().run("stats", "bitswap").stdout()).contains("blocks received: 0");
            // Exchange.PinAfterPeerFetch (default true): what the peer delivered stays here
            CliRun.Result pins = fetcher.cli().run("pin", "ls", "--type", "recursive");
            assertThat(pins.stdout()).contains(cid + " recursive");

            // now local: nothing is fetched
            Path out = tmp.resolve("got");
            CliRun.Result get = fetcher.cli().run("get", cid, "-o", out.toString(), "-v");
            assertThat(get.exitCode()).as(get.toString()).isZero();
            assertThat(Files.readAllBytes(out)).isEqualTo(content);
            assertThat(get.stderr()).contains("source: local");
        } finally {
            fetcher.cli().run("shutdown");
            seeder.cli().run("shutdown");
            fetcher.exit().get(30, TimeUnit.SECONDS);
            seeder.exit().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void whatTheGatewayFetchesFromAPeerIsCachedNotPinned() throws Exception {
        byte[] content = new byte[600_000];
        new Random(12).nextBytes(content);
        Running seeder = DaemonFixture.start(tmp, "seeder", content);
        String cid = new CliRun(tmp.resolve("x")).run(content, "add", "-Q", "-n").stdout().strip();
        Running fetcher = DaemonFixture.start(tmp, "fetcher", new byte[0]);
        try {
            assertThat(fetcher.cli().run("swarm", "connect", seeder.swarm() + "/p2p/" + seeder.peerId()).exitCode())
                    .isZero();
            awaitPeerCandidate(fetcher.cli(), cid, seeder.peerId());
            String gateway = fetcher.line("Gateway server listening on ");
            java.net.URI uri = java.net.URI.create(gateway.startsWith("http") ? gateway + "/ipfs/" + cid
                    : "http://" + dev.ferry.multiformats.Multiaddr.parse(gateway).valueOf("ip4").orElseThrow() + ":"
                            + dev.ferry.multiformats.Multiaddr.parse(gateway).valueOf("tcp").orElseThrow() + "/ipfs/" + cid);
            var res = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(uri).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body()).isEqualTo(content);
            // served from the peer, kept as a cache: the gateway's visitors do not pin anything
            assertThat(fetcher.cli().run("pin", "ls", "--type", "recursive").stdout()).doesNotContain(cid);
            assertThat(fetcher.cli().run("block", "stat", cid).exitCode()).isZero();
        } finally {
            fetcher.cli().run("shutdown");
            seeder.cli().run("shutdown");
            fetcher.exit().get(30, TimeUnit.SECONDS);
            seeder.exit().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutADaemonVerboseSaysLocal() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "solo");
        String cid = cli.run("hello\n".getBytes(), "add", "-Q").stdout().strip();
        CliRun.Result cat = cli.run("cat", cid, "-v");
        assertThat(cat.exitCode()).as(cat.toString()).isZero();
        assertThat(cat.stdout()).isEqualTo("hello\n");
        assertThat(cat.stderr()).isEqualTo("source: local\n");
    }

    /** Capabilities travel right after the connection is up; the router sees the peer once they arrived. */
    private static void awaitPeerCandidate(CliRun cli, String cid, String peer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            CliRun.Result route = cli.run("route", cid, "--json");
            JsonNode first = JSON.readTree(route.stdout()).path("Candidates").path(0);
            if (first.path("Type").asText().equals("peer") && first.path("Peer").asText().equals(peer)) {
                return;
            }
            assertThat(System.nanoTime()).as("the peer's index never showed up: " + route.stdout()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
