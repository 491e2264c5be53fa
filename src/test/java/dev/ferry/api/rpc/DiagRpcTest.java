package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.TestHosts;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kubo's {@code diag/sys}, {@code diag/cmds[/clear|/set-time]}, {@code stats/dht} and {@code version/deps} over HTTP. */
@Timeout(120)
class DiagRpcTest {
    @TempDir
    Path tmp;

    @Test
    void diagSysDescribesTheMachineInKubosKeys() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            HttpResponse<byte[]> res = n.post("diag/sys", "");
            assertThat(res.statusCode()).isEqualTo(200);
            JsonNode s = RpcTestNode.json(res);
            assertThat(s.get("ipfs_version").asText()).isEqualTo("0.0.0-test");
            assertThat(s.has("ipfs_commit")).isTrue();
            assertThat(s.at("/diskinfo/total_space").asLong())
                    .isEqualTo(Files.getFileStore(tmp).getTotalSpace()).isPositive();
            assertThat(s.at("/diskinfo/free_space").asLong()).isPositive();
            assertThat(s.at("/diskinfo/fstype").asText()).isNotEmpty();
            assertThat(s.at("/environment/FERRY_PATH").asText()).isEqualTo(tmp.resolve("repo").toAbsolutePath().toString());
            assertThat(s.at("/environment/JAVA_HOME").asText()).isEqualTo(System.getProperty("java.home"));
            assertThat(s.at("/memory/heap_max").asLong()).isEqualTo(Runtime.getRuntime().maxMemory());
            assertThat(s.at("/memory").has("swap")).isTrue();
            assertThat(s.at("/memory/virt").asLong()).isPositive();
            assertThat(s.at("/net/online").asBoolean()).isTrue();
            List<String> addrs = new ArrayList<>();
            s.at("/net/interface_addresses").forEach(a -> addrs.add(a.asText()));
            assertThat(addrs).contains("/ip4/127.0.0.1");
            assertThat(s.at("/runtime/os").asText()).isEqualTo(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT));
            assertThat(s.at("/runtime/arch").asText()).isEqualTo(System.getProperty("os.arch"));
            assertThat(s.at("/runtime/numcpu").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(s.at("/runtime/version").asText()).startsWith("java" + Runtime.version().feature());
        }
    }

    @Test
    void diagCmdsListsCallsUntilClearedOrAgedOut() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            Instant before = Instant.now().minusSeconds(1);
            assertThat(n.post("cid/format", "arg=bafkqaaa&b=base32").statusCode()).isEqualTo(200);
            JsonNode list = settled(n, "verbose=true");
            assertThat(list).hasSize(2);
            JsonNode done = list.get(0);
            assertThat(done.get("Command").asText()).isEqualTo("cid/format");
            assertThat(done.get("Args").toString()).isEqualTo("[\"bafkqaaa\"]");
            assertThat(done.get("Options").get("b").asText()).isEqualTo("base32");
            assertThat(done.get("Active").asBoolean()).isFalse();
            Instant start = Instant.parse(done.get("StartTime").asText());
            assertThat(start).isAfter(before);
            assertThat(Instant.parse(done.get("EndTime").asText())).isAfterOrEqualTo(start);
            JsonNode self = list.get(1);
            assertThat(self.get("Command").asText()).isEqualTo("diag/cmds");
            assertThat(self.get("Active").asBoolean()).isTrue();
            assertThat(self.get("EndTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(self.get("ID").asLong()).isGreaterThan(done.get("ID").asLong());

            assertThat(n.post("diag/cmds/clear", "").statusCode()).isEqualTo(200);
            JsonNode afterClear = settled(n, "");
            // the clear call itself finished after the clearing
            assertThat(afterClear.findValuesAsText("Command")).containsExactly("diag/cmds/clear", "diag/cmds");

            assertThat(n.post("diag/cmds/set-time", "arg=0s").statusCode()).isEqualTo(200);
            assertThat(settled(n, "").findValuesAsText("Command")).containsExactly("diag/cmds");
            assertThat(n.server.requests().keep()).isEqualTo(Duration.ZERO);

            HttpResponse<byte[]> bad = n.post("diag/cmds/set-time", "arg=soon");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(bad).get("Message").asText()).contains("invalid time \"soon\"");
            assertThat(n.post("diag/cmds/set-time", "").statusCode()).isEqualTo(400);
        }
    }

    /**
     * diag/cmds once every call but this one has ended: a call ends when its answer has been sent in full, which the
     * server records a moment after the client has read it.
     */
    private static JsonNode settled(RpcTestNode n, String query) throws Exception {
        long until = System.nanoTime() + 5_000_000_000L;
        while (true) {
            JsonNode list = RpcTestNode.json(n.post("diag/cmds", query));
            boolean othersEnded = true;
            for (int i = 0; i < list.size() - 1; i++) {
                othersEnded &= !list.get(i).get("Active").asBoolean();
            }
            if (othersEnded || System.nanoTime() > until) {
                return list;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void versionDepsListsFerryThenTheLibrariesItRunsWith() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            HttpResponse<byte[]> res = n.post("version/deps", "");
            assertThat(res.statusCode()).isEqualTo(200);
            List<JsonNode> deps = RpcTestNode.ndjson(res);
            assertThat(deps.getFirst().get("Path").asText()).isEqualTo("dev.ferry:ferry");
            assertThat(deps.getFirst().get("Version").asText()).isEqualTo("0.0.0-test");
            JsonNode jackson = deps.stream().filter(d -> d.get("Path").asText()
                    .equals("com.fasterxml.jackson.core:jackson-databind")).findFirst().orElseThrow();
            assertThat(jackson.get("Version").asText())
                    .isEqualTo(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
            assertThat(jackson.get("ReplacedBy").asText()).isEmpty();
            // the hash of the very jar the class was loaded from
            Path jar = Path.of(com.fasterxml.jackson.databind.ObjectMapper.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            String sha = java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
            assertThat(jackson.get("Sum").asText()).isEqualTo("sha256:" + sha);
            // libraries without Maven metadata in their jar are listed too
            JsonNode cli = deps.stream().filter(d -> d.get("Path").asText().equals("info.picocli:picocli"))
                    .findFirst().orElseThrow();
            assertThat(cli.get("Version").asText()).isEqualTo(picocli.CommandLine.VERSION);
            assertThat(deps).extracting(d -> d.get("Path").asText()).doesNotHaveDuplicates()
                    .doesNotContain("org.assertj:assertj-core");
        }
    }

    @Test
    void statsDhtShowsTheRoutingTableWithWhenEachPeerAnswered() throws Exception {
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a"), MultipartLimits.defaults(),
                        c -> c.set("Bootstrap", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()));
                RpcTestNode b = RpcTestNode.start(tmp.resolve("b"), MultipartLimits.defaults(),
                        c -> c.set("Bootstrap", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()))) {
            PeerId idB = b.node.identity().peerId();
            a.node.host().connect(TestHosts.dialable(b.node.host()));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!a.node.dht().orElseThrow().table().contains(idB)) {
                assertThat(System.nanoTime()).as("B in A's routing table").isLessThan(end);
                Thread.sleep(50);
            }
            Instant asked = Instant.now().minusSeconds(1);
            // a lookup asks B, the only peer A knows
            a.node.dht().orElseThrow().closestPeers(Identity.generate(new SecureRandom()).peerId().bytes(),
                    Duration.ofSeconds(10));

            HttpResponse<byte[]> res = a.post("stats/dht", "");
            assertThat(res.statusCode()).isEqualTo(200);
            List<JsonNode> tables = RpcTestNode.ndjson(res);
            assertThat(tables).hasSize(1);
            JsonNode t = tables.getFirst();
            assertThat(t.get("Name").asText()).isEqualTo("wan");
            List<JsonNode> peers = new ArrayList<>();
            t.get("Buckets").forEach(bucket -> bucket.get("Peers").forEach(peers::add));
            assertThat(peers).hasSize(1);
            JsonNode p = peers.getFirst();
            assertThat(p.get("ID").asText()).isEqualTo(idB.toString());
            assertThat(p.get("Connected").asBoolean()).isTrue();
            assertThat(p.get("AgentVersion").asText()).startsWith("ferry");
            assertThat(Instant.parse(p.get("LastQueriedAt").asText())).isAfterOrEqualTo(asked.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            assertThat(p.has("LastUsefulAt")).isTrue();
            // the last bucket listed is B's, the one of the prefix A and B share
            assertThat(t.get("Buckets").get(t.get("Buckets").size() - 1).get("Peers")).hasSize(1);

            assertThat(RpcTestNode.ndjson(a.post("stats/dht", "arg=wan"))).hasSize(1);
            HttpResponse<byte[]> lan = a.post("stats/dht", "arg=lan");
            assertThat(lan.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(lan).get("Message").asText()).contains("only the wan DHT");
            assertThat(a.post("stats/dht", "arg=moon").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void statsDhtSaysSoWhenTheDhtIsOff() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("off"), MultipartLimits.defaults(),
                c -> c.set("Routing.Type", com.fasterxml.jackson.databind.node.TextNode.valueOf("none")))) {
            HttpResponse<byte[]> res = n.post("stats/dht", "");
            assertThat(res.statusCode()).isEqualTo(500);
            assertThat(RpcTestNode.json(res).get("Message").asText()).contains("the DHT is not running");
        }
    }
}
