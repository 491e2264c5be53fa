package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code refs} and {@code refs/local} against a node: Kubo's lines, options and pruning, and what goes wrong. */
@Timeout(120)
class RefsRpcTest {
    @TempDir
    static Path tmp;
    static RpcTestNode n;

    // d/a.txt and d/sub/c.txt hold the same bytes: one block, linked twice
    static String root;
    static String a;
    static String sub;
    static String b;

    @BeforeAll
    static void start() throws Exception {
        n = RpcTestNode.start(tmp.resolve("repo"));
        root = add(new RpcTestNode.Multipart().dir("d").file("d/a.txt", utf8("same")).dir("d/sub")
                .file("d/sub/b.txt", utf8("bee")).file("d/sub/c.txt", utf8("same")));
        JsonNode links = RpcTestNode.json(n.post("ls", "arg=" + root)).get("Objects").get(0).get("Links");
        a = links.get(0).get("Hash").asText();
        sub = links.get(1).get("Hash").asText();
        JsonNode subLinks = RpcTestNode.json(n.post("ls", "arg=" + sub)).get("Objects").get(0).get("Links");
        b = subLinks.get(0).get("Hash").asText();
        assertThat(subLinks.get(1).get("Hash").asText()).isEqualTo(a);
    }

    @AfterAll
    static void stop() {
        n.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String add(RpcTestNode.Multipart m) throws Exception {
        return RpcFixtures.add(n, m);
    }

    static String put(String json, String codec) throws Exception {
        return RpcFixtures.put(n, json, codec);
    }

    static String link(String cid) {
        return RpcFixtures.link(cid);
    }

    /** The Ref of every line, checking that none carries an error. */
    static List<String> refs(String query) throws Exception {
        var res = n.post("refs", query);
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<String> out = new ArrayList<>();
        for (JsonNode line : RpcTestNode.ndjson(res)) {
            assertThat(line.fieldNames()).toIterable().containsExactly("Ref", "Err");
            assertThat(line.get("Err").asText()).isEmpty();
            out.add(line.get("Ref").asText());
        }
        return out;
    }

    @Test
    void directLinksByDefaultAndTheWholeDagWithRecursive() throws Exception {
        assertThat(refs("arg=" + root)).containsExactly(a, sub);
        assertThat(refs("arg=/ipfs/" + root + "/sub")).containsExactly(b, a);
        assertThat(refs("arg=" + root + "&recursive=true")).containsExactly(a, sub, b, a);
        assertThat(refs("arg=" + root + "&r=true")).containsExactly(a, sub, b, a);
        // unique: the second link to the shared block is not written
        assertThat(refs("arg=" + root + "&recursive=true&unique=true")).containsExactly(a, sub, b);
        // several roots share one walk: with unique, what the first wrote is not written again
        assertThat(refs("arg=" + sub + "&arg=" + root + "&recursive=true&unique=true")).containsExactly(b, a, sub);
        assertThat(refs("arg=" + sub + "&arg=" + root)).containsExactly(b, a, a, sub);
        // a leaf has no links
        assertThat(refs("arg=" + b + "&recursive=true")).isEmpty();
    }

    @Test
    void edgesAndFormats() throws Exception {
        assertThat(refs("arg=" + root + "&edges=true")).containsExactly(root + " -> " + a, root + " -> " + sub);
        assertThat(refs("arg=" + root + "&e=true&r=true")).containsExactly(root + " -> " + a, root + " -> " + sub,
                sub + " -> " + b, sub + " -> " + a);
        assertThat(refs("arg=" + root + "&recursive=true&format=" + q("<linkname>")))
                .containsExactly("a.txt", "sub", "b.txt", "c.txt");
        assertThat(refs("arg=" + root + "&format=" + q("<src> <dst> <linkname> <dst>")))
                .containsExactly(root + " " + a + " a.txt " + a, root + " " + sub + " sub " + sub);
        // an empty format writes the target, as Kubo
        assertThat(refs("arg=" + root + "&format=")).containsExactly(a, sub);
        var both = n.post("refs", "arg=" + root + "&edges=true&format=" + q("<src>"));
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(RpcTestNode.json(both).get("Message").asText())
                .isEqualTo("using format argument with edges is not allowed");
    }

    @Test
    void maxDepthCountsOnlyWithRecursiveAndKeepsKubosPruning() throws Exception {
        assertThat(refs("arg=" + root + "&recursive=true&max-depth=1")).containsExactly(a, sub);
        assertThat(refs("arg=" + root + "&recursive=true&max-depth=0")).isEmpty();
        assertThat(refs("arg=" + root + "&recursive=true&max-depth=2")).containsExactly(a, sub, b, a);
        // without recursive the depth is 1, whatever max-depth says (Kubo)
        assertThat(refs("arg=" + root + "&max-depth=5")).containsExactly(a, sub);

        // top -> {a: mid, b: x}, mid -> {c: x}, x -> {d: y}: x is met at depth 2 first, then at depth 1
        String y = put("{\"leaf\":true}", "dag-cbor");
        String x = put("{\"d\":" + link(y) + "}", "dag-cbor");
        String mid = put("{\"c\":" + link(x) + "}", "dag-cbor");
        String top = put("{\"a\":" + link(mid) + ",\"b\":" + link(x) + "}", "dag-cbor");
        assertThat(refs("arg=" + top + "&recursive=true")).containsExactly(mid, x, y, x, y);
        assertThat(refs("arg=" + top + "&recursive=true&unique=true")).containsExactly(mid, x, y);
        // depth 2 stops below x the first time; met again higher up, x is walked again and y found, x not rewritten
        assertThat(refs("arg=" + top + "&recursive=true&unique=true&max-depth=2")).containsExactly(mid, x, y);
        assertThat(refs("arg=" + top + "&recursive=true&max-depth=2")).containsExactly(mid, x, x, y);
        // dag-cbor links have no names
        assertThat(refs("arg=" + top + "&format=" + q("[<linkname>]"))).containsExactly("[]", "[]");
    }

    @Test
    void dagJsonAndRawBlocks() throws Exception {
        String leaf = put("{\"v\":1}", "dag-json");
        assertThat(leaf).startsWith("baguqeera");
        String list = put("[" + link(leaf) + ",{\"in\":" + link(b) + "},3]", "dag-json");
        assertThat(refs("arg=" + list + "&recursive=true")).containsExactly(leaf, b);
        var raw = RpcTestNode.json(n.postMultipart("block/put", "",
                new RpcTestNode.Multipart().file("", utf8("raw bytes, no links")).build())).get("Key").asText();
        assertThat(refs("arg=" + raw + "&recursive=true")).isEmpty();
        String toRaw = put("{\"r\":" + link(raw) + "}", "dag-cbor");
        assertThat(refs("arg=" + toRaw + "&edges=true")).containsExactly(toRaw + " -> " + raw);
    }

    @Test
    void aRootThatFailsEndsWithAnErrorLineAndTheNextRootFollows() throws Exception {
        Cid missing = Block.raw(utf8("never stored " + System.nanoTime())).cid();
        String dangling = put("{\"gone\":" + link(missing.toString()) + "}", "dag-cbor");
        var res = n.post("refs", "arg=" + dangling + "&arg=" + sub + "&timeout=300ms");
        assertThat(res.statusCode()).isEqualTo(200);
        List<JsonNode> lines = RpcTestNode.ndjson(res);
        // Kubo fetches each ref it writes: the missing child is an error, not a line
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("Ref").asText()).isEmpty();
        assertThat(lines.get(0).get("Err").asText()).isNotEmpty();
        assertThat(lines.get(1).get("Ref").asText()).isEqualTo(b);
        assertThat(lines.get(2).get("Ref").asText()).isEqualTo(a);
        // a missing root is an error line as well
        var gone = RpcTestNode.ndjson(n.post("refs", "arg=" + missing + "&timeout=300ms"));
        assertThat(gone).hasSize(1);
        assertThat(gone.getFirst().get("Err").asText()).isNotEmpty();
    }

