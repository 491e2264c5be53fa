package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.node.content.Pinner;
import dev.ferry.node.repo.RepoConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stats/provide}, {@code stats/reprovide}, {@code provide/stat} and {@code provide/clear} over HTTP, on a node
 * whose DHT has one peer on 127.0.0.1.
 */
@Timeout(120)
class ProvideRpcTest {
    @TempDir
    Path tmp;

    private static RpcTestNode dhtNode(Path dir, String routingType) throws Exception {
        return RpcTestNode.start(dir, MultipartLimits.defaults(), c -> {
            c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
            c.set("Routing.Type", RepoConfig.parseValue(routingType, false));
            c.set("Routing.PrivateAddresses", RepoConfig.parseValue("true", true)); // the test network is loopback
        });
    }

    /** A small file stored and pinned without announcing it, as a pin made before the start. */
    private static Cid pinQuietly(RpcTestNode n, long seed) throws Exception {
        byte[] data = new byte[3000];
        new Random(seed).nextBytes(data);
        Cid root = new UnixfsImporter(n.node.repo().blocks(), ImportOptions.kuboDefaults())
                .importStream(new ByteArrayInputStream(data), "f").cid();
        new Pinner(n.node.repo().blocks(), n.node.repo().pins()).pinRecursive(root);
        return root;
    }

