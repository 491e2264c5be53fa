package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.store.Block;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code dag/stat}: Kubo's JSON (omitted zeros, string CIDs, Go's float), progress values, shared blocks, errors. */
@Timeout(120)
class DagStatRpcTest {
    @TempDir
    static Path tmp;
    static RpcTestNode n;

    // d/a.txt and d/sub/c.txt hold the same bytes: one block, linked twice
    static String root;
    static String sub;
    static long rootSize;
    static long subSize;

    @BeforeAll
    static void start() throws Exception {
        n = RpcTestNode.start(tmp.resolve("repo"));
        root = RpcFixtures.add(n, new RpcTestNode.Multipart().dir("d").file("d/a.txt", utf8("same")).dir("d/sub")
                .file("d/sub/b.txt", utf8("bee")).file("d/sub/c.txt", utf8("same")));
        JsonNode links = RpcTestNode.json(n.post("ls", "arg=" + root)).get("Objects").get(0).get("Links");
        String a = links.get(0).get("Hash").asText();
        sub = links.get(1).get("Hash").asText();
        String b = RpcTestNode.json(n.post("ls", "arg=" + sub)).get("Objects").get(0).get("Links").get(0)
                .get("Hash").asText();
        // the sizes as block/stat tells them: root's DAG is root, a, sub, b (a once); sub's is sub, b, a
        subSize = size(sub) + size(b) + size(a);
        rootSize = size(root) + subSize;
    }

    @AfterAll
    static void stop() {
        n.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static long size(String cid) throws Exception {
        return RpcTestNode.json(n.post("block/stat", "arg=" + cid)).get("Size").asLong();
    }

    @Test
    void oneDagInKubosExactJson() throws Exception {
        var res = n.post("dag/stat", "arg=" + root + "&progress=false");
        assertThat(res.statusCode()).isEqualTo(200);
        // SharedSize is 0, so Go's omitempty leaves it out; Ratio 1 is written as Go writes a float32
        assertThat(RpcTestNode.text(res)).isEqualTo("{\"UniqueBlocks\":4,\"TotalSize\":" + rootSize
                + ",\"Ratio\":1,\"DagStats\":[{\"Cid\":\"" + root + "\",\"Size\":" + rootSize + ",\"NumBlocks\":4}]}");
    }

    @Test
    void sharedBlocksAcrossDags() throws Exception {
        JsonNode j = RpcTestNode.json(n.post("dag/stat", "arg=" + root + "&arg=/ipfs/" + sub + "&p=false"));
        assertThat(j.fieldNames()).toIterable()
                .containsExactly("UniqueBlocks", "TotalSize", "SharedSize", "Ratio", "DagStats");
        assertThat(j.get("UniqueBlocks").asLong()).isEqualTo(4);
        assertThat(j.get("TotalSize").asLong()).isEqualTo(rootSize);
        assertThat(j.get("SharedSize").asLong()).isEqualTo(subSize);
        float ratio = (float) (rootSize + subSize) / (float) rootSize;
        assertThat((float) j.get("Ratio").asDouble()).isEqualTo(ratio);
        assertThat(j.get("Ratio").toString()).isEqualTo(Float.toString(ratio)); // shortest digits, as Go
        assertThat(j.get("DagStats").toString()).isEqualTo("[{\"Cid\":\"" + root + "\",\"Size\":" + rootSize
                + ",\"NumBlocks\":4},{\"Cid\":\"" + sub + "\",\"Size\":" + subSize + ",\"NumBlocks\":3}]");
    }

    @Test
    void progressValuesStreamBeforeTheFinalOne() throws Exception {
        var res = n.post("dag/stat", "arg=" + root + "&arg=" + sub);
        assertThat(res.statusCode()).isEqualTo(200);
        List<JsonNode> values = RpcTestNode.ndjson(res);
        // one value per block read (4 + 3), then the summary
        assertThat(values).hasSize(8);
        long last = 0;
        for (JsonNode v : values.subList(0, 7)) {
            assertThat(v.has("UniqueBlocks")).isFalse();
            assertThat(v.has("Ratio")).isFalse();
            assertThat(v.has("SharedSize")).isFalse();
            assertThat(v.get("TotalSize").asLong()).isGreaterThanOrEqualTo(last);
            last = v.get("TotalSize").asLong();
        }
        assertThat(values.get(0).get("DagStats").toString()).isEqualTo("[{\"Cid\":\"" + root + "\",\"Size\":"
                + size(root) + ",\"NumBlocks\":1}]");
        assertThat(values.get(6).get("DagStats")).isEqualTo(values.get(7).get("DagStats"));
        assertThat(values.get(7)).isEqualTo(RpcTestNode.json(n.post("dag/stat", "arg=" + root + "&arg=" + sub
                + "&progress=false")));
    }

    @Test
    void emptyAndRawDags() throws Exception {
        // the identity CID of nothing: a block of 0 bytes; no ratio (0/0) rather than Go's NaN
        assertThat(RpcTestNode.text(n.post("dag/stat", "arg=bafkqaaa&progress=false")))
                .isEqualTo("{\"UniqueBlocks\":1,\"DagStats\":[{\"Cid\":\"bafkqaaa\",\"NumBlocks\":1}]}");
        String raw = RpcTestNode.json(n.postMultipart("block/put", "",
                new RpcTestNode.Multipart().file("", utf8("12345")).build())).get("Key").asText();
        assertThat(RpcTestNode.text(n.post("dag/stat", "arg=" + raw + "&progress=false")))
                .isEqualTo("{\"UniqueBlocks\":1,\"TotalSize\":5,\"Ratio\":1,\"DagStats\":[{\"Cid\":\"" + raw
                        + "\",\"Size\":5,\"NumBlocks\":1}]}");
    }

    @Test
    void errors() throws Exception {
        assertThat(n.post("dag/stat", "").statusCode()).isEqualTo(400);
        assertThat(n.post("dag/stat", "arg=notacid").statusCode()).isEqualTo(400);
        String doc = RpcFixtures.put(n, "{\"x\":{\"y\":1}}", "dag-cbor");
        var inside = n.post("dag/stat", "arg=" + doc + "/x&progress=false");
        assertThat(inside.statusCode()).isEqualTo(500);
        assertThat(RpcTestNode.json(inside).get("Message").asText())
                .isEqualTo("cannot return size for anything other than a DAG with a root CID");
        String missing = Block.raw(utf8("gone " + System.nanoTime())).cid().toString();
        String dangling = RpcFixtures.put(n, "{\"gone\":" + RpcFixtures.link(missing) + "}", "dag-cbor");
        var broken = n.post("dag/stat", "arg=" + dangling + "&progress=false&timeout=300ms");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(RpcTestNode.json(broken).get("Message").asText()).startsWith("error traversing DAG: ");
        // with progress, values went out first: the failure is the stream's last value, in Kubo's error shape
        List<JsonNode> values = RpcTestNode.ndjson(n.post("dag/stat", "arg=" + dangling + "&timeout=300ms"));
        assertThat(values).hasSize(2);
        assertThat(values.get(0).get("DagStats").get(0).get("NumBlocks").asInt()).isEqualTo(1);
        assertThat(values.get(1).get("Type").asText()).isEqualTo("error");
        assertThat(values.get(1).get("Message").asText()).startsWith("error traversing DAG: ");
    }
}
