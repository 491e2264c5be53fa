package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.NameSystem;
import dev.ferry.node.Node;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.store.Block;
import dev.ferry.testing.NodeJs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ferry's records put to the reference HTTP router, {@code @helia/delegated-routing-v1-http-api-server}, as a
 * delegated publisher (interop/routing/reference-publisher.mjs): the server validates them with js-ipns and hands
 * them to its routing, which serves them back to a ferry node that resolves through it.
 */
@Tag("interop")
@Timeout(60)
class DelegatedPublishingInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private Process publisher;
    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Node n : nodes.reversed()) {
            n.close();
        }
        if (publisher != null) {
            publisher.getOutputStream().close(); // the fixture's end
            if (!publisher.waitFor(5, TimeUnit.SECONDS)) {
                publisher.destroyForcibly();
            }
        }
    }

    private Node node(String n, String... keyValues) throws Exception {
        Path dir = tmp.resolve(n);
        Repo.init(dir, new SecureRandom());
        Repo.updateConfig(dir, c -> {
            c.set("Addresses.Swarm", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/0\"]", true));
            c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
            for (int i = 0; i < keyValues.length; i += 2) {
                c.set(keyValues[i], RepoConfig.parseValue(keyValues[i + 1], true));
            }
        });
        Node node = Node.start(Repo.open(dir));
        nodes.add(node);
        return node;
    }

    @Test
    void theReferenceServerTakesFerrysRecordsAndServesThemBack() throws Exception {
        publisher = new ProcessBuilder(NodeJs.binary().toString(), "routing/reference-publisher.mjs")
                .directory(NodeJs.interopDir().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(publisher.getInputStream(),
                StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as("the publisher's first line").isNotNull();
        String url = JSON.readTree(first).get("url").asText();
        BlockingQueue<JsonNode> puts = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> {
            try {
                puts.add(JSON.readTree(l));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));

        Cid one = Block.raw("one".getBytes(StandardCharsets.UTF_8)).cid();
        Cid two = Block.raw("two".getBytes(StandardCharsets.UTF_8)).cid();
        Node a = node("a", "Ipns.DelegatedPublishers", "[\"" + url + "\"]");
        NameSystem.Published p = a.names().publish("self", "/ipfs/" + one, Duration.ofHours(1),
                Duration.ofMinutes(1), false, true);
        assertThat(p.acceptedBy()).containsExactly(URI.create(url));
        JsonNode put = puts.poll(10, TimeUnit.SECONDS);
        assertThat(put).as("the record the server's routing got").isNotNull();
        assertThat(Base64.getDecoder().decode(put.get("put").asText())).isEqualTo(p.record().name().routingKey());
        assertThat(Base64.getDecoder().decode(put.get("record").asText())).isEqualTo(p.record().bytes());

        Node c = node("c", "Routing.Type", "\"delegated\"", "Routing.DelegatedRouters", "[\"" + url + "\"]");
        assertThat(c.names().resolve("/ipns/" + p.record().name(), true, false)).isEqualTo("/ipfs/" + one);

        // the next record replaces it there
        NameSystem.Published next = a.names().publish("self", "/ipfs/" + two, Duration.ofHours(1),
                Duration.ofMinutes(1), false, true);
        assertThat(next.acceptedBy()).containsExactly(URI.create(url));
        assertThat(c.names().resolve("/ipns/" + p.record().name(), true, false)).isEqualTo("/ipfs/" + two);
    }
}
