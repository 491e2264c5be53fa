package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multibase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The global {@code cid-base} and {@code upgrade-cidv0-in-output} options on the commands that print CIDs. */
@Timeout(120)
class CidBaseRpcTest {
    @TempDir
    static Path tmp;
    static RpcTestNode n;
    static Cid root;

    @BeforeAll
    static void start() throws Exception {
        n = RpcTestNode.start(tmp.resolve("repo"));
        root = Cid.parse(RpcFixtures.add(n, new RpcTestNode.Multipart().dir("d").file("d/a.txt", utf8("alpha"))
                .dir("d/sub").file("d/sub/b.txt", utf8("beta"))));
    }

    @AfterAll
    static void stop() {
        n.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode ok(String command, String query) throws Exception {
        var res = n.post(command, query);
        assertThat(res.statusCode()).as(command + "?" + query + ": " + RpcTestNode.text(res)).isEqualTo(200);
        return RpcTestNode.json(res);
    }

    static String b36(Cid c) {
        return c.toV1().toString(Multibase.BASE36);
    }

    @Test
    void addPrintsTheBaseAndUpgradesV0() throws Exception {
        byte[] body = new RpcTestNode.Multipart().file("x.txt", utf8("base32 test\n")).build();
        var res = n.postMultipart("add", "cid-base=base32", body);
        assertThat(res.statusCode()).isEqualTo(200);
        // Kubo's test vector for this content
        assertThat(RpcTestNode.ndjson(res).getLast().get("Hash").asText())
                .isEqualTo("bafybeibyosqxljd2eptb4ebbtvk7pb4aoxzqa6ttdsflty6rsslz5y6i34");
        res = n.postMultipart("add", "cid-base=base32&upgrade-cidv0-in-output=false", body);
        assertThat(RpcTestNode.ndjson(res).getLast().get("Hash").asText()).startsWith("Qm");
        res = n.postMultipart("add", "cid-version=1&cid-base=base58btc", body);
        assertThat(RpcTestNode.ndjson(res).getLast().get("Hash").asText()).startsWith("z");
    }

    @Test
    void lsWritesLinksInTheBaseAndKeepsTheArgument() throws Exception {
        JsonNode plain = ok("ls", "arg=" + root).get("Objects").get(0);
        JsonNode based = ok("ls", "arg=" + root + "&cid-base=base36").get("Objects").get(0);
        assertThat(based.get("Hash").asText()).isEqualTo(root.toString()); // the argument, as given
        assertThat(based.get("Links")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(based.get("Links").get(i).get("Hash").asText())
                    .isEqualTo(b36(Cid.parse(plain.get("Links").get(i).get("Hash").asText())));
        }
    }

    @Test
    void pinsAreListedAndChangedInTheBase() throws Exception {
        JsonNode keys = ok("pin/ls", "type=recursive&cid-base=base36").get("Keys");
        assertThat(keys.has(b36(root))).isTrue();
        assertThat(keys.has(root.toString())).isFalse();
        assertThat(ok("pin/ls", "arg=" + root + "&cid-base=base36&upgrade-cidv0-in-output=false").get("Keys")
                .has(root.toString())).isTrue();
        assertThat(ok("pin/add", "arg=" + root + "&cid-base=base36").get("Pins").get(0).asText()).isEqualTo(b36(root));
        var verify = n.post("pin/verify", "verbose=true&cid-base=base36");
        List<String> verified = new ArrayList<>();
        RpcTestNode.ndjson(verify).forEach(l -> verified.add(l.get("Cid").asText()));
        assertThat(verified).contains(b36(root));
    }

    @Test
    void refsResolveAndFilesStatFollowTheOptions() throws Exception {
        var refs = RpcTestNode.ndjson(n.post("refs", "arg=" + root + "&cid-base=base36"));
        assertThat(refs).hasSize(2).allMatch(l -> l.get("Ref").asText().startsWith("k"));
        String arg = URLEncoder.encode("/ipfs/" + root + "/a.txt", StandardCharsets.UTF_8);
        Cid a = Cid.parse(ok("resolve", "arg=" + arg).get("Path").asText().substring(6));
        assertThat(ok("resolve", "arg=" + arg + "&cid-base=base36").get("Path").asText()).isEqualTo("/ipfs/" + b36(a));
        // without a base, the CID in the path decides; the upgrade option alone does not override it
        String in36 = URLEncoder.encode("/ipfs/" + b36(root) + "/a.txt", StandardCharsets.UTF_8);
        assertThat(ok("resolve", "arg=" + in36 + "&upgrade-cidv0-in-output=false").get("Path").asText())
                .isEqualTo("/ipfs/" + b36(a));
        assertThat(ok("files/stat", "arg=/ipfs/" + root + "&cid-base=base36").get("Hash").asText())
                .isEqualTo(b36(root));
    }

    @Test
    void everyCommandTakesTheOptionsAndABadBaseIsA400() throws Exception {
        // a command that prints no CID takes them too, as in Kubo
        assertThat(n.post("version", "cid-base=base36&upgrade-cidv0-in-output=true").statusCode()).isEqualTo(200);
        for (String command : List.of("ls", "pin/ls", "refs", "resolve", "files/stat")) {
            String arg = command.equals("files/stat") ? "/ipfs/" + root : root.toString();
            var res = n.post(command, "arg=" + arg + "&cid-base=base99");
            assertThat(res.statusCode()).as(command).isEqualTo(400);
            assertThat(RpcTestNode.json(res).get("Message").asText()).isEqualTo("unsupported multibase encoding: base99");
        }
        var res = n.post("pin/ls", "cid-base=base36&upgrade-cidv0-in-output=maybe");
        assertThat(res.statusCode()).isEqualTo(400);
        res = n.postMultipart("add", "cid-base=identity",
                new RpcTestNode.Multipart().file("x.txt", utf8("x")).build());
        assertThat(res.statusCode()).isEqualTo(400);
    }
}
