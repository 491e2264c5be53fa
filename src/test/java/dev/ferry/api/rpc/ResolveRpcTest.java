package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multibase;
import dev.ferry.store.Block;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code resolve} and {@code dag/resolve}: UnixFS and dag-cbor paths, names, CID encodings, and errors. */
@Timeout(120)
class ResolveRpcTest {
    @TempDir
    static Path tmp;
    static RpcTestNode n;

    static String root;
    static String sub;
    static String b;

    @BeforeAll
    static void start() throws Exception {
        n = RpcTestNode.start(tmp.resolve("repo"));
        root = RpcFixtures.add(n, new RpcTestNode.Multipart().dir("d").file("d/a.txt", utf8("alpha"))
                .dir("d/sub").file("d/sub/b.txt", utf8("beta")));
        JsonNode links = RpcTestNode.json(n.post("ls", "arg=" + root)).get("Objects").get(0).get("Links");
        sub = links.get(1).get("Hash").asText();
        b = RpcTestNode.json(n.post("ls", "arg=" + sub)).get("Objects").get(0).get("Links").get(0).get("Hash").asText();
    }

    @AfterAll
    static void stop() {
        n.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String resolve(String arg) throws Exception {
        return resolve(arg, "");
    }

    static String resolve(String arg, String more) throws Exception {
        var res = n.post("resolve", "arg=" + URLEncoder.encode(arg, StandardCharsets.UTF_8) + more);
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(200);
        JsonNode j = RpcTestNode.json(res);
        assertThat(j.fieldNames()).toIterable().containsExactly("Path");
        return j.get("Path").asText();
    }

    static JsonNode dagResolve(String arg) throws Exception {
        var res = n.post("dag/resolve", "arg=" + URLEncoder.encode(arg, StandardCharsets.UTF_8));
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(200);
        return RpcTestNode.json(res);
    }

    static String error(String command, String arg) throws Exception {
        var res = n.post(command, "arg=" + URLEncoder.encode(arg, StandardCharsets.UTF_8) + "&timeout=300ms");
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isIn(400, 500);
        return RpcTestNode.json(res).get("Message").asText();
    }

    @Test
    void unixfsPathsEndAtTheBlockTheyName() throws Exception {
        assertThat(resolve("/ipfs/" + root + "/sub/b.txt")).isEqualTo("/ipfs/" + b);
        assertThat(resolve(root + "/sub")).isEqualTo("/ipfs/" + sub);
        assertThat(resolve("/ipfs/" + root + "/sub/")).isEqualTo("/ipfs/" + sub);
        assertThat(resolve(root)).isEqualTo("/ipfs/" + root);
        // Kubo answers a bare CID without reading its block
        Cid missing = Block.raw(utf8("not here " + System.nanoTime())).cid();
        assertThat(resolve("/ipfs/" + missing)).isEqualTo("/ipfs/" + missing);

        JsonNode d = dagResolve("/ipfs/" + root + "/sub/b.txt");
        assertThat(d.toString()).isEqualTo("{\"Cid\":{\"/\":\"" + b + "\"},\"RemPath\":\"\"}");
    }

    @Test
    void theCidIsWrittenInTheBaseOfTheOneInThePath() throws Exception {
        Cid subCid = Cid.parse(sub);
        assertThat(subCid.version()).isZero();
        String v1 = Cid.parse(root).toV1().toString();
        // a CIDv1 in the path: found CIDv0s come back upgraded, in the path's base
        assertThat(resolve("/ipfs/" + v1 + "/sub")).isEqualTo("/ipfs/" + subCid.toV1());
        String base36 = Cid.parse(root).toV1().toString(Multibase.BASE36);
        assertThat(resolve("/ipfs/" + base36 + "/sub")).isEqualTo("/ipfs/" + subCid.toV1().toString(Multibase.BASE36));
        // dag/resolve gives the CID itself, as it is linked
        assertThat(dagResolve(v1 + "/sub").get("Cid").get("/").asText()).isEqualTo(sub);
    }

    @Test
    void dagCborPathsLeaveTheRestInsideTheBlock() throws Exception {
        String inner = RpcFixtures.put(n, "{\"x\":{\"y\":\"z\"}}", "dag-cbor");
        String doc = RpcFixtures.put(n, "{\"n\":{\"m\":[1,2]},\"l\":{\"/\":\"" + b + "\"},\"deep\":{\"/\":\""
                + inner + "\"},\"dir\":{\"/\":\"" + root + "\"}}", "dag-cbor");
        assertThat(resolve("/ipfs/" + doc + "/n/m/1")).isEqualTo("/ipfs/" + doc + "/n/m/1");
        // doc is a CIDv1: the CIDv0 it links to comes back as a CIDv1 (Kubo's encoder upgrades it)
        assertThat(resolve("/ipfs/" + doc + "/l")).isEqualTo("/ipfs/" + Cid.parse(b).toV1());
        assertThat(resolve("/ipfs/" + doc + "/deep/x/y")).isEqualTo("/ipfs/" + inner + "/x/y");
        // from dag-cbor into a UnixFS directory
        assertThat(resolve("/ipfs/" + doc + "/dir/sub/b.txt")).isEqualTo("/ipfs/" + Cid.parse(b).toV1());

        assertThat(dagResolve(doc + "/deep/x").toString())
                .isEqualTo("{\"Cid\":{\"/\":\"" + inner + "\"},\"RemPath\":\"/x\"}");
        assertThat(dagResolve(doc + "/n/m").get("RemPath").asText()).isEqualTo("/n/m");
        assertThat(dagResolve(doc).toString()).isEqualTo("{\"Cid\":{\"/\":\"" + doc + "\"},\"RemPath\":\"\"}");
        String json = RpcFixtures.put(n, "{\"k\":[{\"/\":\"" + inner + "\"}]}", "dag-json");
        assertThat(dagResolve(json + "/k/0/x/y").get("Cid").get("/").asText()).isEqualTo(inner);
        assertThat(dagResolve(json + "/k/0/x/y").get("RemPath").asText()).isEqualTo("/x/y");

        assertThat(error("resolve", "/ipfs/" + doc + "/n/zz")).isEqualTo("no link named \"zz\" under " + doc);
        assertThat(error("dag/resolve", doc + "/n/m/7")).isEqualTo("no link named \"7\" under " + doc);
        assertThat(error("dag/resolve", doc + "/n/m/1/deeper")).isEqualTo("no link named \"deeper\" under " + doc);
    }

    @Test
    void namesResolveThroughTheNameSystem() throws Exception {
        var pub = n.post("name/publish", "arg=/ipfs/" + root + "&allow-offline=true");
        assertThat(pub.statusCode()).as(RpcTestNode.text(pub)).isEqualTo(200);
        String self = RpcTestNode.json(pub).get("Name").asText();
        assertThat(resolve("/ipns/" + self)).isEqualTo("/ipfs/" + root);
        assertThat(resolve("/ipns/" + self + "/sub/b.txt")).isEqualTo("/ipfs/" + b);
        // one step: the path the record holds, as it is
        assertThat(resolve("/ipns/" + self + "/sub", "&recursive=false")).isEqualTo("/ipfs/" + root + "/sub");
        assertThat(dagResolve("/ipns/" + self + "/sub").get("Cid").get("/").asText()).isEqualTo(sub);

        // a name that points to a name: one step gives the name, recursive the content
        assertThat(n.post("key/gen", "arg=second&type=ed25519").statusCode()).isEqualTo(200);
        var pub2 = n.post("name/publish", "arg=/ipns/" + self + "&key=second&allow-offline=true");
        assertThat(pub2.statusCode()).as(RpcTestNode.text(pub2)).isEqualTo(200);
        String second = RpcTestNode.json(pub2).get("Name").asText();
        assertThat(resolve("/ipns/" + second, "&r=false")).isEqualTo("/ipns/" + self);
        assertThat(resolve("/ipns/" + second)).isEqualTo("/ipfs/" + root);
        assertThat(resolve("/ipns/" + second + "/sub")).isEqualTo("/ipfs/" + sub);
    }

    @Test
    void badPathsAndMissingBlocks() throws Exception {
        assertThat(n.post("resolve", "").statusCode()).isEqualTo(400);
        assertThat(n.post("dag/resolve", "").statusCode()).isEqualTo(400);
        assertThat(n.post("resolve", "arg=notacid").statusCode()).isEqualTo(400);
        assertThat(n.post("dag/resolve", "arg=/ipfs/notacid/x").statusCode()).isEqualTo(400);
        assertThat(error("resolve", "/ipfs/" + root + "/nope")).isEqualTo("no link named \"nope\" under " + root);
        // below a file there is nothing to name
        assertThat(error("resolve", "/ipfs/" + b + "/x")).isEqualTo("no link named \"x\" under " + b);
        String raw = RpcTestNode.json(n.postMultipart("block/put", "",
                new RpcTestNode.Multipart().file("", utf8("raw")).build())).get("Key").asText();
        assertThat(error("dag/resolve", raw + "/x")).isEqualTo("no link named \"x\" under " + raw);
        Cid missing = Block.raw(utf8("missing " + System.nanoTime())).cid();
        String dangling = RpcFixtures.put(n, "{\"gone\":{\"/\":\"" + missing + "\"}}", "dag-cbor");
        // the link itself resolves; going below it needs the block, which never comes
        assertThat(resolve("/ipfs/" + dangling + "/gone")).isEqualTo("/ipfs/" + missing);
        assertThat(error("resolve", "/ipfs/" + dangling + "/gone/x")).isNotEmpty();
        assertThat(error("resolve", "/ipns/k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8"))
                .isNotEmpty();
    }
}
