package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multibase;
import dev.ferry.testing.NodeJs;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm kubo-rpc-client 7 passes {@code cidBase} and {@code upgradeCidv0InOutput} as Kubo's query options; ferry's
 * answers in base36 (upgraded to v1) parse in the client and name what ipfs-unixfs-importer makes of the bytes.
 */
@Tag("interop")
@Timeout(120)
class KuboRpcCidBaseInteropTest {
    @TempDir
    Path tmp;

    @Test
    void kuboRpcClientPassesTheOptions() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(90), new byte[0],
                    "rpc/cid-base-client.mjs", "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0"));
            String v0 = out.get("js").asText();
            String v1b36 = out.get("jsV1Base36").asText();
            assertThat(v1b36).isEqualTo(Cid.parse(v0).toV1().toString(Multibase.BASE36));

            assertThat(out.get("plain").get("cid").asText()).isEqualTo(v0);
            assertThat(out.get("based").get("version").asInt()).isEqualTo(1);
            assertThat(out.get("based").get("cid").asText()).isEqualTo(v1b36);
            assertThat(out.get("kept").get("cid").asText()).isEqualTo(v0);
            assertThat(out.get("kept").get("version").asInt()).isZero();
            assertThat(out.get("resolved").asText()).isEqualTo("/ipfs/" + v1b36);
            assertThat(out.get("ls")).hasSize(1);
            assertThat(out.get("ls").get(0).get("name").asText()).isEqualTo("f.txt");
            assertThat(out.get("ls").get(0).get("version").asInt()).isEqualTo(1);
            assertThat(out.get("ls").get(0).get("cid").asText()).isEqualTo(v1b36);
            assertThat(out.get("pins").toString()).contains(v1b36);
            assertThat(out.get("filesStat").get("version").asInt()).isEqualTo(1);
            assertThat(out.get("filesStat").get("cid").asText()).isEqualTo(v1b36);
            assertThat(out.get("errUnknownBase").asText()).contains("unsupported multibase encoding: base99");
        }
    }
}
