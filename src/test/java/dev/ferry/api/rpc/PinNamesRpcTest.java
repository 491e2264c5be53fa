package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.PinEntry;
import dev.ferry.store.PinType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pin names over the RPC, in Kubo's shapes: {@code pin/add name}, {@code add pin-name}, {@code pin/ls names|name}. */
@Timeout(120)
class PinNamesRpcTest {
    @TempDir
    Path tmp;
    RpcTestNode n;

    @BeforeEach
    void start() throws Exception {
        n = RpcTestNode.start(tmp.resolve("repo"));
    }

    @AfterEach
    void stop() {
        n.close();
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    String file(String query, String text) throws Exception {
        return RpcFixtures.add(n, query, new RpcTestNode.Multipart().file("f", text.getBytes(StandardCharsets.UTF_8)));
    }

    Optional<PinEntry> entry(String cid) {
        return n.node.repo().pins().entry(Cid.parse(cid));
    }

    String message(String cmd, String query) throws Exception {
        var res = n.post(cmd, query);
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isIn(400, 500);
        return RpcTestNode.json(res).get("Message").asText();
    }

    @Test
    void pinAddNameAndLsNames() throws Exception {
        String a = file("pin=false", "a");
        String b = file("pin=false", "b");
        String c = file("pin=false", "c");
        assertThat(RpcTestNode.json(n.post("pin/add", "arg=" + a + "&name=" + q("my site")))
                .get("Pins").get(0).asText()).isEqualTo(a);
        n.post("pin/add", "arg=" + b + "&recursive=false&name=" + q("photos \uD83D\uDCF7"));
        n.post("pin/add", "arg=" + c);
        assertThat(entry(a)).hasValue(new PinEntry(PinType.RECURSIVE, "my site"));
        assertThat(entry(b)).hasValue(new PinEntry(PinType.DIRECT, "photos \uD83D\uDCF7"));

        // without names: Kubo's {"Keys":{cid:{"Type","Name"}}} with every Name empty
        JsonNode plain = RpcTestNode.json(n.post("pin/ls", "type=all"));
        assertThat(plain.get("Keys").get(a).get("Name").asText()).isEmpty();
        assertThat(plain.get("Keys").get(a).get("Type").asText()).isEqualTo("recursive");
        JsonNode named = RpcTestNode.json(n.post("pin/ls", "names=true")).get("Keys");
        assertThat(named.get(a).get("Name").asText()).isEqualTo("my site");
        assertThat(named.get(b).get("Name").asText()).isEqualTo("photos \uD83D\uDCF7");
        assertThat(named.get(b).get("Type").asText()).isEqualTo("direct");
        assertThat(named.get(c).get("Name").asText()).isEmpty();

        // streamed: {"Cid","Name","Type"}, Name left out when empty
        List<JsonNode> lines = RpcTestNode.ndjson(n.post("pin/ls", "stream=true&names=true"));
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.get("Cid").asText()).isEqualTo(a);
            assertThat(l.get("Name").asText()).isEqualTo("my site");
        });
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.get("Cid").asText()).isEqualTo(c);
            assertThat(l.has("Name")).isFalse();
        });
        assertThat(RpcTestNode.ndjson(n.post("pin/ls", "stream=true"))).allSatisfy(l -> assertThat(l.has("Name"))
                .isFalse());

        // the name filter: case-sensitive substring, implies names, indirect and unnamed pins never match
        JsonNode site = RpcTestNode.json(n.post("pin/ls", "name=site")).get("Keys");
        assertThat(fieldNames(site)).containsExactly(a);
        assertThat(site.get(a).get("Name").asText()).isEqualTo("my site");
        assertThat(fieldNames(RpcTestNode.json(n.post("pin/ls", "name=Site")).get("Keys"))).isEmpty();
        assertThat(fieldNames(RpcTestNode.json(n.post("pin/ls", "name=" + q("s")))
                .get("Keys"))).containsExactlyInAnyOrder(a, b);
        assertThat(fieldNames(RpcTestNode.json(n.post("pin/ls", "name=s&type=direct")).get("Keys")))
                .containsExactly(b);
        // with paths, as Kubo: the filter only turns names on
        JsonNode byPath = RpcTestNode.json(n.post("pin/ls", "arg=" + c + "&arg=" + a + "&name=site")).get("Keys");
        assertThat(fieldNames(byPath)).containsExactlyInAnyOrder(a, c);
        assertThat(byPath.get(a).get("Name").asText()).isEqualTo("my site");
    }

    @Test
    void pinningAgainRenamesAsKubo() throws Exception {
        String a = file("pin=false", "again");
        n.post("pin/add", "arg=" + a + "&name=first");
        n.post("pin/add", "arg=" + a + "&name=second");
        assertThat(entry(a)).hasValue(new PinEntry(PinType.RECURSIVE, "second"));
        n.post("pin/add", "arg=" + a); // no name: the pin is taken again unnamed
        assertThat(entry(a)).hasValue(PinEntry.of(PinType.RECURSIVE));
        // a direct pin under a recursive one is refused and the name stays
        n.post("pin/add", "arg=" + a + "&name=kept");
        assertThat(message("pin/add", "arg=" + a + "&recursive=false&name=other"))
                .contains("already pinned recursively");
        assertThat(entry(a)).hasValue(new PinEntry(PinType.RECURSIVE, "kept"));
        // a direct pin made recursive takes the new name
        String d = file("pin=false", "direct");
        n.post("pin/add", "arg=" + d + "&recursive=false&name=d");
        n.post("pin/add", "arg=" + d + "&name=r");
        assertThat(entry(d)).hasValue(new PinEntry(PinType.RECURSIVE, "r"));
        // unpinned, the name goes with the pin
        n.post("pin/rm", "arg=" + d);
        n.post("pin/add", "arg=" + d);
        assertThat(entry(d)).hasValue(PinEntry.of(PinType.RECURSIVE));
    }

    @Test
    void pinUpdateKeepsTheName() throws Exception {
        String v1 = RpcFixtures.add(n, "pin-name=" + q("release"), new RpcTestNode.Multipart().dir("v")
                .file("v/a.txt", "one".getBytes(StandardCharsets.UTF_8)));
        String v2 = RpcFixtures.add(n, "pin=false", new RpcTestNode.Multipart().dir("v")
                .file("v/a.txt", "one".getBytes(StandardCharsets.UTF_8))
                .file("v/b.txt", "two".getBytes(StandardCharsets.UTF_8)));
        var res = n.post("pin/update", "arg=" + v1 + "&arg=" + v2 + "&unpin=false");
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(200);
        assertThat(entry(v2)).hasValue(new PinEntry(PinType.RECURSIVE, "release"));
        assertThat(entry(v1)).hasValue(new PinEntry(PinType.RECURSIVE, "release"));
    }

    @Test
    void addPinName() throws Exception {
        String a = file("pin-name=" + q("from add"), "added");
        assertThat(entry(a)).hasValue(new PinEntry(PinType.RECURSIVE, "from add"));
        assertThat(RpcTestNode.json(n.post("pin/ls", "names=true&type=recursive")).get("Keys").get(a).get("Name")
                .asText()).isEqualTo("from add");
        // adding the same content again without a name takes the pin again unnamed, as Kubo
        file("", "added");
        assertThat(entry(a)).hasValue(PinEntry.of(PinType.RECURSIVE));
    }

    @Test
    void whatIsRefused() throws Exception {
        String a = file("pin=false", "refused");
        String tooLong = "x".repeat(256);
        assertThat(message("pin/add", "arg=" + a + "&name=" + tooLong)).isEqualTo("pin name is 256 bytes (max 255 bytes)");
        assertThat(entry(a)).isEmpty();
        assertThat(message("pin/ls", "name=" + tooLong)).isEqualTo("pin name is 256 bytes (max 255 bytes)");
        // 255 bytes is fine, counted in UTF-8 bytes
        String longest = "\u00e9".repeat(127) + "x";
        n.post("pin/add", "arg=" + a + "&name=" + q(longest));
        assertThat(entry(a)).hasValue(new PinEntry(PinType.RECURSIVE, longest));
        var addRes = n.postMultipart("add", "pin=false&pin-name=foo",
                new RpcTestNode.Multipart().file("f", "x".getBytes(StandardCharsets.UTF_8)).build());
        assertThat(addRes.statusCode()).isEqualTo(400);
        assertThat(RpcTestNode.json(addRes).get("Message").asText()).isEqualTo("pin-name option requires pin to be set");
        var longAdd = n.postMultipart("add", "pin-name=" + tooLong,
                new RpcTestNode.Multipart().file("f", "y".getBytes(StandardCharsets.UTF_8)).build());
        assertThat(longAdd.statusCode()).isEqualTo(400);
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
