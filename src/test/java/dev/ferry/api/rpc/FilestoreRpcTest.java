package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code add?nocopy=true} with Kubo's Abspath part header, and {@code filestore/ls|verify|dups} in Kubo's JSON. */
class FilestoreRpcTest {
    @TempDir
    Path tmp;

    /** One file part as Kubo's CLI sends it with --nocopy: its absolute path in the Abspath header. */
    private static byte[] body(String name, String absPath, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + RpcTestNode.BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + (absPath == null ? "" : "Abspath: " + absPath + "\r\n") + "\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + RpcTestNode.BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void nocopyAddAndKubosFilestoreJson() throws Exception {
        byte[] content = "filestore content\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(tmp.resolve("f.txt"), content);
        Cid leaf = Cid.of(1, Multicodec.RAW.code(), content);
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"), MultipartLimits.defaults(),
                c -> c.set("Experimental.FilestoreEnabled", BooleanNode.TRUE))) {
            HttpResponse<byte[]> add = n.postMultipart("add", "nocopy=true&cid-version=1",
                    body("f.txt", file.toString(), content));
            assertThat(add.statusCode()).as(RpcTestNode.text(add)).isEqualTo(200);
            assertThat(RpcTestNode.ndjson(add).getLast().path("Hash").asText()).isEqualTo(leaf.toString());
            assertThat(n.node.repo().fileBlocks().has(leaf)).isFalse(); // not copied

            List<JsonNode> ls = RpcTestNode.ndjson(n.post("filestore/ls", ""));
            assertThat(ls).hasSize(1);
            assertThat(ls.getFirst().toString()).isEqualTo("{\"Status\":0,\"ErrorMsg\":\"\",\"Key\":{\"/\":\"" + leaf
                    + "\"},\"FilePath\":\"f.txt\",\"Offset\":0,\"Size\":" + content.length + "}");
            Files.writeString(file, "filestore CONTENT\n");
            JsonNode changed = RpcTestNode.ndjson(n.post("filestore/verify", "arg=" + leaf + "&file-order=true")).getFirst();
            assertThat(changed.path("Status").asInt()).isEqualTo(12);
            assertThat(changed.path("ErrorMsg").asText()).isEqualTo("data in file did not match. f.txt offset 0");
            JsonNode missing = RpcTestNode.ndjson(n.post("filestore/verify", "arg=bafkqaaa")).getFirst();
            assertThat(missing.path("Status").asInt()).isEqualTo(30);
            JsonNode bad = RpcTestNode.ndjson(n.post("filestore/ls", "arg=nonsense")).getFirst();
            assertThat(bad.path("Status").asInt()).isEqualTo(20);
            assertThat(bad.path("Key").isNull()).isTrue();
            assertThat(RpcTestNode.ndjson(n.post("filestore/dups", ""))).isEmpty();

            // a nocopy part without Abspath cannot be referred to
            HttpResponse<byte[]> noPath = n.postMultipart("add", "nocopy=true", body("g.txt", null, content));
            assertThat(RpcTestNode.text(noPath)).contains("has no Abspath header");
            HttpResponse<byte[]> outside = n.postMultipart("add", "nocopy=true", body("g.txt", "/etc/hostname", content));
            assertThat(RpcTestNode.text(outside)).contains("cannot add filestore references outside ipfs root");
            HttpResponse<byte[]> pbLeaves = n.postMultipart("add", "nocopy=true&raw-leaves=false",
                    body("f.txt", file.toString(), content));
            assertThat(pbLeaves.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.text(pbLeaves)).contains("nocopy option requires '--raw-leaves' to be enabled as well");
        }
    }

    @Test
    void dupsWritesItsCidsUnderCidBaseWhileLsAndVerifyKeepCidObjects() throws Exception {
        byte[] content = "in both stores\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(tmp.resolve("both.txt"), content);
        Cid leaf = Cid.of(1, Multicodec.RAW.code(), content);
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"), MultipartLimits.defaults(),
                c -> c.set("Experimental.FilestoreEnabled", BooleanNode.TRUE))) {
            assertThat(n.postMultipart("add", "nocopy=true&cid-version=1", body("both.txt", file.toString(), content))
                    .statusCode()).isEqualTo(200);
            assertThat(n.postMultipart("add", "raw-leaves=true&cid-version=1",
                    new RpcTestNode.Multipart().file("both.txt", content).build()).statusCode()).isEqualTo(200);
            String b36 = leaf.toString(dev.ferry.multiformats.Multibase.BASE36);

            assertThat(RpcTestNode.ndjson(n.post("filestore/dups", "")).getFirst().path("Ref").asText())
                    .isEqualTo(leaf.toString());
            assertThat(RpcTestNode.ndjson(n.post("filestore/dups", "cid-base=base36")).getFirst().path("Ref").asText())
                    .isEqualTo(b36);
            assertThat(RpcTestNode.ndjson(n.post("filestore/ls", "cid-base=base36")).getFirst().path("Key").path("/")
                    .asText()).isEqualTo(leaf.toString());
            HttpResponse<byte[]> bad = n.post("filestore/dups", "cid-base=base99");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.text(bad)).contains("unsupported multibase encoding: base99");
        }
    }

    @Test
    void refusedWhileTheFilestoreIsOff() throws Exception {
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            HttpResponse<byte[]> add = n.postMultipart("add", "nocopy=true", body("f.txt", file.toString(), new byte[] {'x'}));
            assertThat(add.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.text(add)).contains("filestore is not enabled, see https://git.io/vNItf");
            for (String c : List.of("filestore/ls", "filestore/verify", "filestore/dups")) {
                HttpResponse<byte[]> r = n.post(c, "");
                assertThat(r.statusCode()).as(c).isEqualTo(500);
                assertThat(RpcTestNode.text(r)).contains("filestore is not enabled");
            }
        }
    }
}