    @Test
    void badInput() throws Exception {
        assertThat(n.post("refs", "").statusCode()).isEqualTo(400);
        var bad = n.post("refs", "arg=notacid");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(RpcTestNode.json(bad).get("Message").asText()).contains("invalid");
        assertThat(n.post("refs", "arg=" + root + "&max-depth=deep").statusCode()).isEqualTo(400);
        assertThat(n.post("refs", "arg=" + root + "&bogus=1").statusCode()).isEqualTo(400);
        // a path that names nothing fails the call before any line
        var nothing = n.post("refs", "arg=" + root + "/nope");
        assertThat(nothing.statusCode()).isEqualTo(500);
        assertThat(RpcTestNode.json(nothing).get("Message").asText())
                .isEqualTo("no link named \"nope\" under " + root);
    }

    @Test
    void localListsEveryBlockAsARawCidV1() throws Exception {
        String extra = put("{\"local\":" + System.nanoTime() + "}", "dag-cbor");
        var res = n.post("refs/local", "");
        assertThat(res.statusCode()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        for (JsonNode l : RpcTestNode.ndjson(res)) {
            assertThat(l.get("Err").asText()).isEmpty();
            lines.add(l.get("Ref").asText());
        }
        Set<String> distinct = new HashSet<>(lines);
        assertThat(distinct).hasSameSizeAs(lines);
        for (String l : lines) {
            Cid c = Cid.parse(l);
            assertThat(c.version()).isEqualTo(1);
            assertThat(c.codec()).isEqualTo(Multicodec.RAW.code());
            assertThat(l).startsWith("bafk");
        }
        for (String known : List.of(root, a, sub, b, extra)) {
            assertThat(distinct).contains(Cid.v1(Multicodec.RAW.code(), Cid.parse(known).multihash()).toString());
        }
        long stored;
        try (var cids = n.node.repo().blocks().cids()) {
            stored = cids.count();
        }
        assertThat(lines).hasSize((int) stored);
        // a removed block is gone from the listing
        assertThat(n.post("block/rm", "arg=" + extra).statusCode()).isEqualTo(200);
        List<String> after = new ArrayList<>();
        RpcTestNode.ndjson(n.post("refs/local", "")).forEach(l -> after.add(l.get("Ref").asText()));
        assertThat(after).doesNotContain(Cid.v1(Multicodec.RAW.code(), Cid.parse(extra).multihash()).toString())
                .hasSize(lines.size() - 1);
    }
}
