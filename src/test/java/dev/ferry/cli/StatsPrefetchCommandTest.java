package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Predictive caching through a daemon's gateway: visitors who read A then B teach it; after a collection, a visit to
 * A brings B in; {@code ferry stats prefetch} shows the prefetch and, once B is visited, the hit.
 */
@Timeout(120)
class StatsPrefetchCommandTest {
    @TempDir
    Path tmp;

    private static byte[] random(int seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void await(CliRun cli, String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!cli.run("stats", "prefetch").stdout().contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stats prefetch never showed '" + line + "': "
                        + cli.run("stats", "prefetch").stdout());
            }
            Thread.sleep(50);
        }
    }

    @Test
    void theGatewaysVisitsTeachItAndTheStatsShowThePrefetchAndTheHit() throws Exception {
        byte[] a = random(1, 200_000);
        byte[] b = random(2, 600_000);
        Running seeder = DaemonFixture.start(tmp, "seeder", a);
        CliRun userCli = DaemonFixture.init(tmp, "user");
        assertThat(userCli.run("config", "--json", "Prefetch.Enabled", "true").exitCode()).isZero();
        Running user = DaemonFixture.start(tmp, "user", new byte[0]);
        try {
            String cidA = new CliRun(tmp.resolve("x")).run(a, "add", "-Q", "-n").stdout().strip();
            String cidB = seeder.cli().run(b, "add", "-Q").stdout().strip();
            assertThat(user.cli().run("swarm", "connect", seeder.swarm() + "/p2p/" + seeder.peerId()).exitCode())
                    .isZero();
            String gateway = "http://" + user.line("Gateway server listening on ").replaceFirst("^/ip4/([^/]+)/tcp/",
                    "$1:");
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 3; i++) {
                assertThat(get(http, gateway, cidA)).isEqualTo(a);
                assertThat(get(http, gateway, cidB)).isEqualTo(b);
            }
            assertThat(user.cli().run("repo", "gc").exitCode()).isZero();
            CliRun.Result before = user.cli().run("stats", "prefetch");
            assertThat(before.exitCode()).as(before.stderr()).isZero();
            assertThat(before.stdout()).startsWith("prefetch status\n").contains("prefetches started: 0");

            assertThat(get(http, gateway, cidA)).isEqualTo(a);
            await(user.cli(), "prefetches completed: 1");
            assertThat(user.cli().run("stats", "prefetch").stdout()).contains("predictions: 1", "hits: 0");
            assertThat(get(http, gateway, cidB)).isEqualTo(b);
            assertThat(user.cli().run("stats", "prefetch").stdout()).contains("hits: 1");
        } finally {
            user.cli().run("shutdown");
            seeder.cli().run("shutdown");
            user.exit().get(30, TimeUnit.SECONDS);
            seeder.exit().get(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] get(HttpClient http, String gateway, String cid) throws Exception {
        HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create(gateway + "/ipfs/" + cid))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(res.statusCode()).as(new String(res.body())).isEqualTo(200);
        return res.body();
    }
}
