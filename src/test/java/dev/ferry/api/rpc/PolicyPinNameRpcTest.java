package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.policy.pinning.PolicyPin;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code pin/add?policy=...&name=...}: the name on the policy pin, in {@code pin/ls} and {@code pin/replicas}. */
@Timeout(60)
class PolicyPinNameRpcTest {
    private static final String POLICY = "{\"Policies\": {\"important\": {\"Replicas\": 1}}}";

    @TempDir
    Path tmp;

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String add(RpcTestNode n, String text) throws Exception {
        return RpcTestNode.json(n.postMultipart("add", "pin=false",
                new RpcTestNode.Multipart().file("f", text.getBytes(StandardCharsets.UTF_8)).build()))
                .path("Hash").asText();
    }

    private static JsonNode replicas(RpcTestNode n) throws Exception {
        return RpcTestNode.json(n.post("pin/replicas", "")).path("Pins");
    }

    @Test
    void aPolicyPinCarriesItsNameThroughAddRepinUpdateAndRemove() throws Exception {
        Path dir = tmp.resolve("n");
        String cid;
        String to;
        try (RpcTestNode n = RpcTestNode.start(dir, MultipartLimits.defaults(),
                c -> c.set("Pinning", RepoConfig.parseValue(POLICY, true)))) {
            cid = add(n, "a site");
            to = add(n, "the site, updated");
            var added = n.post("pin/add", "arg=" + cid + "&policy=important&name=" + q("my site ✓"));
            assertThat(added.statusCode()).as(RpcTestNode.text(added)).isEqualTo(200);
            JsonNode pin = replicas(n).get(0);
            assertThat(pin.path("Cid").asText()).isEqualTo(cid);
            assertThat(pin.path("Name").asText()).isEqualTo("my site ✓");
            assertThat(RpcTestNode.json(n.post("pin/ls", "arg=" + cid + "&names=true")).path("Keys").path(cid)
                    .path("Name").asText()).isEqualTo("my site ✓");
            assertThat(RpcTestNode.json(n.post("pin/ls", "type=recursive&name=site")).path("Keys").has(cid)).isTrue();

            var tooLong = n.post("pin/add", "arg=" + cid + "&policy=important&name=" + "x".repeat(256));
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(tooLong).path("Message").asText())
                    .isEqualTo("pin name is 256 bytes (max 255 bytes)");
            assertThat(replicas(n).get(0).path("Name").asText()).isEqualTo("my site ✓");

            // a plain re-pin renames the local pin, and the policy pin follows
            assertThat(n.post("pin/add", "arg=" + cid + "&name=renamed").statusCode()).isEqualTo(200);
            assertThat(replicas(n).get(0).path("Name").asText()).isEqualTo("renamed");
            assertThat(replicas(n).get(0).path("Policy").asText()).isEqualTo("important");
        }
        try (RpcTestNode n = RpcTestNode.restart(dir)) { // kept in the repository
            assertThat(replicas(n).get(0).path("Name").asText()).isEqualTo("renamed");
            PolicyPin kept = n.node.pinning().replicator().get(Cid.parse(cid)).orElseThrow();
            assertThat(kept.name()).isEqualTo("renamed");

            // pinned again under the policy without a name: unnamed, as a local pin
            assertThat(n.post("pin/add", "arg=" + cid + "&policy=important").statusCode()).isEqualTo(200);
            assertThat(replicas(n).get(0).path("Name").asText()).isEmpty();
            assertThat(n.post("pin/add", "arg=" + cid + "&policy=important&name=site").statusCode()).isEqualTo(200);

            // pin update: TO takes the local name; FROM leaves its policy, name and all (as pin rm)
            assertThat(n.post("pin/update", "arg=" + cid + "&arg=" + to).statusCode()).isEqualTo(200);
            assertThat(replicas(n)).isEmpty();
            assertThat(RpcTestNode.json(n.post("pin/ls", "arg=" + to + "&names=true")).path("Keys").path(to)
                    .path("Name").asText()).isEqualTo("site");

            assertThat(n.post("pin/add", "arg=" + to + "&policy=important&name=again").statusCode()).isEqualTo(200);
            assertThat(replicas(n).get(0).path("Name").asText()).isEqualTo("again");
            assertThat(n.post("pin/rm", "arg=" + to).statusCode()).isEqualTo(200);
            assertThat(replicas(n)).isEmpty();
            assertThat(n.post("pin/add", "arg=" + to + "&policy=important").statusCode()).isEqualTo(200);
            assertThat(replicas(n).get(0).path("Name").asText()).isEmpty(); // the old name left with the pin
        }
    }
}
