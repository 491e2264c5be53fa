package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.identity.PrivateKeyFormat;
import dev.ferry.routing.ipns.IpnsName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code key/rename}, {@code key/export}, {@code key/import}, {@code key/sign} and {@code key/verify}: Kubo's JSON. */
@Timeout(60)
class KeyRpcTest {
    @TempDir
    Path tmp;

    @Test
    void renameExportImportSignAndVerify() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("n"))) {
            String id = RpcTestNode.json(n.post("key/gen", "arg=a")).path("Id").asText();
            RpcTestNode.json(n.post("key/gen", "arg=b"));

            var refused = n.post("key/rename", "arg=a&arg=b");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(refused).path("Message").asText()).contains("refusing to overwrite");
            JsonNode renamed = RpcTestNode.json(n.post("key/rename", "arg=a&arg=b&force=true"));
            assertThat(renamed.toString())
                    .isEqualTo("{\"Was\":\"a\",\"Now\":\"b\",\"Id\":\"" + id + "\",\"Overwrite\":true}");
            assertThat(n.post("key/rename", "arg=b").statusCode()).isEqualTo(400);

            var exported = n.post("key/export", "arg=b");
            assertThat(exported.statusCode()).isEqualTo(200);
            PrivateKey key = PrivateKey.unmarshal(exported.body());
            var pem = n.post("key/export", "arg=b&format=pem-pkcs8-cleartext");
            assertThat(PrivateKeyFormat.PEM_PKCS8_CLEARTEXT.decode(pem.body())).isEqualTo(key);
            assertThat(RpcTestNode.json(n.post("key/export", "arg=self")).path("Message").asText())
                    .isEqualTo("cannot export key with name 'self'");

            var imported = n.postMultipart("key/import", "arg=c&format=pem-pkcs8-cleartext",
                    new RpcTestNode.Multipart().file("b.pem", pem.body()).build());
            assertThat(RpcTestNode.text(imported)).isEqualTo("{\"Name\":\"c\",\"Id\":\"" + id + "\"}");
            var noFile = n.post("key/import", "arg=d");
            assertThat(noFile.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(noFile).path("Message").asText()).contains("\"key\" is required");
            List<String> names = RpcTestNode.json(n.post("key/list", "")).findValuesAsText("Name");
            assertThat(names).containsExactly("self", "b", "c");

            byte[] data = "data".getBytes(StandardCharsets.UTF_8);
            JsonNode signed = RpcTestNode.json(n.postMultipart("key/sign", "key=c",
                    new RpcTestNode.Multipart().file("", data).build()));
            assertThat(signed.path("Key").toString()).isEqualTo("{\"Name\":\"c\",\"Id\":\"" + id + "\"}");
            String sig = signed.path("Signature").asText();
            JsonNode verified = RpcTestNode.json(n.postMultipart("key/verify", "key=" + id + "&signature=" + sig,
                    new RpcTestNode.Multipart().file("", data).build()));
            assertThat(verified.toString())
                    .isEqualTo("{\"Key\":{\"Name\":\"\",\"Id\":\"" + id + "\"},\"SignatureValid\":true}");
            JsonNode wrongKey = RpcTestNode.json(n.postMultipart("key/verify", "signature=" + sig,
                    new RpcTestNode.Multipart().file("", data).build()));
            assertThat(wrongKey.path("Key").path("Name").asText()).isEqualTo("self");
            assertThat(wrongKey.path("SignatureValid").asBoolean()).isFalse();
            var badSig = n.postMultipart("key/verify", "signature=%21nope",
                    new RpcTestNode.Multipart().file("", data).build());
            assertThat(badSig.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void ecdsaKeysGoThroughPemAndSecp256k1KeysAreRefusedAsKuboRefusesThem() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("n"))) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            var pair = g.generateKeyPair();
            byte[] pem = ("-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
            var refused = n.postMultipart("key/import", "arg=ec&format=pem-pkcs8-cleartext",
                    new RpcTestNode.Multipart().file("ec.pem", pem).build());
            assertThat(RpcTestNode.json(refused).path("Message").asText())
                    .contains("key type ECDSA is not allowed to be imported");
            String id = RpcTestNode.json(n.postMultipart("key/import",
                    "arg=ec&format=pem-pkcs8-cleartext&allow-any-key-type=true",
                    new RpcTestNode.Multipart().file("ec.pem", pem).build())).path("Id").asText();
            var exported = n.post("key/export", "arg=ec&format=pem-pkcs8-cleartext");
            assertThat(exported.statusCode()).isEqualTo(200);
            PrivateKey key = PrivateKeyFormat.PEM_PKCS8_CLEARTEXT.decode(exported.body());
            assertThat(key.publicKey().raw()).isEqualTo(pair.getPublic().getEncoded());
            assertThat(new IpnsName(PeerId.fromPublicKey(key.publicKey())).toString()).isEqualTo(id);

            RpcTestNode.json(n.post("key/gen", "arg=k1&type=secp256k1"));
            var secp = n.post("key/export", "arg=k1&format=pem-pkcs8-cleartext");
            assertThat(secp.statusCode()).isNotEqualTo(200);
            assertThat(RpcTestNode.json(secp).path("Message").asText()).startsWith(
                    "marshalling key to PKCS8 format: unknown key type while marshaling PKCS#8: SECP256K1");
            assertThat(n.post("key/export", "arg=k1").statusCode()).isEqualTo(200);
        }
    }
}
