package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Multibase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kubo's {@code multibase/*} over HTTP: the file as a multipart part, the answer as plain bytes. */
@Timeout(60)
class MultibaseRpcTest {
    @TempDir
    Path tmp;

    private static byte[] file(byte[] content) {
        return new RpcTestNode.Multipart().file("file", content).build();
    }

    private static byte[] file(String content) {
        return file(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void encodeDecodeTranscodeAndList() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            HttpResponse<byte[]> enc = n.postMultipart("multibase/encode", "", file("hello"));
            assertThat(enc.statusCode()).isEqualTo(200);
            assertThat(enc.headers().firstValue("Content-Type")).hasValue("text/plain");
            assertThat(RpcTestNode.text(enc)).isEqualTo("uaGVsbG8");
            assertThat(RpcTestNode.text(n.postMultipart("multibase/encode", "b=base16", file("hello"))))
                    .isEqualTo("f68656c6c6f");
            assertThat(RpcTestNode.text(n.postMultipart("multibase/decode", "", file("uaGVsbG8")))).isEqualTo("hello");
            assertThat(RpcTestNode.text(n.postMultipart("multibase/transcode", "b=base16", file("uaGVsbG8"))))
                    .isEqualTo("f68656c6c6f");
            assertThat(RpcTestNode.text(n.postMultipart("multibase/transcode", "", file("f68656c6c6f"))))
                    .isEqualTo("uaGVsbG8");

            byte[] data = new byte[100];
            new Random(4).nextBytes(data);
            for (Multibase base : Multibase.values()) {
                HttpResponse<byte[]> e = n.postMultipart("multibase/encode", "b=" + base.baseName(), file(data));
                assertThat(e.body()).as(base.baseName()).isEqualTo(base.encodeToBytes(data));
                assertThat(n.postMultipart("multibase/decode", "", file(e.body())).body()).isEqualTo(data);
            }

            JsonNode list = RpcTestNode.json(n.post("multibase/list", "prefix=true&numeric=true"));
            assertThat(list).hasSize(Multibase.values().length);
            assertThat(list.get(0).toString()).isEqualTo("{\"Code\":0,\"Name\":\"identity\"}");
            assertThat(list.get(1).toString()).isEqualTo("{\"Code\":48,\"Name\":\"base2\"}");
            assertThat(list.get(19).toString()).isEqualTo("{\"Code\":90,\"Name\":\"base58flickr\"}");
            assertThat(list.get(20).toString()).isEqualTo("{\"Code\":128640,\"Name\":\"base256emoji\"}");
        }
    }

    @Test
    void badInputIsKubosError() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            HttpResponse<byte[]> bad = n.postMultipart("multibase/decode", "", file("f6c6f6cz"));
            assertThat(bad.statusCode()).isEqualTo(500);
            assertThat(RpcTestNode.json(bad).get("Message").asText())
                    .isEqualTo("failed to decode multibase: invalid base16 character at 6");
            HttpResponse<byte[]> base = n.postMultipart("multibase/encode", "b=nope", file("x"));
            assertThat(base.statusCode()).isEqualTo(500);
            assertThat(RpcTestNode.json(base).get("Message").asText()).isEqualTo("Unsupported multibase encoding: nope");
            HttpResponse<byte[]> none = n.postMultipart("multibase/encode", "",
                    new RpcTestNode.Multipart().dir("d").build());
            assertThat(none.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(none).get("Message").asText()).isEqualTo("file argument 'file' is required");
            assertThat(n.post("multibase/decode", "").statusCode()).isEqualTo(400); // not multipart
            HttpResponse<byte[]> big = n.postMultipart("multibase/encode", "",
                    file(new byte[MultibaseRpc.MAX_INPUT + 1]));
            assertThat(big.statusCode()).isEqualTo(400);
        }
    }
}
