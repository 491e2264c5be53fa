package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.metrics.ExpositionParser;
import dev.ferry.api.metrics.ExpositionParser.Sample;
import dev.ferry.api.metrics.MetricsEndpoint;
import dev.ferry.api.metrics.PrometheusText;
import dev.ferry.store.Block;
import dev.ferry.net.host.TestHosts;
import dev.ferry.node.repo.RepoConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kubo's /debug/metrics/prometheus on the RPC listener: the format, figures that move, access. */
@Timeout(120)
class MetricsEndpointTest {
    @TempDir
    Path tmp;

    static HttpResponse<String> get(RpcTestNode n, String method) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + n.server.address().getPort() + MetricsEndpoint.PATH);
        return n.http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<Sample> scrape(RpcTestNode n) throws Exception {
        HttpResponse<String> res = get(n, "GET");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).contains(PrometheusText.CONTENT_TYPE);
        return ExpositionParser.parse(res.body());
    }

    @Test
    void theFiguresAreInTheFormatAndFollowAFetch() throws Exception {
        // plain IPFS fetching, so that the block comes over Bitswap
        java.util.function.Consumer<RepoConfig> bitswapOnly =
                c -> c.set("Exchange.UseIndexes", RepoConfig.parseValue("false", true));
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a"), MultipartLimits.defaults(), bitswapOnly);
                RpcTestNode b = RpcTestNode.start(tmp.resolve("b"))) {
            Block local = Block.raw("already here".getBytes(StandardCharsets.UTF_8));
            a.node.repo().blocks().put(local);
            List<Sample> before = scrape(a);
            assertThat(ExpositionParser.value(before, "ferry_info", "version", "0.0.0-test",
                    "peer_id", a.node.identity().peerId().toString())).isEqualTo(1);
            assertThat(ExpositionParser.value(before, "ferry_swarm_peers")).isZero();
            assertThat(ExpositionParser.value(before, "ferry_bitswap_blocks_received_total")).isZero();
            assertThat(ExpositionParser.value(before, "ferry_pubsub_topics")).isEqualTo(1); // content notices
            assertThat(ExpositionParser.value(before, "ferry_request_refused_total", "reason", "not_allowed"))
                    .isZero();
            assertThat(ExpositionParser.value(before, "jvm_memory_used_bytes", "area", "heap")).isPositive();
            assertThat(ExpositionParser.value(before, "process_cpu_seconds_total")).isPositive();
            assertThat(ExpositionParser.value(before, "process_resident_memory_bytes")).isPositive();

            Block block = Block.raw("scraped after a fetch".getBytes(StandardCharsets.UTF_8));
            b.node.repo().blocks().put(block);
            a.node.host().connect(TestHosts.dialable(b.node.host()));
            HttpResponse<byte[]> cat = a.post("block/get", "arg=" + block.cid());
            assertThat(cat.statusCode()).as(new String(cat.body(), StandardCharsets.UTF_8)).isEqualTo(200);

            List<Sample> after = scrape(a);
            assertThat(ExpositionParser.value(after, "ferry_swarm_peers")).isEqualTo(1);
            assertThat(ExpositionParser.value(after, "ferry_dht_requests_total", "event", "failed")).isZero();
            assertThat(ExpositionParser.value(after, "ferry_swarm_connections", "direction", "outbound"))
                    .isEqualTo(1);
            assertThat(ExpositionParser.value(after, "ferry_bitswap_blocks_received_total")).isEqualTo(1);
            assertThat(ExpositionParser.value(after, "ferry_bitswap_received_bytes_total"))
                    .isEqualTo(block.data().length);
            assertThat(ExpositionParser.value(after, "ferry_bandwidth_bytes_total", "direction", "in"))
                    .isGreaterThan(block.data().length);
            List<Sample> served = scrape(b);
            assertThat(ExpositionParser.value(served, "ferry_bitswap_blocks_sent_total")).isEqualTo(1);
            assertThat(ExpositionParser.value(served, "ferry_swarm_connections", "direction", "inbound"))
                    .isEqualTo(1);

            // IPNS: a publishes and resolves its own name, b looks it up
            assertThat(ExpositionParser.value(after, "ferry_ipns_published_total")).isZero();
            HttpResponse<byte[]> pub = a.post("name/publish", "arg=/ipfs/" + block.cid() + "&allow-offline=true");
            assertThat(pub.statusCode()).as(new String(pub.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            String name = new dev.ferry.routing.ipns.IpnsName(a.node.identity().peerId()).toString();
            assertThat(a.post("name/resolve", "arg=" + name).statusCode()).isEqualTo(200);
            HttpResponse<byte[]> looked = b.post("name/resolve", "arg=" + name);
            assertThat(looked.statusCode()).as(new String(looked.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            List<Sample> named = scrape(a);
            assertThat(ExpositionParser.value(named, "ferry_ipns_published_total")).isEqualTo(1);
            assertThat(ExpositionParser.value(named, "ferry_ipns_resolved_total", "source", "own")).isEqualTo(1);
            List<Sample> lookedUp = scrape(b);
            assertThat(ExpositionParser.value(lookedUp, "ferry_ipns_resolved_total", "source", "lookup"))
                    .isEqualTo(1);
            assertThat(ExpositionParser.value(lookedUp, "ferry_ipns_not_found_total")).isZero();

            // the repository is counted apart from the scrapes (the first scrape started it); a later one has it
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            List<Sample> counted = scrape(a);
            while (counted.stream().noneMatch(s -> s.name().equals("ferry_repo_blocks"))) {
                assertThat(System.nanoTime()).as("the repository was never counted").isLessThan(deadline);
                Thread.sleep(50);
                counted = scrape(a);
            }
            assertThat(ExpositionParser.value(counted, "ferry_repo_blocks")).isGreaterThanOrEqualTo(1);
            assertThat(ExpositionParser.value(counted, "ferry_repo_size_bytes"))
                    .isGreaterThanOrEqualTo(local.data().length);

            assertThat(get(a, "HEAD").statusCode()).isEqualTo(200);
            HttpResponse<String> post = get(a, "POST");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        }
    }

    @Test
    void theListenersTokensApply() throws Exception {
        try (PinningServiceFixture f = PinningServiceFixture.start(tmp)) {
            URI uri = URI.create("http://127.0.0.1:" + f.server.address().getPort() + MetricsEndpoint.PATH);
            HttpResponse<String> none = f.http.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(401);
            HttpResponse<String> notAllowed = f.http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + PinningServiceFixture.ALICE).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(notAllowed.statusCode()).isEqualTo(403); // her token allows the pinning service only
        }
    }
}
