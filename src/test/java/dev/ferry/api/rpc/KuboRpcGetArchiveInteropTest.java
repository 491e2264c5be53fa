package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.NodeJs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm kubo-rpc-client 7 calls ferry's {@code get} with {@code archive}, {@code compress} and {@code compressionLevel}:
 * node:zlib gunzips what comes back and it-tar reads the entries, whose bodies are the bytes added.
 */
@Tag("interop")
@Timeout(180)
class KuboRpcGetArchiveInteropTest {
    @TempDir
    Path tmp;

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void kuboRpcClientGunzipsAndReadsTheArchive() throws Exception {
        byte[] big = new byte[800_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ("archive me ".charAt((i + i / 5003) % 11));
        }
        byte[] small = "hello archive".getBytes(StandardCharsets.UTF_8);
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            var res = n.postMultipart("add", "", new RpcTestNode.Multipart().dir("d").file("d/a.txt", small)
                    .file("d/sub/big.bin", big).build());
            assertThat(res.statusCode()).isEqualTo(200);
            List<JsonNode> added = RpcTestNode.ndjson(res);
            String dir = added.getLast().get("Hash").asText();
            String file = added.stream().filter(j -> j.get("Name").asText().equals("d/sub/big.bin")).findFirst()
                    .orElseThrow().get("Hash").asText();

            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(150), new byte[0],
                    "rpc/get-archive-client.mjs", "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0",
                    dir, file));

            assertThat(out.get("gzipMagic").asText()).isEqualTo("1f8b");
            List<String> entries = new ArrayList<>();
            out.get("entries").forEach(e -> entries.add(e.get("name").asText() + ":" + e.get("type").asText() + ":"
                    + e.get("size").asLong()));
            assertThat(entries).containsExactly(dir + ":directory:0", dir + "/a.txt:file:" + small.length,
                    dir + "/sub:directory:0", dir + "/sub/big.bin:file:" + big.length);
            assertThat(out.get("entries").get(1).get("sha256").asText()).isEqualTo(sha256(small));
            assertThat(out.get("entries").get(3).get("sha256").asText()).isEqualTo(sha256(big));
            assertThat(out.get("plainEntries")).isEqualTo(out.get("entries"));
            assertThat(out.get("gunzippedIsThePlainTar").asBoolean()).isTrue();
            assertThat(out.get("compressedSmaller").asBoolean()).isTrue();

            assertThat(out.get("fileSha256").asText()).isEqualTo(sha256(big));
            assertThat(out.get("fileEntries")).hasSize(1);
            assertThat(out.get("fileEntries").get(0).get("name").asText()).isEqualTo(file);
            assertThat(out.get("fileEntries").get(0).get("sha256").asText()).isEqualTo(sha256(big));

            assertThat(out.get("errDirectory").asText()).contains("file is not regular");
            assertThat(out.get("errLevel").asText()).contains("compression level must be between 1 and 9");
        }
    }
}
