package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.store.MemoryBlockstore;
import dev.ferry.testing.NodeJs;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** npm kubo-rpc-client 7 drives ferry's RPC API: the shapes it parses are Kubo's, the CIDs are Kubo's. */
@Tag("interop")
@Timeout(240)
class KuboRpcClientInteropTest {
    @TempDir
    Path tmp;

    @Test
    void kuboRpcClientDrivesFerry() throws Exception {
        Path tree = tmp.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.createDirectories(tree.resolve("empty"));
        Files.writeString(tree.resolve("a.txt"), "alpha\n");
        Files.writeString(tree.resolve("sub/b.txt"), "beta\n");
        Files.write(tree.resolve("sub/big.bin"), new byte[700_000]);
        Path hello = tmp.resolve("hello.txt");
        Files.writeString(hello, "hello from kubo-rpc-client\n");
        String ferryFile = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefaults()).importPath(hello)
                .cid().toString();
        String ferryDir = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefaults()).importPath(tree)
                .cid().toString();

        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            JsonNode out = run("http://127.0.0.1:" + n.server.address().getPort() + "/api/v0", tree);

            assertThat(out.get("id").asText()).isEqualTo(n.node.identity().peerId().toString());
            assertThat(out.get("version").asText()).isEqualTo("0.0.0-test");
            assertThat(out.get("swarmPeers").asInt()).isZero();

            assertThat(out.get("file").get("cid").asText()).isEqualTo(ferryFile).isEqualTo(out.get("fileJs").asText());
            assertThat(out.get("file").get("path").asText()).isEqualTo("hello.txt");
            assertThat(out.get("cat").asText()).isEqualTo("hello from kubo-rpc-client\n");
            assertThat(out.get("catRange").asText()).isEqualTo("from");

            List<String> paths = new ArrayList<>();
            out.get("dir").forEach(e -> paths.add(e.get("path").asText()));
            assertThat(paths).containsExactlyInAnyOrder("tree/a.txt", "tree/sub/b.txt", "tree/sub/big.bin",
                    "tree/empty", "tree/sub", "tree");
            assertThat(paths.getLast()).isEqualTo("tree");
            JsonNode root = out.get("dir").get(out.get("dir").size() - 1);
            assertThat(root.get("cid").asText()).isEqualTo(ferryDir).isEqualTo(out.get("dirJs").asText());

            List<String> names = new ArrayList<>();
            out.get("ls").forEach(e -> names.add(e.get("name").asText() + ":" + e.get("type").asText()));
            assertThat(names).containsExactly("a.txt:file", "empty:dir", "sub:dir");

            assertThat(out.get("pinAdd").asText()).isEqualTo(ferryFile);
            assertThat(out.get("pinLs").toString()).contains(ferryFile).contains(ferryDir).contains("recursive");
            assertThat(out.get("pinRm").asText()).isEqualTo(ferryFile);
            assertThat(out.get("pinLsAfter").toString()).doesNotContain(ferryFile).contains(ferryDir);

            assertThat(out.get("blockPut").asText()).startsWith("bafkrei");
            assertThat(out.get("blockGet").asText()).isEqualTo("a raw block from js");
            assertThat(out.get("blockStat").get("cid").asText()).isEqualTo(out.get("blockPut").asText());
            assertThat(out.get("blockStat").get("size").asInt()).isEqualTo(19);
            assertThat(out.get("blockRm").get(0).get("error").isNull()).isTrue();

            assertThat(out.get("carBytes").asInt()).isGreaterThan(262_144);
            assertThat(out.get("dagImport").get(0).get("cid").asText()).isEqualTo(ferryDir);
            assertThat(out.get("dagImport").get(0).get("pinErrorMsg").asText()).isEmpty();
            assertThat(out.get("repoStat").get("numObjects").asInt()).isPositive();
            assertThat(out.get("gcErrors").asInt()).isZero();
            assertThat(out.get("configGet").asText()).isEqualTo("10GB");
            assertThat(out.get("badCid").asText()).contains("invalid");

            // pubsub: topics and data survive the multibase wrapping both ways, the message is signed by the node
            // the node itself subscribes to the content notices
            assertThat(out.get("pubsubLs").toString()).isEqualTo("[\"/ferry/content/1.0.0\",\"kubo-rpc topic/ü\"]");
            assertThat(out.get("pubsubMessages")).hasSize(1);
            JsonNode m = out.get("pubsubMessages").get(0);
            assertThat(m.get("type").asText()).isEqualTo("signed");
            assertThat(m.get("from").asText()).isEqualTo(n.node.identity().peerId().toString());
            assertThat(m.get("data").asText()).isEqualTo("pubsub via rpc");
            assertThat(m.get("topic").asText()).isEqualTo("kubo-rpc topic/ü");
            assertThat(Long.parseUnsignedLong(m.get("seqno").asText())).isNotZero();
            assertThat(out.get("pubsubPeers").size()).isZero();
            // dag put/get: ferry stores the node under the CID the client computes, and reads it back
            assertThat(out.get("dagPut").asText()).startsWith("bafyrei").isEqualTo(out.get("dagPutExpected").asText());
            assertThat(out.get("dagGet").get("hello").asText()).isEqualTo("dag");
            assertThat(out.get("dagGet").get("f").asDouble()).isEqualTo(1.5);
            assertThat(out.get("dagGet").get("link").asText()).isEqualTo(ferryFile);
            assertThat(out.get("dagGet").get("bytes").toString()).isEqualTo("[1,2]");
            assertThat(out.get("dagGetPath").asText()).isEqualTo("dag");
            assertThat(out.get("dagJsonPut").asText()).startsWith("baguqeera");
            HttpResponse<byte[]> dagGet = n.post("dag/get", "arg=" + out.get("dagPut").asText() + "/list");
            assertThat(new String(dagGet.body(), StandardCharsets.UTF_8)).isEqualTo("[null,true]");
            // IPNS: a keystore key made, listed, published under, resolved, read through, removed
            String keyId = out.get("keyGen").get("id").asText();
            assertThat(out.get("keyGen").get("name").asText()).isEqualTo("rpc-key");
            assertThat(keyId).startsWith("k51");
            assertThat(out.get("keyList").toString()).contains("\"self\"").contains(keyId)
                    .contains(new dev.ferry.routing.ipns.IpnsName(n.node.identity().peerId()).toString());
            assertThat(out.get("namePublish").get("name").asText()).isEqualTo(keyId);
            assertThat(out.get("namePublish").get("value").asText()).isEqualTo("/ipfs/" + ferryFile);
            assertThat(out.get("nameResolve").toString()).isEqualTo("[\"/ipfs/" + ferryFile + "\"]");
            assertThat(out.get("catIpns").asText()).isEqualTo("hello from kubo-rpc-client\n");
            assertThat(out.get("keyRm").get("id").asText()).isEqualTo(keyId);
            // the record itself through routing/get, and back through routing/put
            dev.ferry.routing.ipns.IpnsRecord rec = dev.ferry.routing.ipns.IpnsRecord.verify(
                    dev.ferry.routing.ipns.IpnsName.parse(keyId),
                    java.util.Base64.getDecoder().decode(out.get("routingGet").asText()), java.time.Instant.now());
            assertThat(rec.path()).isEqualTo("/ipfs/" + ferryFile);
            assertThat(out.get("routingPut").size()).isZero(); // no DHT peer here: kept by the node only
            assertThat(out.get("routingPutBad").asText()).contains("invalid record");
            // IPNS over pubsub: the published name's topic is followed until cancelled
            assertThat(out.get("namePubsubState").asBoolean()).isTrue();
            assertThat(out.get("namePubsubSubs").toString()).contains("/ipns/" + keyId);
            assertThat(out.get("namePubsubCancel").asBoolean()).isTrue();
            assertThat(out.get("namePubsubSubsAfter").toString()).doesNotContain(keyId);
            assertThat(out.get("publishOnline").asText()).contains("--allow-offline");
        }
    }

    private static JsonNode run(String api, Path tree) throws Exception {
        return RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(180), new byte[0], "rpc/client.mjs", api,
                tree.toString()));
    }
}
