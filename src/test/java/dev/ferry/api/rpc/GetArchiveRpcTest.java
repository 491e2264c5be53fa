package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** RPC {@code get} with Kubo's archive, compress and compression-level options. */
@Timeout(120)
class GetArchiveRpcTest {
    @TempDir
    static Path tmp;
    static RpcTestNode n;
    static byte[] big;
    static String root;

    @BeforeAll
    static void start() throws Exception {
        n = RpcTestNode.start(tmp.resolve("repo"));
        big = new byte[900_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ("0123456789abcdef".charAt((i / 3 + i % 5) % 16));
        }
        var res = n.postMultipart("add", "", new RpcTestNode.Multipart().dir("d")
                .file("d/a.txt", "hello archive".getBytes(StandardCharsets.UTF_8)).file("d/sub/big.bin", big).build());
        assertThat(res.statusCode()).isEqualTo(200);
        root = RpcTestNode.ndjson(res).getLast().get("Hash").asText();
    }

    @AfterAll
    static void stop() {
        n.close();
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** Unpacks with the system's tar. */
    static Path untar(byte[] archive, boolean gzip) throws Exception {
        Path file = Files.createTempFile(tmp, "get", gzip ? ".tar.gz" : ".tar");
        Files.write(file, archive);
        Path dir = Files.createTempDirectory(tmp, "x");
        Process p = new ProcessBuilder("tar", gzip ? "-xzf" : "-xf", file.toString(), "-C", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return dir;
    }

    @Test
    void archiveAndCompressGiveAGzippedTar() throws Exception {
        var plain = n.post("get", "arg=" + root);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("application/x-tar");
        assertThat(n.post("get", "arg=" + root + "&archive=true").body()).isEqualTo(plain.body());

        var tgz = n.post("get", "arg=" + root + "&archive=true&compress=true&compression-level=9");
        assertThat(tgz.statusCode()).as(RpcTestNode.text(tgz)).isEqualTo(200);
        assertThat(tgz.headers().firstValue("Content-Type")).hasValue("application/gzip");
        assertThat(tgz.headers().firstValue("X-Content-Length")).hasValue(Long.toString(big.length + 13));
        assertThat(gunzip(tgz.body())).isEqualTo(plain.body());
        assertThat(tgz.body().length).isLessThan(plain.body().length / 4);
        Path out = untar(tgz.body(), true).resolve(root);
        assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("hello archive");
        assertThat(Files.readAllBytes(out.resolve("sub/big.bin"))).isEqualTo(big);

        // level 1 deflates less than 9; the default is 6
        byte[] fast = n.post("get", "arg=" + root + "&archive=true&compress=true&compression-level=1").body();
        assertThat(gunzip(fast)).isEqualTo(plain.body());
        assertThat(fast.length).isGreaterThan(tgz.body().length);
        assertThat(n.post("get", "arg=" + root + "&archive=true&compress=true").body())
                .isEqualTo(n.post("get", "arg=" + root + "&archive=true&compress=true&compression-level=6").body());
    }

    @Test
    void compressWithoutArchiveGzipsTheFileItself() throws Exception {
        var gz = n.post("get", "arg=" + root + "/sub/big.bin&compress=true");
        assertThat(gz.statusCode()).as(RpcTestNode.text(gz)).isEqualTo(200);
        assertThat(gz.headers().firstValue("X-Content-Length")).hasValue(Integer.toString(big.length));
        assertThat(gunzip(gz.body())).isEqualTo(big);
        // with archive the file is a tar entry named after the path's last name
        var tgz = n.post("get", "arg=/ipfs/" + root + "/sub/big.bin&compress=true&archive=true");
        assertThat(Files.readAllBytes(untar(tgz.body(), true).resolve("big.bin"))).isEqualTo(big);
    }

    @Test
    void kuboRpcClientsSpellingOfTheLevelIsTaken() throws Exception {
        var gz = n.post("get", "arg=" + root + "/a.txt&compress=true&compressionLevel=2");
        assertThat(gz.statusCode()).isEqualTo(200);
        assertThat(gunzip(gz.body())).isEqualTo("hello archive".getBytes(StandardCharsets.UTF_8));
        assertThat(n.post("get", "arg=" + root + "/a.txt&compress=true&compressionLevel=0").statusCode())
                .isEqualTo(400);
    }

    @Test
    void badInputIsRefusedBeforeAnyByte() throws Exception {
        for (String level : new String[] {"0", "10", "-1"}) {
            var res = n.post("get", "arg=" + root + "&archive=true&compress=true&compression-level=" + level);
            assertThat(res.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(res).get("Message").asText())
                    .isEqualTo("compression level must be between 1 and 9");
        }
        assertThat(n.post("get", "arg=" + root + "&compress=true&compression-level=x").statusCode()).isEqualTo(400);
        // without compress a level is not looked at, as in Kubo
        var ignored = n.post("get", "arg=" + root + "&compression-level=10");
        assertThat(ignored.statusCode()).isEqualTo(200);
        assertThat(ignored.body()).isEqualTo(n.post("get", "arg=" + root).body());

        var dir = n.post("get", "arg=" + root + "&compress=true");
        assertThat(dir.statusCode()).isEqualTo(400);
        assertThat(RpcTestNode.json(dir).get("Message").asText()).isEqualTo("file is not regular");

        String missing = "bafkreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        var gone = n.post("get", "arg=" + missing + "&compress=true&archive=true&timeout=200ms");
        assertThat(gone.statusCode()).isNotEqualTo(200);
        assertThat(RpcTestNode.json(gone).has("Message")).isTrue();
    }
}
