package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.store.MemoryBlockstore;
import dev.ferry.testing.NodeJs;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm kubo-rpc-client 7 drives ferry's MFS through {@code files/*}: it parses every answer, and files written through
 * it have the CIDs that ipfs-unixfs-importer gives the same bytes with {@code ipfs add}'s defaults.
 */
@Tag("interop")
@Timeout(180)
class KuboRpcFilesInteropTest {
    @TempDir
    Path tmp;

    @Test
    void kuboRpcClientDrivesTheMfs() throws Exception {
        byte[] big = new byte[600_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ((i * 31 + 7) % 251);
        }
        String ferryBig = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefaults())
                .importStream(new ByteArrayInputStream(big), "big").cid().toString();
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(150), new byte[0],
                    "rpc/files-client.mjs", "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0"));

            assertThat(out.get("rootBefore").asText()).isEqualTo("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
            assertThat(out.get("hello").asText()).isEqualTo("hello MFS");
            assertThat(out.get("helloPart").asText()).isEqualTo("llo");
            JsonNode st = out.get("bigStat");
            assertThat(st.get("cid").asText()).isEqualTo(ferryBig).isEqualTo(out.get("bigJs").asText());
            assertThat(st.get("size").asLong()).isEqualTo(600_000);
            assertThat(st.get("blocks").asInt()).isEqualTo(3);
            assertThat(st.get("type").asText()).isEqualTo("file");
            assertThat(st.get("cumulativeSize").asLong()).isGreaterThan(600_000);
            assertThat(out.get("bigV1").asText()).startsWith("bafybei").isEqualTo(out.get("bigV1Js").asText());
            assertThat(out.get("local").asBoolean()).isTrue();

            assertThat(out.get("moved").asText()).isEqualTo("added through the client");
            List<String> ls = new ArrayList<>();
            out.get("ls").forEach(e -> ls.add(e.get("name").asText() + ":" + e.get("type").asText() + ":"
                    + e.get("size").asLong()));
            assertThat(ls).containsExactly("big.bin:file:600000", "hello.txt:file:9", "moved:file:24");
            assertThat(out.get("ls").get(2).get("cid").asText()).isEqualTo(out.get("addedCid").asText());

            assertThat(out.get("toFilesStat").asText()).isEqualTo(out.get("toFilesCid").asText());
            assertThat(out.get("errWriteMissing").asText()).contains("does not exist");
            assertThat(out.get("errRmDir").asText()).contains("use -r to remove directories");
            assertThat(out.get("lsAfterRm").toString()).isEqualTo("[\"big.bin\",\"moved\"]");
            assertThat(out.get("lsRoot").toString()).isEqualTo("[\"v1\"]");
            assertThat(out.get("flushed").asText()).isEqualTo(out.get("rootAfter").asText())
                    .isEqualTo(n.node.files().root().toString());
        }
    }

    /** files/chmod and files/touch as Kubo's HTTP API takes them; kubo-rpc-client's files.stat parses their result. */
    @Test
    void kuboRpcClientReadsTheMetadata() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("meta"))) {
            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(150), new byte[0],
                    "rpc/files-metadata-client.mjs", "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0"));

            assertThat(out.get("plain").get("mode").isNull()).isTrue();
            assertThat(out.get("plain").get("mtime").isNull()).isTrue();
            assertThat(out.get("chmod").get("status").asInt()).isEqualTo(200);
            assertThat(out.get("chmod").get("body").asText()).isEmpty();
            assertThat(out.get("touch").get("status").asInt()).isEqualTo(200);
            JsonNode file = out.get("file");
            assertThat(file.get("type").asText()).isEqualTo("file");
            assertThat(file.get("mode").asInt()).isEqualTo(0640);
            assertThat(file.get("mtime").get("secs").asLong()).isEqualTo(1630937926L);
            assertThat(file.get("mtime").get("nsecs").asInt()).isEqualTo(500);
            // Kubo's Mode is Go's os.FileMode: a directory's has Go's directory bit, and the client parses it so
            assertThat(out.get("dir").get("mode").asLong()).isEqualTo((1L << 31) | 0755);
            assertThat(out.get("dir").get("mtime").isNull()).isTrue();

            assertThat(out.get("moved").get("cid").asText()).isEqualTo(file.get("cid").asText());
            JsonNode written = out.get("written");
            assertThat(written.get("mode").asInt()).isEqualTo(0640);
            assertThat(out.get("writtenAfter").asBoolean()).isTrue();
            assertThat(out.get("read").asText()).isEqualTo("WITH metadata");

            assertThat(out.get("badMode").get("status").asInt()).isEqualTo(400);
            assertThat(out.get("badMode").get("body").asText()).contains("invalid mode");
            assertThat(out.get("missing").get("status").asInt()).isEqualTo(500);
            assertThat(out.get("missing").get("body").asText()).contains("does not exist");
            assertThat(out.get("badNsecs").get("status").asInt()).isEqualTo(400);
        }
    }
}
