package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.dag.unixfs.UnixTime;
import dev.ferry.dag.unixfs.UnixfsMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RPC {@code add} with metadata: parts' own values in their field names, query options, and bad input. */
class AddRpcMetadataTest {
    @TempDir
    Path tmp;

    RpcTestNode n;

    @BeforeEach
    void start() throws Exception {
        n = RpcTestNode.start(tmp.resolve("repo"));
    }

    @AfterEach
    void stop() throws Exception {
        n.close();
    }

    private static byte[] empty() {
        return new byte[0];
    }

    @Test
    void fieldNameQueriesAreReadAsKuboRpcClientWritesThem() throws Exception {
        assertThat(PartMetadata.of("file")).isNull();
        assertThat(PartMetadata.of("file-3?unknown=1")).isNull();
        assertThat(PartMetadata.of("file?mode=0644&mtime=1600000000&mtime-nsecs=5"))
                .isEqualTo(new UnixfsMetadata(0644L, new UnixTime(1_600_000_000L, 5)));
        assertThat(PartMetadata.of("dir-2?mode=0700")).isEqualTo(new UnixfsMetadata(0700L, null));
        assertThat(PartMetadata.of("file?mtime=-5&mtime-nsecs=0")).isEqualTo(new UnixfsMetadata(null,
                new UnixTime(-5, null)));
        // a part's mtime of 0 is the epoch (a real time), its mode 0 stores no mode
        assertThat(PartMetadata.of("file?mtime=0")).isEqualTo(new UnixfsMetadata(null, new UnixTime(0, null)));
        assertThat(PartMetadata.of("file?mode=0&mode=0755").mode()).isZero();
        for (String bad : List.of("file?mode=9", "file?mode=10000", "file?mode=", "file?mtime=abc",
                "file?mtime=", "file?mtime-nsecs=5", "file?mtime=1&mtime-nsecs=1000000000",
                "file?mtime=1&mtime-nsecs=-1", "file?mode=%zz")) {
            assertThatThrownBy(() -> PartMetadata.of(bad)).as(bad).isInstanceOf(MultipartException.class)
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void aPartsOwnModeGivesKubosCid() throws Exception {
        // Kubo's CID of an empty file with mode 0764 (ipfs/kubo test/sharness/t0047-add-mode-mtime.sh)
        var res = n.postMultipart("add", "",
                new RpcTestNode.Multipart().part("file?mode=0764", "test.txt", "application/octet-stream", empty())
                        .build());
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode line = RpcTestNode.ndjson(res).getFirst();
        assertThat(line.get("Hash").asText()).isEqualTo("QmchD3BN8TQ3RW6jPLxSaNkqvfuj7syKhzTRmL4EpyY1Nz");
        res = n.postMultipart("add", "mode=764&mtime=1603539720&mtime-nsecs=54321",
                new RpcTestNode.Multipart().file("test.txt", empty()).build());
        assertThat(RpcTestNode.ndjson(res).getFirst().get("Hash").asText())
                .isEqualTo("QmUkxrtBA8tPjwCYz1HrsoRfDz6NgKut3asVeHVQNH4C8L");
    }

    @Test
    void badMetadataIsA400WithAClearMessage() throws Exception {
        byte[] plain = new RpcTestNode.Multipart().file("f", "x".getBytes(StandardCharsets.UTF_8)).build();
        assertBad(n.postMultipart("add", "mode=0x1ff", plain), "octal");
        assertBad(n.postMultipart("add", "mode=20000", plain), "above 7777");
        assertBad(n.postMultipart("add", "mtime=abc", plain), "mtime");
        assertBad(n.postMultipart("add", "mtime-nsecs=5", plain),
                "option \\\"mtime-nsecs\\\" requires \\\"mtime\\\" to be provided as well");
        assertBad(n.postMultipart("add", "mtime=5&mtime-nsecs=1000000000", plain), "0..999999999");
        assertBad(n.postMultipart("add", "raw-leaves=true&preserve-mtime=true", plain),
                "raw-leaves can't be used with UnixFS metadata like mode or modification time");
        assertBad(n.postMultipart("add", "nocopy=true", plain), "filestore is not enabled");
        assertBad(n.postMultipart("add", "fscache=true", plain), "not supported");
        assertBad(n.postMultipart("add", "inline=true&inline-limit=-1", plain), "must not be negative");
        assertBad(n.postMultipart("add", "inline=true&inline-limit=x", plain), "must be a number");
        assertBad(n.postMultipart("add", "", new RpcTestNode.Multipart()
                .part("file?mode=rw", "f", "application/octet-stream", empty()).build()), "octal");
    }

    @Test
    void aLaterBadPartFailsTheAdd() throws Exception {
        byte[] body = new RpcTestNode.Multipart()
                .dir("d")
                .part("file?mtime=soon", "d/f", "application/octet-stream", empty())
                .build();
        var res = n.postMultipart("add", "", body);
        String text = RpcTestNode.text(res) + res.headers().map();
        assertThat(text).contains("mtime must be an integer");
        assertThat(text).doesNotContain("\"Hash\"");
    }

    private static void assertBad(java.net.http.HttpResponse<byte[]> res, String message) {
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(400);
        assertThat(RpcTestNode.text(res)).contains(message);
    }
}
