package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.ImportedEntry;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.MemoryBlockstore;
import dev.ferry.store.PinType;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class AddRpcTest {
    @TempDir
    static Path tmp;
    static RpcTestNode n;

    @BeforeAll
    static void start() throws Exception {
        n = RpcTestNode.start(tmp.resolve("repo"), MultipartLimits.defaults().withMaxParts(50));
    }

    @AfterAll
    static void stop() {
        n.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void unnamedFileGetsKubosCidAndIsNamedByIt() throws Exception {
        var res = n.postMultipart("add", "", new RpcTestNode.Multipart().file("", utf8("hello world\n")).build());
        assertThat(res.statusCode()).isEqualTo(200);
        List<JsonNode> lines = RpcTestNode.ndjson(res);
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst().get("Hash").asText()).isEqualTo("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
        assertThat(lines.getFirst().get("Name").asText()).isEqualTo("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
        assertThat(lines.getFirst().get("Size").isTextual()).isTrue();
        assertThat(lines.getFirst().get("Size").asText()).isEqualTo("20");
        Cid cid = Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
        assertThat(n.node.repo().pins().isPinned(cid, PinType.RECURSIVE)).isTrue();
        assertThat(n.node.addTimes().addedAt(cid)).as("recorded for the router's content classes").isPresent();
    }

    @Test
    void cidVersionOneUsesRawLeaves() throws Exception {
        var res = n.postMultipart("add", "cid-version=1&pin=false",
                new RpcTestNode.Multipart().file("f", utf8("hello world\n")).build());
        JsonNode line = RpcTestNode.ndjson(res).getFirst();
        assertThat(line.get("Hash").asText()).isEqualTo("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        assertThat(line.get("Name").asText()).isEqualTo("f");
        assertThat(n.node.repo().pins().pinType(Cid.parse(line.get("Hash").asText()))).isEmpty();
    }

    @Test
    void directoryMatchesKuboAndTheLocalImporter(@TempDir Path tree) throws Exception {
        byte[] body = new RpcTestNode.Multipart()
                .dir("t")
                .file("t/hey", utf8("Hey\n"))
                .dir("t/hello")
                .file("t/hello/world", utf8("World\n"))
                .build();
        var res = n.postMultipart("add", "", body);
        assertThat(res.statusCode()).isEqualTo(200);
        List<JsonNode> lines = RpcTestNode.ndjson(res);
        assertThat(lines.stream().map(l -> l.get("Name").asText()))
                .containsExactly("t/hey", "t/hello/world", "t/hello", "t");
        assertThat(lines.getLast().get("Hash").asText()).isEqualTo("QmZQWnfcqJ6hNkkPvrY9Q5X39GP3jUnUbAV4AbmbbR3Cb1");

        Path t = tree.resolve("t");
        Files.createDirectories(t.resolve("hello"));
        Files.writeString(t.resolve("hey"), "Hey\n");
        Files.writeString(t.resolve("hello/world"), "World\n");
        ImportedEntry local = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefaults()).importPath(t);
        assertThat(lines.getLast().get("Hash").asText()).isEqualTo(local.cid().toString());
    }

    @Test
    void impliedDirectoriesWrapAndQuieter() throws Exception {
        byte[] body = new RpcTestNode.Multipart()
                .file("a/b/c.txt", utf8("c"))
                .file("a/d.txt", utf8("d"))
                .build();
        var res = n.postMultipart("add", "wrap-with-directory=true&quieter=true", body);
        List<JsonNode> lines = RpcTestNode.ndjson(res);
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst().get("Name").asText()).isEmpty();
        var ls = RpcTestNode.json(n.post("ls", "arg=" + lines.getFirst().get("Hash").asText()));
        assertThat(ls.get("Objects").get(0).get("Links").get(0).get("Name").asText()).isEqualTo("a");
    }

    @Test
    void onlyHashStoresNothing() throws Exception {
        byte[] data = utf8("only hash " + System.nanoTime());
        var res = n.postMultipart("add", "only-hash=true", new RpcTestNode.Multipart().file("x", data).build());
        Cid cid = Cid.parse(RpcTestNode.ndjson(res).getFirst().get("Hash").asText());
        assertThat(n.node.repo().blocks().has(cid)).isFalse();
        assertThat(n.node.repo().pins().pinType(cid)).isEmpty();
        assertThat(n.node.addTimes().addedAt(cid)).isEmpty();
    }

    @Test
    void progressEventsPrecedeTheResult() throws Exception {
        byte[] data = new byte[300_000];
        var res = n.postMultipart("add", "progress=true&chunker=size-65536",
                new RpcTestNode.Multipart().file("big", data).build());
        List<JsonNode> lines = RpcTestNode.ndjson(res);
        List<JsonNode> progress = lines.stream().filter(l -> l.has("Bytes")).toList();
        assertThat(progress).isNotEmpty();
        assertThat(progress.getLast().get("Bytes").asLong()).isEqualTo(300_000);
        assertThat(progress.getFirst().get("Name").asText()).isEqualTo("big");
        assertThat(lines.getLast().has("Hash")).isTrue();
        assertThat(lines.indexOf(progress.getLast())).isLessThan(lines.size() - 1);
    }

    @Test
    void largeUploadIsStreamed() throws Exception {
        // 174 chunks of zeros: Kubo's one-level balanced tree (SPECS.md known answer); streamed, not buffered
        long size = 45_613_056L;
        InputStream body = new java.io.SequenceInputStream(java.util.Collections.enumeration(List.of(
                new java.io.ByteArrayInputStream(utf8("--" + RpcTestNode.BOUNDARY
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")),
                new ZeroStream(size),
                new java.io.ByteArrayInputStream(utf8("\r\n--" + RpcTestNode.BOUNDARY + "--\r\n")))));
        var res = n.send(HttpRequest.newBuilder(n.uri("add", "only-hash=true"))
                .header("Content-Type", "multipart/form-data; boundary=" + RpcTestNode.BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(RpcTestNode.ndjson(res).getLast().get("Hash").asText())
                .isEqualTo("QmY4HSz1oVGdUzb8poVYPLsoqBZjH6LZrtgnme9wWn2Qko");
    }

    /** {@code size} zero bytes without holding them. */
    static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long size) {
            left = size;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int k = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + k, (byte) 0);
            left -= k;
            return k;
        }
    }

    /** {@code chunker=} takes Kubo's rabin and buzhash; without it, the config's Import.UnixFSChunker applies. */
    @Test
    void contentDefinedChunkers() throws Exception {
        byte[] data = new byte[3_000_000];
        new java.util.Random(9).nextBytes(data);
        java.util.Set<String> roots = new java.util.HashSet<>();
        for (String spec : List.of("rabin", "rabin-65536-131072-262144", "buzhash", "size-262144")) {
            var res = n.postMultipart("add", "pin=false&chunker=" + spec,
                    new RpcTestNode.Multipart().file("f", data).build());
            assertThat(res.statusCode()).isEqualTo(200);
            String expected = new UnixfsImporter(null, ImportOptions.kuboDefaults().withOnlyHash(true).withChunker(spec))
                    .importStream(new java.io.ByteArrayInputStream(data), "f").cid().toString();
            assertThat(RpcTestNode.ndjson(res).getLast().get("Hash").asText()).as(spec).isEqualTo(expected);
            roots.add(expected);
        }
        assertThat(roots).hasSize(4);
        String buzhash = new UnixfsImporter(null, ImportOptions.kuboDefaults().withOnlyHash(true)
                .withChunker("buzhash")).importStream(new java.io.ByteArrayInputStream(data), "f").cid().toString();
        assertThat(n.post("config", "arg=Import.UnixFSChunker&arg=buzhash").statusCode()).isEqualTo(200);
        try {
            var res = n.postMultipart("add", "pin=false", new RpcTestNode.Multipart().file("f", data).build());
            assertThat(RpcTestNode.ndjson(res).getLast().get("Hash").asText()).isEqualTo(buzhash);
        } finally {
            assertThat(n.post("config", "arg=Import.UnixFSChunker&arg=size-262144").statusCode()).isEqualTo(200);
        }
        var bad = n.postMultipart("add", "chunker=rabin-12-512-1024",
                new RpcTestNode.Multipart().file("", utf8("x")).build());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(RpcTestNode.json(bad).get("Message").asText()).isEqualTo("rabin min must be greater than 16");
        var tooBig = n.postMultipart("add", "chunker=rabin-100-200-2000000",
                new RpcTestNode.Multipart().file("", utf8("x")).build());
        assertThat(RpcTestNode.json(tooBig).get("Message").asText())
                .isEqualTo("chunker parameters may not exceed the maximum chunk size of 1048576");
    }

    @Test
    void badInputIsA400AndTheServerKeepsServing() throws Exception {
        // not multipart
        var r1 = n.send(HttpRequest.newBuilder(n.uri("add", "")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build());
        assertThat(r1.statusCode()).isEqualTo(400);
        assertThat(RpcTestNode.json(r1).get("Type").asText()).isEqualTo("error");
        // multipart without a single boundary
        var r2 = n.postMultipart("add", "", utf8("garbage without boundaries"));
        assertThat(r2.statusCode()).isEqualTo(400);
        // a part header line far beyond the limit
        String huge = "--" + RpcTestNode.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + "a".repeat(20_000) + "\"\r\n\r\nx\r\n--" + RpcTestNode.BOUNDARY + "--\r\n";
        var r3 = n.postMultipart("add", "", utf8(huge));
        assertThat(r3.statusCode()).isEqualTo(400);
        // bad option values
        assertThat(n.postMultipart("add", "cid-version=7", new RpcTestNode.Multipart().file("", utf8("x")).build())
                .statusCode()).isEqualTo(400);
        assertThat(n.postMultipart("add", "chunker=fixed", new RpcTestNode.Multipart().file("", utf8("x")).build())
                .statusCode()).isEqualTo(400);
        assertThat(n.postMultipart("add", "pin=maybe", new RpcTestNode.Multipart().file("", utf8("x")).build())
                .statusCode()).isEqualTo(400);
        assertThat(n.postMultipart("add", "no-such-option=1", new RpcTestNode.Multipart().file("", utf8("x")).build())
                .statusCode()).isEqualTo(400);
        // a clean add still works
        var ok = n.postMultipart("add", "", new RpcTestNode.Multipart().file("", utf8("hello world\n")).build());
        assertThat(ok.statusCode()).isEqualTo(200);
    }

    @Test
    void tooManyPartsIsRefused() throws Exception {
        RpcTestNode.Multipart m = new RpcTestNode.Multipart();
        for (int i = 0; i < 60; i++) {
            m.file("d/f" + i, utf8("file " + i));
        }
        HttpResponse<byte[]> res = n.postMultipart("add", "", m.build());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(RpcTestNode.json(res).get("Message").asText()).contains("too many parts");
        assertThat(n.post("id", "").statusCode()).isEqualTo(200);
    }

    @Test
    void pathsThatEscapeAreRefused() throws Exception {
        var res = n.postMultipart("add", "", new RpcTestNode.Multipart().file("../evil", utf8("x")).build());
        assertThat(res.statusCode()).isEqualTo(400);
        var clash = n.postMultipart("add", "", new RpcTestNode.Multipart().file("a", utf8("x")).file("a/b", utf8("y")).build());
        assertThat(clash.statusCode()).isEqualTo(400);
    }
}
