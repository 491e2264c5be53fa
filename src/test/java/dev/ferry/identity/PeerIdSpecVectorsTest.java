package dev.ferry.identity;

import static dev.ferry.identity.SpecVectors.HEX;
import static dev.ferry.identity.SpecVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Multibase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** libp2p peer-ids spec vectors (vectors/identity/peer-id-spec.json) and the peer IDs derived from them. */
class PeerIdSpecVectorsTest {
    private static final JsonNode FILE = SpecVectors.load("peer-id-spec.json");

    static List<JsonNode> keys() {
        List<JsonNode> out = new ArrayList<>();
        FILE.get("keys").forEach(out::add);
        return out;
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("keys")
    void publicKeyRoundTripsAndDerivesThePeerId(JsonNode v) {
        byte[] pub = hex(v, "public");
        PublicKey key = PublicKey.unmarshal(pub);
        assertThat(key.type()).isEqualTo(KeyType.valueOf(v.get("type").asText()));
        assertThat(key.marshal()).isEqualTo(pub);
        assertThat(PublicKey.of(key.type(), key.raw())).isEqualTo(key);

        PeerId id = PeerId.fromPublicKey(key);
        String text = v.get("peerId").asText();
        assertThat(id.toString()).isEqualTo(text);
        assertThat(PeerId.parse(text)).isEqualTo(id);
        assertThat(PeerId.fromBytes(id.bytes())).isEqualTo(id);
        assertThat(id.matches(key)).isTrue();
        if (!v.get("cidBase32").isNull()) {
            assertThat(id.toCidString(Multibase.BASE32)).isEqualTo(v.get("cidBase32").asText());
            assertThat(id.toCidString(Multibase.BASE36)).isEqualTo(v.get("cidBase36").asText());
            assertThat(PeerId.parse(v.get("cidBase32").asText())).isEqualTo(id);
            assertThat(PeerId.parse(v.get("cidBase36").asText())).isEqualTo(id);
        }
        boolean inline = pub.length <= 42;
        assertThat(id.bytes()[0]).isEqualTo(inline ? (byte) 0x00 : (byte) 0x12);
        assertThat(id.extractPublicKey()).isEqualTo(inline ? java.util.Optional.of(key) : java.util.Optional.empty());
        assertThat(PeerId.parse(text).extractPublicKey().isPresent()).isEqualTo(inline);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("keys")
    void privateKeyMatchesItsPublicKey(JsonNode v) {
        if (v.get("private").isNull()) {
            return;
        }
        byte[] priv = hex(v, "private");
        PrivateKey key = PrivateKey.unmarshal(priv);
        assertThat(key.marshal()).isEqualTo(priv);
        assertThat(key.publicKey().marshal()).isEqualTo(hex(v, "public"));
        Identity identity = Identity.fromPrivateKey(key);
        if (key.type() == KeyType.RSA) {
            assertThat(((RsaPublicKey) key.publicKey()).bits()).isEqualTo(4096);
        }
        if (key.type() == KeyType.RSA || key.type() == KeyType.ECDSA) {
            assertThatThrownBy(identity::did).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(identity.peerId().toString()).isEqualTo(v.get("peerId").asText());
        byte[] msg = "some bytes".getBytes(StandardCharsets.UTF_8);
        assertThat(key.publicKey().verify(msg, key.sign(msg))).isTrue();
        assertThat(key.toString()).doesNotContain(HEX.formatHex(priv, 4, 20));
    }

    @Test
    void signaturesMatchJsLibp2p() {
        JsonNode sigs = FILE.get("signatures");
        byte[] msg = sigs.get("message").asText().getBytes(StandardCharsets.UTF_8);
        for (JsonNode v : keys()) {
            String name = v.get("name").asText();
            if (!sigs.has(name)) {
                continue;
            }
            PrivateKey key = PrivateKey.unmarshal(hex(v, "private"));
            byte[] expected = hex(sigs, name);
            assertThat(HEX.formatHex(key.sign(msg))).as(name).isEqualTo(HEX.formatHex(expected));
            assertThat(key.publicKey().verify(msg, expected)).isTrue();
            byte[] other = msg.clone();
            other[0] ^= 1;
            assertThat(key.publicKey().verify(other, expected)).isFalse();
        }
    }

    @Test
    void specTextForms() {
        for (JsonNode t : FILE.get("textForms")) {
            PeerId id = PeerId.parse(t.get("text").asText());
            assertThat(HEX.formatHex(id.bytes())).isEqualTo(t.get("multihash").asText());
        }
        assertThat(PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"))
                .isEqualTo(PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe"));
        // All-zero Ed25519 seed (SPECS §7).
        assertThat(PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(new byte[32]).publicKey()).toString())
                .isEqualTo("12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN");
    }

    @Test
    void legacyEd25519PrivateForm() {
        JsonNode ed = keys().get(0);
        byte[] data = java.util.Arrays.copyOfRange(hex(ed, "private"), 4, 68);
        byte[] legacy = new byte[96];
        System.arraycopy(data, 0, legacy, 0, 64);
        System.arraycopy(data, 32, legacy, 64, 32);
        PrivateKey key = PrivateKey.unmarshal(KeyProto.encode(KeyType.ED25519, legacy));
        assertThat(key.marshal()).isEqualTo(hex(ed, "private")); // re-encoded in the preferred 64-byte form
        legacy[95] ^= 1;
        assertThatThrownBy(() -> PrivateKey.unmarshal(KeyProto.encode(KeyType.ED25519, legacy)))
                .isInstanceOf(KeyFormatException.class);
        byte[] wrongPub = data.clone();
        wrongPub[40] ^= 1;
        assertThatThrownBy(() -> PrivateKey.unmarshal(KeyProto.encode(KeyType.ED25519, wrongPub)))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("does not match");
    }
}
