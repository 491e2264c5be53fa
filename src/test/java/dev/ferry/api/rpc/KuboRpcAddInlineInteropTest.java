package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.testing.NodeJs;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubo-rpc-client's {@code add} with Kubo's {@code inline} and {@code inline-limit} options
 * (interop/rpc/add-inline-client.mjs): Kubo's CIDs, the inlined content read back with {@code cat}, Kubo's error
 * for a limit above 128.
 */
@Tag("interop")
@Timeout(120)
class KuboRpcAddInlineInteropTest {
    @TempDir
    Path tmp;

    @Test
    void kuboRpcClientAddsInlined() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(90), new byte[0],
                    "rpc/add-inline-client.mjs", "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0"));
            // Kubo's own fixtures (boxo's ipns tests, Kubo's t0046-id-hash)
            assertThat(out.get("helloworld").asText()).isEqualTo("bafyaaeykceeaeeqlnbswy3dpo5xxe3debimaw");
            assertThat(out.get("rawLeaves").asText()).isEqualTo("bafkqaedknncdsodknncdsnzvnbvuioak");
            assertThat(Cid.parse(out.get("limit64").asText()).isIdentity()).isTrue();
            assertThat(out.get("notInlined").asText()).startsWith("Qm");
            Cid a = Cid.parse(out.get("tree").get("d/a").asText());
            Cid b = Cid.parse(out.get("tree").get("d/b").asText());
            assertThat(a.isIdentity()).isTrue();
            assertThat(a.codec()).as("a CIDv1 leaf is raw").isEqualTo(0x55);
            assertThat(b.isIdentity()).isFalse();
            assertThat(Cid.parse(out.get("tree").get("d").asText()).isIdentity()).isFalse();
            assertThat(out.get("catHello").asText()).isEqualTo("helloworld\n");
            assertThat(out.get("catTree").asText()).isEqualTo("a");
            assertThat(out.get("errTooLarge").asText())
                    .isEqualTo("inline-limit 129 exceeds maximum allowed size of 128 bytes");
        }
    }
}