    private static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Test
    void aReprovideShowsItsBatchItsDurationAndTheProvidesInEveryShape() throws Exception {
        try (RpcTestNode a = dhtNode(tmp.resolve("a"), "auto"); RpcTestNode b = dhtNode(tmp.resolve("b"), "dhtserver")) {
            a.node.host().connect(b.node.listenAddresses().getFirst().encapsulate("/p2p/" + b.node.host().peerId()));
            assertThat(within(Duration.ofSeconds(10),
                    () -> a.node.dht().orElseThrow().table().contains(b.node.host().peerId()))).isTrue();
            pinQuietly(a, 1);
            pinQuietly(a, 2);
            pinQuietly(a, 3);

            JsonNode before = RpcTestNode.json(a.post("stats/provide", ""));
            assertThat(before.path("LastReprovideBatchSize").asInt()).isZero();
            assertThat(before.path("LastReprovideDuration").asLong()).isZero();
            assertThat(before.path("LastRun").asText()).isEqualTo("0001-01-01T00:00:00Z");
            // Reprovider.Interval's default: 22h in nanoseconds, as Go's JSON writes a time.Duration
            assertThat(before.path("ReprovideInterval").asLong()).isEqualTo(Duration.ofHours(22).toNanos());
            assertThat(Instant.parse(before.path("NextRun").asText())).isAfter(Instant.now());
            long total = before.path("TotalProvides").asLong();

            Instant start = Instant.now().minusSeconds(1);
            assertThat(a.post("routing/reprovide", "").statusCode()).isEqualTo(200);
            var res = a.post("stats/provide", "");
            assertThat(res.statusCode()).isEqualTo(200);
            JsonNode after = RpcTestNode.json(res);
            assertThat(after.fieldNames()).toIterable().startsWith("TotalProvides", "AvgProvideDuration",
                    "LastReprovideDuration", "LastReprovideBatchSize");
            assertThat(after.path("LastReprovideBatchSize").asInt()).isEqualTo(3);
            assertThat(after.path("LastReprovideDuration").isIntegralNumber()).isTrue();
            assertThat(after.path("LastReprovideDuration").asLong()).isPositive();
            assertThat(after.path("TotalProvides").asLong()).isEqualTo(total + 3);
            assertThat(after.path("FailedProvides").asLong()).isZero();
            assertThat(after.path("AvgProvideDuration").asLong()).isPositive()
                    .isLessThanOrEqualTo(after.path("LastReprovideDuration").asLong());
            assertThat(Instant.parse(after.path("LastRun").asText())).isAfter(start);

            // routing provide counts too
            Cid one = pinQuietly(a, 4);
            assertThat(a.post("routing/provide", "arg=" + one).statusCode()).isEqualTo(200);
            JsonNode later = RpcTestNode.json(a.post("stats/provide", ""));
            assertThat(later.path("TotalProvides").asLong()).isEqualTo(total + 4);
            assertThat(later.path("LastReprovideBatchSize").asInt()).isEqualTo(3);

            // the alias answers the same
            assertThat(RpcTestNode.json(a.post("stats/reprovide", ""))).isEqualTo(later);

            JsonNode stat = RpcTestNode.json(a.post("provide/stat", "all=true"));
            assertThat(stat.has("Sweep")).isTrue();
            assertThat(stat.get("Sweep").isNull()).isTrue();
            assertThat(stat.path("FullRT").asBoolean()).isFalse();
            JsonNode legacy = stat.path("Legacy");
            assertThat(legacy.path("TotalReprovides").asLong()).isEqualTo(total + 4);
            assertThat(legacy.path("LastReprovideBatchSize").asInt()).isEqualTo(3);
            assertThat(legacy.path("AvgReprovideDuration").asLong()).isEqualTo(later.path("AvgProvideDuration").asLong());
            assertThat(legacy.path("LastRun").asText()).isEqualTo(later.path("LastRun").asText());

            var lan = a.post("provide/stat", "lan=true");
            assertThat(lan.statusCode()).isEqualTo(500);
            assertThat(RpcTestNode.json(lan).path("Message").asText())
                    .isEqualTo("LAN stats only available for Sweep provider with Dual DHT");
            assertThat(a.post("stats/provide", "verbose=true").statusCode()).isEqualTo(400);
            assertThat(a.post("provide/stat", "all=maybe").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void clearEmptiesTheQueueOfFirstAnnouncements() throws Exception {
        try (RpcTestNode a = dhtNode(tmp.resolve("a"), "auto"); RpcTestNode b = dhtNode(tmp.resolve("b"), "dhtserver")) {
            a.node.host().connect(b.node.listenAddresses().getFirst().encapsulate("/p2p/" + b.node.host().peerId()));
            assertThat(within(Duration.ofSeconds(10),
                    () -> a.node.dht().orElseThrow().table().contains(b.node.host().peerId()))).isTrue();
            // what adds through the daemon queue: each waits for a round trip to b, so most still wait when cleared
            List<Cid> roots = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                roots.add(Cid.of(1, Multicodec.RAW.code(), ("root " + i).getBytes(StandardCharsets.UTF_8)));
            }
            a.node.announce(roots);
            var res = a.post("provide/clear", "");
            assertThat(res.statusCode()).isEqualTo(200);
            long removed = Long.parseLong(RpcTestNode.text(res).strip());
            assertThat(removed).isPositive().isLessThanOrEqualTo(300);
            JsonNode s = RpcTestNode.json(a.post("stats/provide", ""));
            assertThat(s.path("QueuedProvides").asInt()).isZero();
            assertThat(within(Duration.ofSeconds(10), () -> {
                try {
                    JsonNode now = RpcTestNode.json(a.post("stats/provide", ""));
                    return now.path("TotalProvides").asLong() + now.path("FailedProvides").asLong() == 300 - removed;
                } catch (Exception e) {
                    return false;
                }
            })).as("every root not removed is still announced, and only those").isTrue();

            assertThat(RpcTestNode.text(a.post("provide/clear", ""))).isEqualTo("0");
            var quiet = a.post("provide/clear", "quiet=true");
            assertThat(quiet.statusCode()).isEqualTo(200);
            assertThat(quiet.body()).isEmpty();
        }
    }

    @Test
    void withoutADhtTheStatsSaySoAndNothingIsQueued() throws Exception {
        try (RpcTestNode n = dhtNode(tmp.resolve("none"), "none")) {
            for (String command : List.of("stats/provide", "stats/reprovide", "provide/stat")) {
                var res = n.post(command, "");
                assertThat(res.statusCode()).as(command).isEqualTo(500);
                assertThat(RpcTestNode.json(res).path("Message").asText()).as(command)
                        .startsWith("the provider is off: Routing.Type is none");
            }
            assertThat(RpcTestNode.text(n.post("provide/clear", ""))).isEqualTo("0");
        }
    }
}
