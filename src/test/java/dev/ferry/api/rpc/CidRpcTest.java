package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kubo's cid/* over HTTP: NDJSON per CID with per-CID errors, the listings and inspect's JSON. */
@Timeout(60)
class CidRpcTest {
    static final String V0 = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
    static final String V1 = "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";

    @TempDir
    Path tmp;

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void cidCommandsInKubosShapes() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("n"))) {
            var res = n.post("cid/format", "arg=" + V0 + "&arg=nope&arg=" + V1 + "&b=base36&f=" + q("%b %s"));
            assertThat(res.statusCode()).isEqualTo(200);
            List<JsonNode> lines = RpcTestNode.ndjson(res);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0).toString()).isEqualTo("{\"CidStr\":\"" + V0 + "\",\"Formatted\":"
                    + "\"base36 k2jmtxtlhjl3fhmgndf92e48by79ryjuvqp3y2qgehpao6v3lurvnmcv\",\"ErrorMsg\":\"\"}");
            assertThat(lines.get(1).get("CidStr").asText()).isEqualTo("nope");
            assertThat(lines.get(1).get("Formatted").asText()).isEmpty();
            assertThat(lines.get(1).get("ErrorMsg").asText()).isNotEmpty();
            assertThat(lines.get(2).get("Formatted").asText()).isEqualTo(lines.get(0).get("Formatted").asText());

            List<JsonNode> v0 = RpcTestNode.ndjson(n.post("cid/format", "arg=" + V1 + "&v=0"));
            assertThat(v0.getFirst().get("Formatted").asText()).isEqualTo(V0);
            List<JsonNode> b32 = RpcTestNode.ndjson(n.post("cid/base32", "arg=" + V0));
            assertThat(b32.getFirst().get("Formatted").asText()).isEqualTo(V1);

            var noPercent = n.post("cid/format", "arg=" + V0 + "&f=plain");
            assertThat(noPercent.statusCode()).isEqualTo(500);
            assertThat(RpcTestNode.json(noPercent).get("Message").asText()).isEqualTo("invalid format string: \"plain\"");
            var badSpecifier = n.post("cid/format", "arg=" + V0 + "&f=" + q("%Q"));
            assertThat(RpcTestNode.json(badSpecifier).get("Message").asText())
                    .isEqualTo("unrecognized specifier in format string: %Q");
            var v0Base = n.post("cid/format", "arg=" + V0 + "&v=0&b=base32");
            assertThat(RpcTestNode.json(v0Base).get("Message").asText()).contains("implicit base58btc");

            JsonNode bases = RpcTestNode.json(n.post("cid/bases", ""));
            assertThat(bases.get(0).toString()).isEqualTo("{\"Code\":0,\"Name\":\"identity\"}");
            assertThat(bases.get(2).toString()).isEqualTo("{\"Code\":98,\"Name\":\"base32\"}");
            assertThat(bases).hasSize(21);
            assertThat(bases.toString()).contains("{\"Code\":128640,\"Name\":\"base256emoji\"}");
            JsonNode codecs = RpcTestNode.json(n.post("cid/codecs", "numeric=true"));
            assertThat(codecs.get(1).toString()).isEqualTo("{\"Code\":112,\"Name\":\"dag-pb\"}");
            JsonNode hashes = RpcTestNode.json(n.post("cid/hashes", ""));
            assertThat(hashes.get(1).toString()).isEqualTo("{\"Code\":18,\"Name\":\"sha2-256\"}");
            assertThat(hashes.toString()).contains("{\"Code\":45600,\"Name\":\"blake2b-256\"}")
                    .contains("{\"Code\":30,\"Name\":\"blake3\"}").doesNotContain("\"sha1\"");

            JsonNode inspect = RpcTestNode.json(n.post("cid/inspect", "arg=" + V1));
            assertThat(inspect.get("cid").asText()).isEqualTo(V1);
            assertThat(inspect.get("version").asInt()).isEqualTo(1);
            assertThat(inspect.get("multibase").toString()).isEqualTo("{\"prefix\":\"b\",\"name\":\"base32\"}");
            assertThat(inspect.get("multicodec").toString()).isEqualTo("{\"code\":112,\"name\":\"dag-pb\"}");
            assertThat(inspect.get("multihash").get("length").asInt()).isEqualTo(32);
            assertThat(inspect.get("cidV0").asText()).isEqualTo(V0);
            assertThat(inspect.get("cidV1").asText()).isEqualTo(V1);
            assertThat(inspect.has("errorMsg")).isFalse();
            JsonNode bad = RpcTestNode.json(n.post("cid/inspect", "arg=nope"));
            assertThat(bad.get("errorMsg").asText()).startsWith("invalid CID: ");
            assertThat(bad.has("cidV0")).isFalse();
        }
    }
}
