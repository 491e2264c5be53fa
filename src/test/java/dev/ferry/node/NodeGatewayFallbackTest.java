package dev.ferry.node;

import static dev.ferry.routing.gateway.GatewayTesting.addFile;
import static dev.ferry.routing.gateway.GatewayTesting.content;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.gateway.GatewayScore;
import dev.ferry.routing.gateway.HostileGateway;
import dev.ferry.routing.gateway.HostileGateway.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeGatewayFallbackTest {
    @TempDir
    Path dir;

    private Repo repo(Consumer<RepoConfig> change) {
        Repo.init(dir, new SecureRandom());
        Repo.updateConfig(dir, c -> {
            var swarm = JsonNodeFactory.instance.arrayNode().add("/ip4/127.0.0.1/tcp/0");
            c.set("Addresses.Swarm", swarm);
            change.accept(c);
        });
        return Repo.open(dir);
    }

    private static void fallback(RepoConfig c, String... urls) {
        var list = JsonNodeFactory.instance.arrayNode();
        for (String u : urls) {
            list.add(u);
        }
        c.set("Gateway.Fallback", list);
    }

    private void assertStartFails(Consumer<RepoConfig> change, String... messageParts) {
        Repo r = repo(change);
        try {
            assertThatThrownBy(() -> Node.start(r)).isInstanceOfSatisfying(RepoException.class, e -> {
                for (String p : messageParts) {
                    assertThat(e.getMessage()).contains(p);
                }
            });
        } finally {
            r.close();
        }
    }

    @Test
    void nonHttpGatewayUrlStopsTheStartWithAClearMessage() {
        assertStartFails(c -> fallback(c, "https://ok.example", "ftp://gw.example"),
                "Gateway.Fallback[1]", "ftp://gw.example", "http://");
    }

    @Test
    void malformedGatewaySettingsStopTheStart() {
        assertStartFails(c -> fallback(c, "not a url"), "Gateway.Fallback[0]", "not a valid URL");
        assertThatThrownBy(() -> Node.gatewayFallback(RepoConfig.parse("{\"Gateway\":{\"Fallback\":\"https://x\"}}")))
                .isInstanceOf(RepoException.class).hasMessageContaining("must be a list");
        assertThatThrownBy(() -> Node.gatewayFallback(RepoConfig.parse("{\"Gateway\":{\"Fallback\":[1]}}")))
                .isInstanceOf(RepoException.class).hasMessageContaining("URL string");
        assertThatThrownBy(() -> Node.gatewayFallback(
                RepoConfig.parse("{\"Gateway\":{\"FallbackDelay\":\"soon\"}}")))
                .isInstanceOf(RepoException.class).hasMessageContaining("Gateway.FallbackDelay");
    }

    @Test
    void defaultsAreNoGatewayAndTwoSeconds() {
        Node.GatewayFallback f = Node.gatewayFallback(RepoConfig.defaults(null));
        assertThat(f.urls()).isEmpty();
        assertThat(f.delay()).isEqualTo(Duration.ofSeconds(2));
        Node.GatewayFallback g = Node.gatewayFallback(RepoConfig.parse(
                "{\"Gateway\":{\"Fallback\":[\"http://127.0.0.1:8080/\"],\"FallbackDelay\":\"750ms\"}}"));
        assertThat(g.urls()).containsExactly(URI.create("http://127.0.0.1:8080"));
        assertThat(g.delay()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void nodeWithoutGatewaysHasNoPool() throws IOException {
        try (Node node = Node.start(repo(c -> { }))) {
            assertThat(node.gateways()).isEmpty();
        }
    }

    @Test
    void configuredGatewayServesWhatNoPeerHas() throws IOException {
        try (HostileGateway gw = new HostileGateway(Mode.GOOD)) {
            byte[] data = content(80_000, 31);
            Cid file = addFile(gw.store, data, false);
            try (Node node = Node.start(repo(c -> {
                fallback(c, gw.uri() + "/");
                c.set("Gateway.FallbackDelay", JsonNodeFactory.instance.textNode("100ms"));
            }))) {
                assertThat(node.router().route(file)).extracting(r -> r.candidate().type())
                        .containsExactly("ipfs", "gateway");
                try (FetchSession s = node.fetcher().open(Duration.ofSeconds(20))) {
                    assertThat(s.get(file).cid()).isEqualTo(file);
                    assertThat(s.fetchAll(file)).isPositive();
                    // the source report names the gateway, and nothing came from anywhere else
                    assertThat(s.sources()).singleElement().satisfies(u -> {
                        assertThat(u.type()).isEqualTo("gateway");
                        assertThat(u.id()).isEqualTo(gw.uri().toString());
                        assertThat(u.blocks()).isPositive();
                    });
                }
                try (InputStream in = new UnixfsExporter(node.repo().blocks()).cat(file)) {
                    assertThat(in.readAllBytes()).isEqualTo(data);
                }
                List<GatewayScore> scores = node.gateways().orElseThrow().scores();
                assertThat(scores).hasSize(1);
                assertThat(scores.getFirst().gateway()).isEqualTo(gw.uri());
                assertThat(scores.getFirst().successes()).isEqualTo(2);
            }
        }
    }
}
