package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.routing.ipns.IpnsRecord;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubo's {@code name/put} and {@code name/get}: their arguments, answers and errors. */
class NameRecordsRpcTest {
    @TempDir
    Path dir;

    private static IpnsRecord record(Ed25519PrivateKey key, long seq) {
        return IpnsRecord.create(key, "/ipfs/bafkqaddwgevxmmraojswg33smq".getBytes(StandardCharsets.UTF_8), seq,
                Instant.now().plus(Duration.ofHours(1)), Duration.ofMinutes(5).toNanos(), true);
    }

    private static byte[] body(byte[] record) {
        return new RpcTestNode.Multipart().file("", record).build();
    }

    @Test
    void aRecordPutIsGotAsItsBytesAndBadOnesAreErrors() throws Exception {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
        IpnsRecord four = record(key, 4);
        String name = four.name().toString();
        try (RpcTestNode n = RpcTestNode.start(dir)) {
            HttpResponse<byte[]> none = n.post("name/get", "arg=" + name);
            assertThat(none.statusCode()).isEqualTo(500);
            assertThat(RpcTestNode.json(none).path("Message").asText()).contains("not found");

            HttpResponse<byte[]> offline = n.postMultipart("name/put", "arg=" + name, body(four.bytes()));
            assertThat(RpcTestNode.json(offline).path("Message").asText()).contains("--allow-offline");
            HttpResponse<byte[]> put = n.postMultipart("name/put", "arg=/ipns/" + name + "&allow-offline=true",
                    body(four.bytes()));
            assertThat(put.statusCode()).as(RpcTestNode.text(put)).isEqualTo(200);
            assertThat(RpcTestNode.json(put).path("Name").asText()).isEqualTo(name);
            assertThat(RpcTestNode.json(put).path("Value").asText()).isEqualTo("/ipfs/bafkqaddwgevxmmraojswg33smq");
            assertThat(RpcTestNode.json(put).size()).isEqualTo(2);

            HttpResponse<byte[]> got = n.post("name/get", "arg=" + name);
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.headers().firstValue("Content-Type")).hasValue("application/vnd.ipfs.ipns-record");
            assertThat(got.body()).isEqualTo(four.bytes());

            HttpResponse<byte[]> older = n.postMultipart("name/put", "arg=" + name + "&allow-offline=true",
                    body(record(key, 2).bytes()));
            assertThat(older.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(older).path("Message").asText())
                    .isEqualTo("existing IPNS record has sequence 4 >= new record sequence 2, pass --force to skip "
                            + "this check");
            IpnsRecord two = record(key, 2);
            assertThat(n.postMultipart("name/put", "arg=" + name + "&allow-offline=true&f=true", body(two.bytes()))
                    .statusCode()).isEqualTo(200);
            assertThat(n.post("name/get", "arg=" + name).body()).isEqualTo(two.bytes());

            HttpResponse<byte[]> noFile = n.post("name/put", "arg=" + name + "&allow-offline=true");
            assertThat(noFile.statusCode()).isEqualTo(400);
            HttpResponse<byte[]> both = n.postMultipart("name/put",
                    "arg=" + name + "&allow-offline=true&allow-delegated=true", body(four.bytes()));
            assertThat(RpcTestNode.json(both).path("Message").asText()).contains("cannot use both");
            HttpResponse<byte[]> delegated = n.postMultipart("name/put", "arg=" + name + "&allow-delegated=true",
                    body(four.bytes()));
            assertThat(RpcTestNode.json(delegated).path("Message").asText()).contains("no delegated publishers");
            HttpResponse<byte[]> badName = n.post("name/get", "arg=nope");
            assertThat(badName.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(badName).path("Message").asText()).startsWith("invalid IPNS name");
            assertThat(n.post("name/get", "").statusCode()).isEqualTo(400);
        }
    }
}
