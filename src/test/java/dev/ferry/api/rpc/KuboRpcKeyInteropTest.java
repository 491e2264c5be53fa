package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.Ed25519PublicKey;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKeyFormat;
import dev.ferry.testing.NodeJs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key exported by ferry is read by @libp2p/crypto (same peer ID, a signature ferry made verifies with Kubo's
 * prefix) and, as PEM, by node:crypto; keys made by @libp2p/crypto and node:crypto import into ferry with the IDs
 * those libraries give them; kubo-rpc-client renames a key. Its {@code key.import} sends js-ipfs's query form
 * (a password-protected PEM in the query), which Kubo does not take either: ferry refuses it.
 */
@Tag("interop")
@Timeout(120)
class KuboRpcKeyInteropTest {
    @TempDir
    Path tmp;

    private static byte[] file(byte[] content) {
        return new RpcTestNode.Multipart().file("key", content).build();
    }

    @Test
    void keysGoBothWaysBetweenFerryAndTheJsLibraries() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("n"))) {
            String name = RpcTestNode.json(n.post("key/gen", "arg=made-by-ferry")).path("Id").asText();
            byte[] protobuf = n.post("key/export", "arg=made-by-ferry").body();
            byte[] pem = n.post("key/export", "arg=made-by-ferry&format=pem-pkcs8-cleartext").body();
            String data = "signed by ferry " + System.nanoTime();
            String sig = RpcTestNode.json(n.postMultipart("key/sign", "key=made-by-ferry",
                    file(data.getBytes(StandardCharsets.UTF_8)))).path("Signature").asText();
            PeerId id = dev.ferry.routing.ipns.IpnsName.parse(name).peerId();

            String url = "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0";
            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(90), new byte[0], "rpc/key-client.mjs",
                    url, "made-by-ferry", Base64.getEncoder().encodeToString(protobuf),
                    Base64.getEncoder().encodeToString(pem), sig, data));

            assertThat(out.path("exportedType").asText()).isEqualTo("Ed25519");
            assertThat(out.path("exportedPeerId").asText()).isEqualTo(id.toString());
            assertThat(out.path("ferrySignatureValid").asBoolean()).isTrue();
            assertThat(out.path("ferrySignatureValidWithoutPrefix").asBoolean()).isFalse();
            byte[] ferryPublic = PrivateKeyFormat.PEM_PKCS8_CLEARTEXT.decode(pem).publicKey().raw();
            assertThat(Base64.getUrlDecoder().decode(out.path("pemPublicX").asText())).isEqualTo(ferryPublic);

            // keys made by @libp2p/crypto: the same peer IDs here
            for (JsonNode made : out.path("made")) {
                String type = made.path("type").asText();
                JsonNode imported = RpcTestNode.json(n.postMultipart("key/import", "arg=js-" + type,
                        file(Base64.getDecoder().decode(made.path("protobuf").asText()))));
                assertThat(imported.path("Name").asText()).as(imported.toString()).isEqualTo("js-" + type);
                assertThat(dev.ferry.routing.ipns.IpnsName.parse(imported.path("Id").asText()).peerId().toString())
                        .as(type).isEqualTo(made.path("peerId").asText());
            }
            String jsEd25519 = out.path("made").get(0).path("peerId").asText();
            JsonNode verified = RpcTestNode.json(n.postMultipart("key/verify",
                    "key=" + jsEd25519 + "&signature=" + out.path("jsSignature").asText(),
                    file(data.getBytes(StandardCharsets.UTF_8))));
            assertThat(verified.path("SignatureValid").asBoolean()).as(verified.toString()).isTrue();

            // an Ed25519 PEM made by node:crypto (OpenSSL)
            JsonNode fromPem = RpcTestNode.json(n.postMultipart("key/import", "arg=node-pem&format=pem-pkcs8-cleartext",
                    file(out.path("nodePem").asText().getBytes(StandardCharsets.US_ASCII))));
            PeerId expected = PeerId.fromPublicKey(
                    Ed25519PublicKey.of(Base64.getUrlDecoder().decode(out.path("nodePemPublicX").asText())));
            assertThat(dev.ferry.routing.ipns.IpnsName.parse(fromPem.path("Id").asText()).peerId()).isEqualTo(expected);

            // kubo-rpc-client's key.rename
            assertThat(out.path("rename").path("was").asText()).isEqualTo("made-by-ferry");
            assertThat(out.path("rename").path("now").asText()).isEqualTo("renamed-by-client");
            assertThat(out.path("rename").path("id").asText()).isEqualTo(name);
            assertThat(out.path("rename").path("overwrite").asBoolean()).isFalse();
            assertThat(out.path("names").toString()).contains("\"renamed-by-client\"").doesNotContain("made-by-ferry");
            assertThat(out.path("clientImport").asText()).contains("unknown options \"password\", \"pem\"");
        }
    }
}
