package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.PinType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** block, dag, pin, repo, config, cat, ls and get against one node. */
@Timeout(120)
class ContentRpcTest {
    @TempDir
    static Path tmp;
    static RpcTestNode n;

    @BeforeAll
    static void start() throws Exception {
        n = RpcTestNode.start(tmp.resolve("repo"));
    }

    @AfterAll
    static void stop() {
        n.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String add(String query, RpcTestNode.Multipart m) throws Exception {
        var res = n.postMultipart("add", query, m.build());
        assertThat(res.statusCode()).isEqualTo(200);
        return RpcTestNode.ndjson(res).getLast().get("Hash").asText();
    }

    @Test
    void blockPutGetStatRm() throws Exception {
        var put = n.postMultipart("block/put", "", new RpcTestNode.Multipart().file("", utf8("hello world\n")).build());
        assertThat(put.statusCode()).isEqualTo(200);
        JsonNode j = RpcTestNode.json(put);
        assertThat(j.get("Key").asText()).isEqualTo("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        assertThat(j.get("Size").asInt()).isEqualTo(12);
        var get = n.post("block/get", "arg=" + j.get("Key").asText());
        assertThat(RpcTestNode.text(get)).isEqualTo("hello world\n");
        JsonNode stat = RpcTestNode.json(n.post("block/stat", "arg=" + j.get("Key").asText()));
        assertThat(stat.get("Key").asText()).isEqualTo(j.get("Key").asText());
        assertThat(stat.get("Size").asInt()).isEqualTo(12);

        var pb = RpcTestNode.json(n.postMultipart("block/put", "cid-codec=dag-pb&pin=true",
                new RpcTestNode.Multipart().file("", new byte[] {0x0a, 0x02, 0x08, 0x01}).build()));
        Cid pbCid = Cid.parse(pb.get("Key").asText());
        assertThat(pbCid.version()).isEqualTo(1);
        assertThat(n.node.repo().pins().isPinned(pbCid, PinType.DIRECT)).isTrue();
        var v0 = RpcTestNode.json(n.postMultipart("block/put", "format=v0",
                new RpcTestNode.Multipart().file("", new byte[] {0x0a, 0x02, 0x08, 0x01}).build()));
        assertThat(v0.get("Key").asText()).isEqualTo("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");

        List<JsonNode> rm = RpcTestNode.ndjson(n.post("block/rm", "arg=" + j.get("Key").asText() + "&arg=" + pbCid));
        assertThat(rm).hasSize(2);
        assertThat(rm.get(0).get("Hash").asText()).isEqualTo(j.get("Key").asText());
        assertThat(rm.get(0).has("Error")).isFalse();
        assertThat(rm.get(1).get("Error").asText()).contains("pinned");
        assertThat(n.node.repo().blocks().has(Cid.parse(j.get("Key").asText()))).isFalse();
        assertThat(RpcTestNode.ndjson(n.post("block/rm", "arg=" + j.get("Key").asText())).getFirst().get("Error").asText())
                .isNotEmpty();
        assertThat(RpcTestNode.ndjson(n.post("block/rm", "arg=" + j.get("Key").asText() + "&force=true"))).isEmpty();
    }

    @Test
    void blockBadInput() throws Exception {
        assertThat(n.post("block/get", "arg=notacid").statusCode()).isEqualTo(400);
        assertThat(n.post("block/stat", "").statusCode()).isEqualTo(400);
        assertThat(n.postMultipart("block/put", "cid-codec=nope", new RpcTestNode.Multipart().file("", utf8("x")).build())
                .statusCode()).isEqualTo(400);
        assertThat(n.postMultipart("block/put", "mhtype=md5", new RpcTestNode.Multipart().file("", utf8("x")).build())
                .statusCode()).isEqualTo(400);
        var big = n.postMultipart("block/put", "", new RpcTestNode.Multipart().file("", new byte[(1 << 20) + 1]).build());
        assertThat(big.statusCode()).isEqualTo(400);
        assertThat(n.postMultipart("block/put", "allow-big-block=true",
                new RpcTestNode.Multipart().file("", new byte[(1 << 20) + 1]).build()).statusCode()).isEqualTo(200);
        // a missing block times out as a 500, not a hang
        assertThat(n.post("block/get", "arg=bafkreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&timeout=200ms").statusCode())
                .isIn(400, 500);
    }

    @Test
    void catLsAndGet() throws Exception {
        String root = add("", new RpcTestNode.Multipart().dir("d").file("d/a.txt", utf8("0123456789"))
                .file("d/sub/b.txt", utf8("bee")));
        assertThat(RpcTestNode.text(n.post("cat", "arg=" + root + "/a.txt"))).isEqualTo("0123456789");
        assertThat(RpcTestNode.text(n.post("cat", "arg=/ipfs/" + root + "/a.txt&offset=2&length=3"))).isEqualTo("234");
        assertThat(n.post("cat", "arg=" + root + "/a.txt&offset=-1").statusCode()).isEqualTo(400);
        assertThat(n.post("cat", "arg=" + root).statusCode()).isEqualTo(500);
        JsonNode ls = RpcTestNode.json(n.post("ls", "arg=" + root));
        JsonNode obj = ls.get("Objects").get(0);
        assertThat(obj.get("Hash").asText()).isEqualTo(root);
        JsonNode a = obj.get("Links").get(0);
        assertThat(a.get("Name").asText()).isEqualTo("a.txt");
        assertThat(a.get("Size").asLong()).isEqualTo(10);
        assertThat(a.get("Type").asInt()).isEqualTo(2);
        assertThat(a.get("Target").asText()).isEmpty();
        JsonNode sub = obj.get("Links").get(1);
        assertThat(sub.get("Name").asText()).isEqualTo("sub");
        assertThat(sub.get("Type").asInt()).isEqualTo(1);
        assertThat(sub.get("Size").asLong()).isZero();
        JsonNode file = RpcTestNode.json(n.post("ls", "arg=" + root + "/a.txt")).get("Objects").get(0);
        assertThat(file.get("Links")).isEmpty();
        var tar = n.post("get", "arg=" + root);
        assertThat(tar.statusCode()).isEqualTo(200);
        assertThat(new String(tar.body(), StandardCharsets.ISO_8859_1)).contains("a.txt").contains("0123456789");
        assertThat(n.post("ls", "arg=bad").statusCode()).isEqualTo(400);
        JsonNode st = RpcTestNode.json(n.post("files/stat", "arg=/ipfs/" + root + "/a.txt"));
        assertThat(st.get("Type").asText()).isEqualTo("file");
        assertThat(st.get("Size").asLong()).isEqualTo(10);
        assertThat(st.get("CumulativeSize").asLong()).isEqualTo(18);
        JsonNode dst = RpcTestNode.json(n.post("files/stat", "arg=/ipfs/" + root));
        assertThat(dst.get("Type").asText()).isEqualTo("directory");
        assertThat(dst.get("Blocks").asInt()).isEqualTo(2);
        assertThat(n.post("files/stat", "arg=relative").statusCode()).isEqualTo(400);
        assertThat(n.post("files/stat", "arg=/not-in-mfs").statusCode()).isEqualTo(500);
    }

    @Test
    void pinAddLsRmVerify() throws Exception {
        String cid = add("pin=false", new RpcTestNode.Multipart().file("p", utf8("pin me " + System.nanoTime())));
        JsonNode add = RpcTestNode.json(n.post("pin/add", "arg=" + cid));
        assertThat(add.get("Pins").get(0).asText()).isEqualTo(cid);
        JsonNode ls = RpcTestNode.json(n.post("pin/ls", "type=recursive"));
        assertThat(ls.get("Keys").get(cid).get("Type").asText()).isEqualTo("recursive");
        List<JsonNode> stream = RpcTestNode.ndjson(n.post("pin/ls", "stream=true&names=false"));
        assertThat(stream).anySatisfy(l -> {
            assertThat(l.get("Cid").asText()).isEqualTo(cid);
            assertThat(l.get("Type").asText()).isEqualTo("recursive");
        });
        assertThat(RpcTestNode.json(n.post("pin/ls", "arg=" + cid)).get("Keys").has(cid)).isTrue();
        assertThat(n.post("pin/ls", "type=bogus").statusCode()).isEqualTo(400);
        assertThat(RpcTestNode.ndjson(n.post("pin/verify", ""))).isEmpty();
        assertThat(RpcTestNode.ndjson(n.post("pin/verify", "verbose=true")))
                .anySatisfy(l -> assertThat(l.get("Ok").asBoolean()).isTrue());
        JsonNode rm = RpcTestNode.json(n.post("pin/rm", "arg=" + cid));
        assertThat(rm.get("Pins").get(0).asText()).isEqualTo(cid);
        var again = n.post("pin/rm", "arg=" + cid);
        assertThat(again.statusCode()).isEqualTo(500);
        assertThat(RpcTestNode.json(again).get("Message").asText()).contains("not pinned");
        assertThat(n.post("pin/ls", "arg=" + cid).statusCode()).isEqualTo(500);
        assertThat(n.post("pin/add", "arg=zzz").statusCode()).isEqualTo(400);
    }

    @Test
    void dagExportImportRoundTrip() throws Exception {
        String root = add("pin=false", new RpcTestNode.Multipart().file("big", new byte[600_000]));
        var car = n.post("dag/export", "arg=" + root);
        assertThat(car.statusCode()).isEqualTo(200);
        assertThat(car.headers().firstValue("Content-Type")).contains("application/vnd.ipld.car");
        // drop the blocks, then bring them back from the CAR
        RpcTestNode.ndjson(n.post("repo/gc", ""));
        assertThat(n.node.repo().blocks().has(Cid.parse(root))).isFalse();
        var imp = n.postMultipart("dag/import", "stats=true", new RpcTestNode.Multipart().file("", car.body()).build());
        assertThat(imp.statusCode()).isEqualTo(200);
        List<JsonNode> lines = RpcTestNode.ndjson(imp);
        assertThat(lines.getFirst().get("Root").get("Cid").get("/").asText()).isEqualTo(root);
        assertThat(lines.getFirst().get("Root").get("PinErrorMsg").asText()).isEmpty();
        // two full zero chunks are one block: root, zero chunk, tail chunk
        assertThat(lines.getLast().get("Stats").get("BlockCount").asLong()).isEqualTo(3);
        assertThat(n.node.repo().pins().isPinned(Cid.parse(root), PinType.RECURSIVE)).isTrue();
        var bad = n.postMultipart("dag/import", "", new RpcTestNode.Multipart().file("", utf8("not a car")).build());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(n.post("dag/export", "arg=nope").statusCode()).isEqualTo(400);
    }

    @Test
    void repoStatGcAndVerify() throws Exception {
        String kept = add("", new RpcTestNode.Multipart().file("k", utf8("kept " + System.nanoTime())));
        String dropped = add("pin=false", new RpcTestNode.Multipart().file("d", utf8("dropped " + System.nanoTime())));
        JsonNode stat = RpcTestNode.json(n.post("repo/stat", ""));
        assertThat(stat.get("NumObjects").asLong()).isPositive();
        assertThat(stat.get("RepoSize").asLong()).isPositive();
        assertThat(stat.get("StorageMax").asLong()).isEqualTo(10_000_000_000L);
        assertThat(stat.get("RepoPath").asText()).isNotEmpty();
        assertThat(stat.get("Version").asText()).startsWith("fs-repo@");
        List<JsonNode> gc = RpcTestNode.ndjson(n.post("repo/gc", ""));
        assertThat(gc).anySatisfy(l -> assertThat(Cid.parse(l.get("Key").get("/").asText()).multihash())
                .isEqualTo(Cid.parse(dropped).multihash()));
        assertThat(n.node.repo().blocks().has(Cid.parse(kept))).isTrue();
        assertThat(n.node.repo().blocks().has(Cid.parse(dropped))).isFalse();
        List<JsonNode> verify = RpcTestNode.ndjson(n.post("repo/verify", ""));
        assertThat(verify.getLast().get("Msg").asText()).contains("all blocks validated");
    }

    @Test
    void configGetSetShow() throws Exception {
        JsonNode get = RpcTestNode.json(n.post("config", "arg=Datastore.StorageMax"));
        assertThat(get.get("Key").asText()).isEqualTo("Datastore.StorageMax");
        assertThat(get.get("Value").asText()).isEqualTo("10GB");
        JsonNode set = RpcTestNode.json(n.post("config", "arg=Import.CidVersion&arg=1&json=true"));
        assertThat(set.get("Value").asInt()).isEqualTo(1);
        assertThat(n.node.repo().config().number("Import.CidVersion", 0)).isEqualTo(1);
        assertThat(RpcTestNode.json(n.post("config", "arg=Foo.Bar&arg=true&bool=true")).get("Value").asBoolean()).isTrue();
        assertThat(n.post("config", "arg=Foo.Bar&arg=maybe&bool=true").statusCode()).isEqualTo(400);
        assertThat(n.post("config", "arg=No.Such.Key").statusCode()).isEqualTo(500);
        assertThat(n.post("config", "arg=Identity.PrivKey").statusCode()).isEqualTo(500);
        assertThat(n.post("config", "").statusCode()).isEqualTo(400);
        JsonNode show = RpcTestNode.json(n.post("config/show", ""));
        assertThat(show.get("Foo").get("Bar").asBoolean()).isTrue();
        assertThat(show.get("Identity").has("PrivKey")).isFalse();
        RpcTestNode.json(n.post("config", "arg=Import.CidVersion&arg=0&json=true"));
    }

    @Test
    void idVersionSwarm() throws Exception {
        JsonNode id = RpcTestNode.json(n.post("id", ""));
        assertThat(id.get("ID").asText()).isEqualTo(n.node.identity().peerId().toString());
        assertThat(RpcTestNode.json(n.post("version", "")).get("Version").asText()).isEqualTo("0.0.0-test");
        assertThat(RpcTestNode.json(n.post("swarm/peers", "")).get("Peers").isArray()).isTrue();
    }
}
